import { isDossierNumber } from '../../../shared/domain/dossier.js';
import { notFound } from '../../../shared/http/errors.js';
import { callerSiret } from '../../../shared/http/identity.js';
import { json, type ApiResponse } from '../../../shared/http/responses.js';
import { getRequest } from '../../../shared/store/requests-repository.js';
import type { ApiEvent } from '../request.js';
import { requestView } from '../request-view.js';

/** GET /demandes/{numeroDossier}: one of the caller's requests; 404 alike for unknown and another supplier's. */
export async function getRequestRoute(event: ApiEvent): Promise<ApiResponse> {
  const siret = callerSiret(event);
  const numero = event.pathParameters?.numeroDossier ?? '';
  const record = isDossierNumber(numero) ? await getRequest(numero) : undefined;
  if (!record || record.siret !== siret) throw notFound(`Demande ${numero} introuvable`);
  return json(200, requestView(record));
}
