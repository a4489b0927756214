import { ApiError } from '../../shared/http/errors.js';
import { errorResponse, json, type ApiResponse } from '../../shared/http/responses.js';
import { logger } from '../../shared/observability/logger.js';
import type { ApiEvent } from './request.js';
import type { RouteKey } from './route-keys.js';
import { createImportRoute } from './routes/create-import.js';
import { getReturnFileRoute, getUploadedFileRoute } from './routes/download-file.js';
import { getImportRoute } from './routes/get-import.js';
import { getSchemaRoute } from './routes/get-schema.js';
import { listImportsRoute } from './routes/list-imports.js';
import { referentielSolutions } from './routes/referentiel-solutions.js';
import { getRequestRoute } from './routes/get-request.js';
import { listRequestsRoute } from './routes/list-requests.js';
import { startImportRoute } from './routes/start-import.js';
import { createArchiveRoute } from './routes/create-archive.js';
import { finishImportRoute } from './routes/finish-import.js';
import { listAttachmentsRoute } from './routes/list-attachments.js';

/** Each route's implementation (the stack declares the same keys; the local stack reads them from its template). */
export const ROUTES: Record<RouteKey, (event: ApiEvent) => Promise<ApiResponse>> = {
  'GET /referentiel/solutions': referentielSolutions,
  'POST /imports': (event) => createImportRoute(event),
  'GET /imports': listImportsRoute,
  'GET /imports/{id}': getImportRoute,
  'GET /imports/{id}/retour': getReturnFileRoute,
  'GET /imports/{id}/fichier': getUploadedFileRoute,
  'POST /imports/{id}/importer': startImportRoute,
  'POST /imports/{id}/pieces-jointes': (event) => createArchiveRoute(event),
  'GET /imports/{id}/pieces-jointes': listAttachmentsRoute,
  'POST /imports/{id}/terminer': finishImportRoute,
  'GET /demandes': listRequestsRoute,
  'GET /demandes/{numeroDossier}': getRequestRoute,
  'GET /schemas/{logiciel}': getSchemaRoute,
};

export async function handler(event: ApiEvent): Promise<ApiResponse> {
  const route = ROUTES[event.routeKey as RouteKey] as ((event: ApiEvent) => Promise<ApiResponse>) | undefined;
  try {
    if (!route) throw new ApiError(404, 'INTROUVABLE', `Route inconnue : ${event.routeKey}`);
    return await route(event);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    logger.error('unexpected API failure', { routeKey: event.routeKey, error: error as Error });
    return json(500, { code: 'ERREUR_INTERNE', message: 'Erreur interne du service ; réessayez dans quelques instants' });
  }
}
