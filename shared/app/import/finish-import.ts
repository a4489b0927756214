import { parisTimestamp } from '../../domain/dates.js';
import { ARCHIVE_PERMIT, REQUEST_MOVE_AT_FINISH, archivesBlockFinish, decide, finishBlocked, moveOf, permitsAt } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { DemandeRecord } from '../../domain/demande-record.js';
import { ReceivedDocuments } from '../../domain/received-documents.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import type { ActionOutcome } from './action-outcome.js';

export type FinishOutcome =
  | ActionOutcome<'finished'>
  /** Documents are still expected (409 PIECES_MANQUANTES). */
  | { kind: 'missing'; message: string; manquantes: { numeroDossier: string; nomFichier: string }[] }
  /** An archive is being unpacked (409 ARCHIVES_EN_COURS, SPEC §7). */
  | { kind: 'busy'; code: 'ARCHIVES_EN_COURS'; message: string };

/**
 * `POST /imports/{id}/terminer` (SPEC §1 step 4): once every expected document is received, the
 * import goes TERMINE and its requests INCOMPLETE → EN_COURS. Again on TERMINE, nothing changes
 * (but requests a failed Finish left behind move on).
 *
 * Finish and archives never cross (SPEC §7): the move to TERMINE is one write, conditional on the
 * import holding no permit of an archive being unpacked (see ARCHIVE_PERMIT). Reading the archives
 * first only answers sooner. Permits past their deadline (an unpacking that crashed) are removed,
 * each on the value read, and the write is tried again.
 */
export async function finishImport(stores: Stores, runtime: Runtime, record: ImportRecord): Promise<FinishOutcome> {
  const decision = decide('terminer', record);
  if (decision.kind === 'refused') return { kind: 'refused', message: decision.message, statut: record.statut };
  if (decision.kind === 'unchanged') {
    await moveRequests(stores, await stores.demandes.getMany(record.dossiers ?? []));
    return { kind: 'unchanged', record };
  }

  const archives = await stores.archives.listOfImport(record.identifiant);
  const busy = archivesBlockFinish(archives, runtime.now());
  if (busy) return { kind: 'busy', ...busy };
  const requests = await stores.demandes.getMany(record.dossiers ?? []);
  const manquantes = new ReceivedDocuments(archives).missing(requests);
  if (manquantes.length > 0) {
    const n = manquantes.length;
    const message = `${n} pièce${n > 1 ? 's' : ''} justificative${n > 1 ? 's' : ''} manque${n > 1 ? 'nt' : ''} encore : envoyez-les dans une archive ZIP avant de terminer`;
    return { kind: 'missing', message, manquantes };
  }
  const { from, to } = moveOf('terminer');
  for (let attempt = 1; ; attempt++) {
    const now = runtime.now();
    const finished = await stores.imports.transitionWithoutPermits(record.identifiant, from, { set: { statut: to, dateFin: parisTimestamp(now) } });
    if (finished) {
      // The import first, its requests next: a Finish asked again moves those a failure left behind.
      await moveRequests(stores, requests);
      return { kind: 'finished', record: finished };
    }
    const current = (await stores.imports.get(record.identifiant))!;
    // moved meanwhile (another Finish): answered from its new state
    if (current.statut !== from) return finishImport(stores, runtime, current);
    const permits = permitsAt(current.archivesEnCours, now);
    if (permits.blocked) return { kind: 'busy', ...permits.blocked };
    // permits keep coming and going under it (a rare race): the supplier asks again
    if (attempt >= ARCHIVE_PERMIT.finishAttempts) return { kind: 'busy', ...finishBlocked(1) };
    for (const stale of permits.stale) await stores.imports.dropPermit(record.identifiant, stale);
  }
}

async function moveRequests(stores: Stores, requests: readonly DemandeRecord[]): Promise<void> {
  const { from, to } = REQUEST_MOVE_AT_FINISH;
  await mapLimit(
    requests.filter((r) => r.statut === from),
    16,
    (r) => stores.demandes.move(r.numeroDossier, from, to),
  );
}
