import { startImport } from '../../../shared/app/import/start-import.js';
import { conflict } from '../../../shared/http/errors.js';
import { json } from '../../../shared/http/responses.js';
import { callerImport, type Route } from '../request.js';
import { importView } from '../import-view.js';

/** POST /imports/{id}/importer: 202 started; 200 unchanged (importing, imported or finished); 409 from other states. */
export const startImportRoute: Route = async (event, { stores, runtime }) => {
  const outcome = await startImport(stores, runtime, await callerImport(event, stores));
  if (outcome.kind === 'refused') throw conflict('ETAT_INCOMPATIBLE', outcome.message, { statut: outcome.statut });
  return json(outcome.kind === 'started' ? 202 : 200, importView(outcome.record));
};
