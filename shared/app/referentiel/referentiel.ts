import type { Fournisseur } from '../../domain/referentiel.js';
import type { Stores } from '../../ports/stores.js';

/** `GET /referentiel/solutions`: the supplier's solutions and enrolment status; undefined for a supplier the reference data does not know. */
export function supplierSolutions(stores: Pick<Stores, 'referentiel'>, siret: string): Promise<Fournisseur | undefined> {
  return stores.referentiel.findFournisseur(siret);
}

/** `segur referentiel load`: every supplier and its solutions, upserted (loading the same file twice changes nothing). */
export function loadReferentiel(stores: Pick<Stores, 'referentiel'>, suppliers: readonly Fournisseur[]): Promise<void> {
  return stores.referentiel.upsertFournisseurs(suppliers);
}
