import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { S3Event } from 'aws-lambda';
import { ownerOfKey } from '../shared/app/object-keys.js';
import { decodeEventKey, type UploadedObject } from '../shared/app/uploads.js';
import { appendInvocationKeys } from '../shared/observability/log-keys.js';
import { logger } from '../shared/observability/logger.js';
import { tracer } from '../shared/observability/tracer.js';
import { awsServices, type Services } from './services.js';


type Outcome = { kind: string; error?: unknown };

/**
 * A function on S3 ObjectCreated events (middy): each record's object to the use case, its
 * outcome logged and counted (`measure`); the import and SIRET the key names are log keys of
 * every line; the invocation traced. A failure is logged and rethrown, so that the platform
 * retries the event.
 */
export function s3Handler<O extends Outcome>(subject: string, work: (services: Services, object: UploadedObject) => Promise<O>, measure: (outcome: O) => void) {
  return middy<S3Event, void>()
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(appendInvocationKeys(logger, (event: S3Event) => ownerOfKey(decodeEventKey(event.Records[0]?.s3.object.key ?? ''))))
    .handler(async (event) => {
      for (const record of event.Records) {
        const object = { key: decodeEventKey(record.s3.object.key), size: record.s3.object.size };
        try {
          const outcome = await work(awsServices(), object);
          logOutcome(subject, object.key, outcome);
          measure(outcome);
        } catch (error) {
          logger.error(`${subject}: attempt failed`, { key: object.key, error: error as Error });
          throw error;
        }
      }
    });
}

function logOutcome(subject: string, key: string, { kind, error, ...details }: Outcome): void {
  const message = `${subject}: ${kind}`;
  if (kind === 'gaveUp') logger.error(message, { key, ...details, error: error as Error });
  else if (kind === 'ignored' || kind === 'superseded') logger.warn(message, { key, ...details });
  else logger.info(message, details);
}
