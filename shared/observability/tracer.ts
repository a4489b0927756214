import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray traces of the functions (their HTTP calls, so every AWS SDK request, as subsegments).
 * Powertools turns itself off outside Lambda: on the local stack and in the tests it does nothing.
 */
export const tracer = new Tracer({ serviceName: 'segur-depot' });
