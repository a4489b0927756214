import type { ArchiveFile, ArchiveRecord } from '../../domain/archive-record.js';
import { ARCHIVE_VERDICT } from '../../domain/import-lifecycle.js';
import { ReceivedDocuments } from '../../domain/received-documents.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { Stores } from '../../ports/stores.js';
import { attachmentKey } from '../object-keys.js';

/**
 * Once an archive is TRAITEE: removes the copies, kept by archives that were judged TRAITEE as well, of
 * the documents it brought that are no longer the copy kept (SPEC §7: a document received again
 * replaces the earlier copy). The archive's own copy goes too when a later archive, judged first,
 * holds the document. Only what the archives' verdicts say is no longer the kept copy is removed,
 * and a verdict is final: a listing that lags keeps more, never less. Best effort: a copy left
 * behind is never read (received-documents.ts decides which copy is the document), so a failure
 * here is ignored and the verdict stands.
 */
export async function dropReplacedCopies(stores: Pick<Stores, 'archives' | 'objects'>, archive: Pick<ArchiveRecord, 'siret' | 'identifiantImport'>, brought: readonly ArchiveFile[]): Promise<number> {
  try {
    const archives = await stores.archives.listOfImport(archive.identifiantImport);
    const received = new ReceivedDocuments(archives);
    const documents = new Set(brought.flatMap((f) => (f.statut === 'ACCEPTE' && f.numeroDossier && f.nomFichier ? [`${f.numeroDossier}/${f.nomFichier}`] : [])));
    const replaced = new Set<string>();
    for (const other of archives.filter((a) => a.statut === ARCHIVE_VERDICT.judged)) {
      for (const f of other.fichiers) {
        if (f.statut !== 'ACCEPTE' || !f.numeroDossier || !f.nomFichier || !documents.has(`${f.numeroDossier}/${f.nomFichier}`)) continue;
        if (received.holder(f.numeroDossier, f.nomFichier) === other.identifiant) continue;
        replaced.add(attachmentKey(archive.siret, archive.identifiantImport, other.identifiant, f.numeroDossier, f.nomFichier));
      }
    }
    await mapLimit([...replaced], 8, (key) => stores.objects.remove('documents', key));
    return replaced.size;
  } catch {
    return 0;
  }
}
