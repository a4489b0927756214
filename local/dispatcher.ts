/**
 * Turns the local S3's object-created events into S3 event records for the functions, as the
 * bucket notifications of the template say, with AWS's key encoding and its retries of an
 * asynchronous invocation (two more attempts).
 */
import { randomUUID } from 'node:crypto';
import type { Context, S3Event, S3EventRecord } from 'aws-lambda';
import type { UploadedObject } from '../shared/app/uploads.js';
import { LOCAL_REGION } from './emulators.js';
import type { LocalNotification } from './template.js';

export type EventHandler = (event: S3Event, context: Context) => Promise<unknown>;

/**
 * The Lambda context of one local invocation, as far as the handlers' middlewares read it (the
 * logger's context keys, middy's remaining time: 15 minutes, Lambda's ceiling, so that no
 * invocation is cut short locally).
 */
export function localLambdaContext(functionId: string, region = LOCAL_REGION): Context {
  const deadline = Date.now() + 15 * 60 * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: functionId,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionId}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

const RETRY_DELAYS_MS = [200, 400];

export interface Dispatcher {
  dispatch(records: S3EventRecord[]): void;
  /** Resolves when every event delivered so far has been handled (or has failed for good). */
  idle(): Promise<void>;
  /**
   * Drops events until the returned function is called, as if they were lost: tests then deliver
   * them to the handlers themselves, at the moment and as often as they choose. Resuming first
   * waits for every event the local S3 emitted meanwhile, so that those are dropped too.
   */
  suspend(): () => Promise<void>;
}

/** AWS URL-encodes keys in event records, a space becoming `+` (DESIGN.md). */
export function encodeKeyLikeAws(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
}

export function createDispatcher(
  notifications: LocalNotification[],
  handlerOf: (functionId: string) => Promise<EventHandler>,
  region: string,
  onFailure: (functionId: string, key: string, error: unknown) => void,
  flush: () => Promise<void>,
): Dispatcher {
  const pending = new Set<Promise<void>>();
  let suspended = 0;

  const invoke = async (functionId: string, record: S3EventRecord) => {
    const handler = await handlerOf(functionId);
    const event: S3Event = { Records: [record] };
    for (let attempt = 0; ; attempt++) {
      try {
        await handler(structuredClone(event), localLambdaContext(functionId, region));
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          onFailure(functionId, record.s3.object.key, error);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  return {
    dispatch(records) {
      if (suspended > 0) return;
      for (const raw of records) {
        if (!raw.eventName.startsWith('ObjectCreated')) continue;
        const key = raw.s3.object.key;
        const record: S3EventRecord = {
          ...raw,
          awsRegion: region,
          s3: { ...raw.s3, bucket: { ...raw.s3.bucket, arn: `arn:aws:s3:::${raw.s3.bucket.name}` }, object: { ...raw.s3.object, key: encodeKeyLikeAws(key) } },
        };
        for (const n of notifications) {
          if (n.bucket !== raw.s3.bucket.name || !key.startsWith(n.prefix) || !key.endsWith(n.suffix)) continue;
          if (!n.events.some((e) => e === 's3:ObjectCreated:*' || e === `s3:${raw.eventName}`)) continue;
          const run = invoke(n.functionId, record).finally(() => pending.delete(run));
          pending.add(run);
        }
      }
    },
    suspend() {
      suspended++;
      let resumed = false;
      return async () => {
        if (resumed) return;
        resumed = true;
        await flush();
        suspended--;
      };
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}

/**
 * An object-created record of the local S3 for `object`, as the dispatcher receives them (the key not
 * encoded yet): what the local stack delivers again at start, and what tests hand the functions.
 */
export function objectCreatedRecord(bucket: string, object: UploadedObject): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: LOCAL_REGION,
    eventTime: new Date().toISOString(),
    eventName: 'ObjectCreated:Put',
    userIdentity: { principalId: 'local' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'reprise', 'x-amz-id-2': 'reprise' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'reprise-au-demarrage',
      bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
      object: { key: object.key, size: object.size, eTag: '', sequencer: '0' },
    },
  };
}
