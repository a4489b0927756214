import type { ArchiveRecord } from '../../domain/archive-record.js';
import { MAX_ARCHIVE_BYTES } from '../../domain/attachments.js';
import { parisTimestamp } from '../../domain/dates.js';
import { NEW_ARCHIVE_STATUS, decide, type ImportStatus } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { PresignedUpload } from '../../ports/object-store.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { archiveKey } from '../object-keys.js';
import { UPLOAD_EXPIRY_SECONDS } from '../uploads.js';

export type CreateArchiveOutcome =
  | { kind: 'created'; archive: ArchiveRecord; televersement: PresignedUpload }
  | { kind: 'refused'; message: string; statut: ImportStatus };

/** `POST /imports/{id}/pieces-jointes`: an archive waiting for its upload, and a presigned upload for one ZIP (≤ 20 MB). */
export async function createArchiveUpload(stores: Stores, runtime: Runtime, record: ImportRecord, nomArchive: string): Promise<CreateArchiveOutcome> {
  const decision = decide('joindre', record);
  if (decision.kind === 'refused') return { kind: 'refused', message: decision.message, statut: record.statut };
  const now = runtime.now();
  const identifiant = await stores.sequences.next('archives');
  const key = archiveKey(record.siret, record.identifiant, identifiant);
  const televersement = await stores.objects.presignUpload('televersements', key, MAX_ARCHIVE_BYTES, UPLOAD_EXPIRY_SECONDS, now);
  const archive: ArchiveRecord = {
    identifiantImport: record.identifiant,
    identifiant,
    siret: record.siret,
    nomArchive,
    statut: NEW_ARCHIVE_STATUS,
    dateDepot: parisTimestamp(now),
    creeLe: now.toISOString(),
    fichiers: [],
  };
  await stores.archives.create(archive);
  return { kind: 'created', archive, televersement };
}
