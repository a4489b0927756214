import { isDossierNumber } from '../../domain/dossier.js';
import type { DemandeRecord } from '../../domain/demande-record.js';
import { ReceivedDocuments, type ExpectedDocumentReceipt } from '../../domain/received-documents.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { DemandeFilters } from '../../ports/demande-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import type { Stores } from '../../ports/stores.js';

/** A request with its expected documents, each received or not (read from its import's archives). */
export type DemandeWithReceipts = Omit<DemandeRecord, 'piecesAttendues'> & { piecesAttendues: ExpectedDocumentReceipt[] };

type Readers = Pick<Stores, 'demandes' | 'archives'>;

/** One of the supplier's requests; undefined alike for an unknown one and another supplier's. */
export async function findSupplierDemande(stores: Readers, siret: string, numeroDossier: string): Promise<DemandeWithReceipts | undefined> {
  const record = isDossierNumber(numeroDossier) ? await stores.demandes.get(numeroDossier) : undefined;
  return record && record.siret === siret ? (await withReceipts(stores, [record]))[0] : undefined;
}

/** A supplier's requests, newest first, `limit` at most, after `after` when paging. */
export async function listDemandes(stores: Readers, siret: string, filters: DemandeFilters, limit: number, after?: PagePosition): Promise<Page<DemandeWithReceipts>> {
  const page = await stores.demandes.list(siret, filters, limit, after);
  return { ...page, elements: await withReceipts(stores, page.elements) };
}

/** The requests with their receipts: one read of the archives per import among them. */
async function withReceipts(stores: Readers, records: readonly DemandeRecord[]): Promise<DemandeWithReceipts[]> {
  const imports = [...new Set(records.map((r) => r.identifiantImport))];
  const received = new Map(await mapLimit(imports, 8, async (id) => [id, new ReceivedDocuments(await stores.archives.listOfImport(id))] as const));
  return records.map((r) => ({ ...r, piecesAttendues: received.get(r.identifiantImport)!.of(r) }));
}
