import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ApiError } from './errors.js';
import { errorResponse, json, type ApiResponse } from './responses.js';

/**
 * A middy middleware mapping a route's error to its response (SPEC §8): an ApiError to its status
 * and `{code, message, ...details}`; anything else to 500 ERREUR_INTERNE, logged, and never shown.
 */
export function apiErrorResponse(logger: Logger): MiddlewareObj<Pick<APIGatewayProxyEventV2, 'routeKey'>, ApiResponse> {
  return {
    onError(request) {
      const error = request.error;
      if (error instanceof ApiError) {
        request.response = errorResponse(error);
        return;
      }
      logger.error('unexpected API failure', { routeKey: request.event.routeKey, error: error as Error });
      request.response = json(500, { code: 'ERREUR_INTERNE', message: 'Erreur interne du service ; réessayez dans quelques instants' });
    },
  };
}
