import { json } from '../../../shared/http/responses.js';
import { callerImport, type Route } from '../request.js';
import { importView } from '../import-view.js';

/** GET /imports/{id}: one of the caller's imports. */
export const getImportRoute: Route = async (event, { stores }) => json(200, importView(await callerImport(event, stores)));
