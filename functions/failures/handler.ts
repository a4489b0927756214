import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { S3Event, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { giveUpFailedEvent } from '../../shared/app/recovery/give-up.js';
import { logger } from '../../shared/observability/logger.js';
import { tracer } from '../../shared/observability/tracer.js';
import { giveUpMetrics } from '../outcome-metrics.js';
import { decodeEventKey } from '../s3-handler.js';
import { awsServices } from '../services.js';

/** The object keys of a failure queue's message: its body is the S3 event whose deliveries all failed. */
export function failedEventKeys(body: string): string[] {
  let event: Partial<S3Event> | null;
  try {
    event = JSON.parse(body) as Partial<S3Event> | null;
  } catch {
    return []; // not an event of ours: nothing to give up, and asking again would not change it
  }
  const records = Array.isArray(event?.Records) ? event.Records : [];
  return records.flatMap((r) => (typeof r?.s3?.object?.key === 'string' ? [decodeEventKey(r.s3.object.key)] : []));
}

/**
 * The failure queues of simulate, commit and unzip (SQS): each event whose retries are exhausted
 * has its work given up for good (SPEC §6). A message whose work is still held under a live
 * lease, or that failed, is reported back: it comes again after the queue's visibility timeout.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        const keys = failedEventKeys(message.body);
        if (keys.length === 0) logger.warn('failure: a message without an S3 object key, dropped', { messageId: message.messageId });
        for (const key of keys) {
          const outcome = await giveUpFailedEvent(awsServices().stores, awsServices().runtime, key);
          if (outcome.kind === 'held') throw new Error(`still held under a live lease: ${key}`);
          logger.info(`failure: ${outcome.kind}`, { key, ...outcome });
          giveUpMetrics(outcome);
        }
      } catch (error) {
        logger.error('failure: not given up yet', { messageId: message.messageId, error: error as Error });
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  });
