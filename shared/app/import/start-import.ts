import { commitHasStopped, decide, isBeingImported, moveOf } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { importKey } from '../object-keys.js';
import type { ActionOutcome } from './action-outcome.js';

/**
 * `POST /imports/{id}/importer`: commits a SIMULATION_VALIDE import without a new upload: it moves
 * to IMPORT_EN_COURS, then the simulated file is copied under `imports/`, whose event runs the
 * commit. Asked again while importing or once imported, it changes nothing — except that an import
 * whose commit has stopped is sent again (replaying is harmless). Refused from any other state.
 */
export async function startImport(stores: Stores, runtime: Runtime, record: ImportRecord): Promise<ActionOutcome<'started'>> {
  const decision = decide('importer', record);
  if (decision.kind === 'refused') return { kind: 'refused', message: decision.message, statut: record.statut };
  if (decision.kind === 'unchanged') {
    return { kind: 'unchanged', record: isBeingImported(record.statut) ? await resumeIfStopped(stores, runtime, record) : record };
  }
  const { from, to } = moveOf('importer');
  const started = await stores.imports.transition(record.identifiant, from, {
    set: { statut: to, debutImport: runtime.now().toISOString() },
    remove: ['erreurTechnique'],
  });
  if (!started) return startImport(stores, runtime, (await stores.imports.get(record.identifiant))!);
  await sendToCommit(stores, started);
  return { kind: 'started', record: started };
}

/**
 * An import whose commit failed for good, whose file never reached `imports/`, or whose commit
 * stopped past its lease (a timeout records nothing) is sent to the commit again.
 */
async function resumeIfStopped(stores: Stores, runtime: Runtime, record: ImportRecord): Promise<ImportRecord> {
  const copied = (await stores.objects.size('televersements', importKey(record.siret, record.identifiant))) !== undefined;
  const now = runtime.now();
  if (!commitHasStopped(record, copied, now)) return record;
  const resumed = await stores.imports.transition(record.identifiant, record.statut, {
    set: { tentativesImport: 0, debutImport: now.toISOString() },
    remove: ['erreurTechnique'],
  });
  if (!resumed) return (await stores.imports.get(record.identifiant))!;
  await sendToCommit(stores, resumed);
  return resumed;
}

async function sendToCommit(stores: Stores, record: ImportRecord): Promise<void> {
  await stores.objects.copy('documents', record.cleFichier!, 'televersements', importKey(record.siret, record.identifiant));
}
