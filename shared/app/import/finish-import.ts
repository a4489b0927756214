import { parisTimestamp } from '../../domain/dates.js';
import { REQUEST_MOVE_AT_FINISH, archivesBlockFinish, decide, moveOf } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import { missingDocuments } from '../../domain/demande-record.js';
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
 * requests go INCOMPLETE → EN_COURS and the import TERMINE. Again on TERMINE, nothing changes.
 */
export async function finishImport(stores: Stores, runtime: Runtime, record: ImportRecord): Promise<FinishOutcome> {
  const decision = decide('terminer', record);
  if (decision.kind === 'refused') return { kind: 'refused', message: decision.message, statut: record.statut };
  if (decision.kind === 'unchanged') return { kind: 'unchanged', record };

  const busy = archivesBlockFinish(await stores.archives.listOfImport(record.identifiant), runtime.now());
  if (busy) return { kind: 'busy', ...busy };
  const requests = await stores.demandes.getMany(record.dossiers ?? []);
  const manquantes = missingDocuments(requests);
  if (manquantes.length > 0) {
    const n = manquantes.length;
    const message = `${n} pièce${n > 1 ? 's' : ''} justificative${n > 1 ? 's' : ''} manque${n > 1 ? 'nt' : ''} encore : envoyez-les dans une archive ZIP avant de terminer`;
    return { kind: 'missing', message, manquantes };
  }
  // Requests first, the import last: a retry after a failure between the two finishes the job.
  await mapLimit(requests, 16, (r) => stores.demandes.move(r.numeroDossier, REQUEST_MOVE_AT_FINISH.from, REQUEST_MOVE_AT_FINISH.to));
  const { from, to } = moveOf('terminer');
  const finished = await stores.imports.transition(record.identifiant, from, { set: { statut: to, dateFin: parisTimestamp(runtime.now()) } });
  return { kind: 'finished', record: finished ?? (await stores.imports.get(record.identifiant))! };
}
