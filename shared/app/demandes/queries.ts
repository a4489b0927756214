import { isDossierNumber } from '../../domain/dossier.js';
import type { DemandeRecord } from '../../domain/demande-record.js';
import type { DemandeFilters } from '../../ports/demande-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import type { Stores } from '../../ports/stores.js';

/** One of the supplier's requests; undefined alike for an unknown one and another supplier's. */
export async function findSupplierDemande(stores: Pick<Stores, 'demandes'>, siret: string, numeroDossier: string): Promise<DemandeRecord | undefined> {
  const record = isDossierNumber(numeroDossier) ? await stores.demandes.get(numeroDossier) : undefined;
  return record && record.siret === siret ? record : undefined;
}

/** A supplier's requests, newest first, `limit` at most, after `after` when paging. */
export function listDemandes(stores: Pick<Stores, 'demandes'>, siret: string, filters: DemandeFilters, limit: number, after?: PagePosition): Promise<Page<DemandeRecord>> {
  return stores.demandes.list(siret, filters, limit, after);
}
