import type { Fournisseur } from '../domain/referentiel.js';

/** Reference data (table `Referentiel`): suppliers ("fournisseurs") and their solutions. */
export interface ReferentielStore {
  findFournisseur(siret: string): Promise<Fournisseur | undefined>;
  /** Upsert by SIRET and numéro ANS (SPEC §2): loading the same data twice changes nothing. */
  upsertFournisseurs(suppliers: readonly Fournisseur[]): Promise<void>;
}
