import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';

/** The keys every log line of an invocation carries: the import it works on and its supplier. */
export interface InvocationKeys {
  identifiant?: number;
  siret?: string;
}

/**
 * A middy middleware that appends the invocation's keys to every log line. Use it after
 * Powertools' `injectLambdaContext(logger, { resetKeys: true })`, which drops them at the end.
 */
export function appendInvocationKeys<E>(logger: Logger, keysOf: (event: E) => InvocationKeys | undefined): MiddlewareObj<E> {
  return {
    before(request) {
      const keys = keysOf(request.event);
      if (keys) logger.appendKeys({ ...keys });
    },
  };
}
