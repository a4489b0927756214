import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { findSupplierImport } from '../../shared/app/import/queries.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import { badRequest, notFound } from '../../shared/http/errors.js';
import { callerSiret, pathImportId } from '../../shared/http/identity.js';
import type { ApiResponse } from '../../shared/http/responses.js';
import type { Stores } from '../../shared/ports/stores.js';
import type { Services } from '../services.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** A route: parse the request, call a use case, map its result to a response. */
export type Route = (event: ApiEvent, services: Services) => Promise<ApiResponse>;

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
export async function callerImport(event: ApiEvent, stores: Stores): Promise<ImportRecord> {
  const siret = callerSiret(event);
  const id = pathImportId(event);
  const record = id === undefined ? undefined : await findSupplierImport(stores, siret, id);
  if (!record) throw notFound(`Import ${event.pathParameters?.id ?? ''} introuvable`);
  return record;
}
