import { exportDemandes } from '../../../shared/app/exports/demandes-export.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { readDemandesExportQuery } from '../../../shared/http/listing-query.js';
import { downloadResponse } from '../download-response.js';
import type { Route } from '../request.js';

/** GET /exports/demandes: the caller's requests matching the filters of GET /demandes, as CSV (SPEC §8). */
export const exportDemandesRoute: Route = async (event, { stores, runtime }) => {
  const siret = callerSiret(event);
  const filters = readDemandesExportQuery(event.queryStringParameters ?? {});
  return downloadResponse(await exportDemandes(stores, runtime, siret, filters), event.headers?.accept);
};
