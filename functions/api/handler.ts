import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { ApiError } from '../../shared/http/errors.js';
import { apiErrorResponse } from '../../shared/http/error-response.js';
import { apiInvocationKeys } from '../../shared/http/identity.js';
import type { ApiResponse } from '../../shared/http/responses.js';
import { appendInvocationKeys } from '../../shared/observability/log-keys.js';
import { logger } from '../../shared/observability/logger.js';
import { tracer } from '../../shared/observability/tracer.js';
import { awsServices } from '../services.js';
import type { ApiEvent } from './request.js';
import type { RouteKey } from './route-keys.js';
import { ROUTES } from './routes.js';

/** The HTTP API (middy): the caller's SIRET and the import of the path as log keys; errors mapped to responses. */
export const handler = middy<ApiEvent, ApiResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(appendInvocationKeys(logger, apiInvocationKeys))
  .use(apiErrorResponse(logger))
  .handler(async (event) => {
    const route = ROUTES[event.routeKey as RouteKey] as (typeof ROUTES)[RouteKey] | undefined;
    if (!route) throw new ApiError(404, 'INTROUVABLE', `Route inconnue : ${event.routeKey}`);
    return route(event, awsServices());
  });
