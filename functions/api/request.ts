import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import { badRequest, notFound } from '../../shared/http/errors.js';
import { callerSiret } from '../../shared/http/identity.js';
import { getSupplierImport } from '../../shared/store/imports-repository.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** The JSON body of a request; 400 when it is not JSON. */
export function jsonBody(event: ApiEvent): unknown {
  const raw = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('REQUETE_INVALIDE', 'Le corps de la requête doit être un objet JSON');
  }
}

/** The import named by the path, if it is the caller's: 404 alike for unknown and for another supplier's. */
export async function callerImport(event: ApiEvent): Promise<ImportRecord> {
  const siret = callerSiret(event);
  const id = event.pathParameters?.id ?? '';
  const record = /^[0-9]{1,12}$/.test(id) ? await getSupplierImport(Number(id), siret) : undefined;
  if (!record) throw notFound(`Import ${id} introuvable`);
  return record;
}
