import type { Supplier } from '../../domain/referentiel.js';
import type { Stores } from '../../ports/stores.js';

/** `GET /referentiel/solutions`: the supplier's solutions and enrolment status; undefined for a supplier the reference data does not know. */
export function supplierSolutions(stores: Pick<Stores, 'referentiel'>, siret: string): Promise<Supplier | undefined> {
  return stores.referentiel.findSupplier(siret);
}

/** `segur referentiel load`: every supplier and its solutions, upserted (loading the same file twice changes nothing). */
export function loadReferentiel(stores: Pick<Stores, 'referentiel'>, suppliers: readonly Supplier[]): Promise<void> {
  return stores.referentiel.upsertSuppliers(suppliers);
}
