import { finishImport } from '../../../shared/app/import/finish-import.js';
import { conflict } from '../../../shared/http/errors.js';
import { json } from '../../../shared/http/responses.js';
import { callerImport, type Route } from '../request.js';
import { importView } from '../import-view.js';

/** POST /imports/{id}/terminer: 200 finished or unchanged; 409 in another state, with documents missing, or while an archive is unpacked. */
export const finishImportRoute: Route = async (event, { stores, runtime }) => {
  const outcome = await finishImport(stores, runtime, await callerImport(event, stores));
  switch (outcome.kind) {
    case 'refused':
      throw conflict('ETAT_INCOMPATIBLE', outcome.message, { statut: outcome.statut });
    case 'missing':
      throw conflict('PIECES_MANQUANTES', outcome.message, { manquantes: outcome.manquantes });
    case 'busy':
      throw conflict(outcome.code, outcome.message);
    default:
      return json(200, importView(outcome.record));
  }
};
