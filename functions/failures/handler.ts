import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ownerOfKey } from '../../shared/app/object-keys.js';
import { giveUpFailedEvent } from '../../shared/app/recovery/give-up.js';
import { eventObjects } from '../../shared/app/uploads.js';
import { logger } from '../../shared/observability/logger.js';
import { tracer } from '../../shared/observability/tracer.js';
import { giveUpMetrics } from '../outcome-metrics.js';
import { awsServices } from '../services.js';


/**
 * The failure queues of simulate, commit and unzip (SQS): each event whose retries are exhausted
 * has its work given up for good (SPEC §6). A message whose work is still held under a live
 * lease, or that failed, is reported back: it comes again after the queue's visibility timeout.
 * Each message's lines carry the import and the SIRET its object key names (an S3 event holds one
 * record), as every line of the other functions does; the next message's lines, its own.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      const keys = eventObjects(message.body).map((o) => o.key);
      const owner = keys.map(ownerOfKey).find((o) => o !== undefined);
      if (owner) logger.appendKeys({ ...owner });
      try {
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
      } finally {
        logger.removeKeys(['identifiant', 'siret']);
      }
    }
    return { batchItemFailures };
  });
