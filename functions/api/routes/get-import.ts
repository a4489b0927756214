import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { callerImport, type ApiEvent } from '../request.js';
import { importView } from '../import-view.js';

/** GET /imports/{id}: one of the caller's imports. */
export async function getImportRoute(event: ApiEvent): Promise<ApiResponse> {
  return json(200, importView(await callerImport(event)));
}
