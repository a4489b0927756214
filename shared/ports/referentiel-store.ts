import type { Supplier } from '../domain/referentiel.js';

/** Reference data (table `Referentiel`): suppliers ("fournisseurs") and their solutions. */
export interface ReferentielStore {
  findSupplier(siret: string): Promise<Supplier | undefined>;
  /** Upsert by SIRET and numéro ANS (SPEC §2): loading the same data twice changes nothing. */
  upsertSuppliers(suppliers: readonly Supplier[]): Promise<void>;
}
