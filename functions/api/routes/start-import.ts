import { config } from '../../../shared/config.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { conflict } from '../../../shared/http/errors.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { getImport, transition } from '../../../shared/store/imports-repository.js';
import { importKey } from '../../../shared/store/object-keys.js';
import { copyObject, objectSize } from '../../../shared/store/object-store.js';
import { callerImport, type ApiEvent } from '../request.js';
import { importView } from '../import-view.js';

/**
 * POST /imports/{id}/importer: commits a SIMULATION_VALIDE import without a new upload (202):
 * IMPORT_EN_COURS, then a copy of the simulated file under `imports/`, whose event runs `commit`.
 * Harmless when called again (200, nothing changes); 409 from any other state.
 */
export async function startImportRoute(event: ApiEvent): Promise<ApiResponse> {
  const record = await callerImport(event);
  if (record.statut === 'SIMULATION_VALIDE') {
    const started = await transition(
      record.identifiant,
      'SIMULATION_VALIDE',
      { statut: 'IMPORT_EN_COURS', debutImport: new Date().toISOString() },
      { remove: ['erreurTechnique'] },
    );
    if (started) {
      await sendToCommit(started);
      return json(202, importView(started));
    }
    return answerFor((await getImport(record.identifiant))!);
  }
  return answerFor(record);
}

async function answerFor(record: ImportRecord): Promise<ApiResponse> {
  switch (record.statut) {
    case 'IMPORT_EN_COURS':
      return json(200, importView(await resumeIfStopped(record)));
    case 'IMPORTE':
    case 'TERMINE':
      return json(200, importView(record));
    default:
      throw conflict(
        'ETAT_INCOMPATIBLE',
        `L'import ${record.identifiant} est à l'état ${record.statut} : seul un import SIMULATION_VALIDE peut être importé` +
          (record.statut === 'SIMULATION_EN_ERREUR' || record.statut === 'FORMAT_INVALIDE' ? ' ; corrigez le fichier et déposez-le à nouveau' : ''),
        { statut: record.statut },
      );
  }
}

/** Past this, an import still in progress has stopped (the commit's three attempts and their delays are long over). */
const STALLED_AFTER_MS = 20 * 60 * 1000;

/**
 * An import whose commit failed for good, whose file never reached `imports/`, or that stalled
 * (a commit stopped by a timeout records nothing) is sent again: replaying is harmless.
 */
async function resumeIfStopped(record: ImportRecord): Promise<ImportRecord> {
  const key = importKey(record.siret, record.identifiant);
  const copied = (await objectSize(config().uploadsBucket, key)) !== undefined;
  const stalled = record.debutImport !== undefined && Date.now() - Date.parse(record.debutImport) > STALLED_AFTER_MS;
  if (copied && !record.erreurTechnique && !stalled) return record;
  const resumed = await transition(
    record.identifiant,
    'IMPORT_EN_COURS',
    { tentativesImport: 0, debutImport: new Date().toISOString() },
    { remove: ['erreurTechnique'] },
  );
  if (!resumed) return (await getImport(record.identifiant))!;
  await sendToCommit(resumed);
  return resumed;
}

async function sendToCommit(record: ImportRecord): Promise<void> {
  const { documentsBucket, uploadsBucket } = config();
  await copyObject(documentsBucket, record.cleFichier!, uploadsBucket, importKey(record.siret, record.identifiant));
}
