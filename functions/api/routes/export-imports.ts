import { exportImports } from '../../../shared/app/exports/imports-export.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readImportsExportQuery } from '../../../shared/http/listing-query.js';
import { downloadResponse } from '../download-response.js';
import type { Route } from '../request.js';

/** GET /exports/imports: the caller's imports matching the filters of GET /imports, as CSV (SPEC §8). */
export const exportImportsRoute: Route = async (event, { stores, runtime }) => {
  const siret = callerSiret(event);
  const filters = readImportsExportQuery(event.queryStringParameters ?? {});
  return downloadResponse(await exportImports(stores, runtime, siret, filters), event.headers?.accept);
};
