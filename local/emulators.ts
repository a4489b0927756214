/** S3 (s3rver) and DynamoDB (dynalite) on this machine, in a worker thread, their data kept in a folder. */
import { Worker } from 'node:worker_threads';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { S3EventRecord } from 'aws-lambda';
import { assertLoopbackHost } from './loopback.js';
import type { LocalTable } from './template.js';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'eu-west-3';

// Browsers upload straight to S3 with a form: the local bucket accepts POST from any origin, as
// the deployed bucket does from the web page's (CORS only: the gate still wants a signed form).
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod>
<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export interface Emulators {
  s3Url: string;
  dynamoUrl: string;
  /** Tables created by this start (empty when the data folder already had them). */
  createdTables: string[];
  /** Object-created events of the local S3, as it emits them. */
  onEvent(listener: (records: S3EventRecord[]) => void): void;
  /** Resolves once every event the local S3 emitted so far has reached the listeners. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the emulators behind their gates (local/gates/): the local S3 and DynamoDB accept only
 * what AWS would (SigV4 with LOCAL_CREDENTIALS, or a signed upload form), and listen on `host`
 * (S3) and 127.0.0.1 (DynamoDB), which must be loopback addresses.
 */
export async function startEmulators(dataDir: string, buckets: string[], tables: LocalTable[], s3Port: number, host: string): Promise<Emulators> {
  assertLoopbackHost(host);
  const worker = new Worker(new URL('./emulator-worker.mjs', import.meta.url), {
    workerData: { dataDir, buckets, s3Port, host, cors: CORS, credentials: LOCAL_CREDENTIALS, region: LOCAL_REGION },
  });
  const listeners: ((records: S3EventRecord[]) => void)[] = [];
  const pongs = new Map<number, () => void>();
  let pings = 0;
  const ready = await new Promise<{ s3Url: string; dynamoUrl: string }>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { type: string; id?: number; event?: { Records: S3EventRecord[] }; s3Url?: string; dynamoUrl?: string }) => {
      if (message.type === 'ready') resolve({ s3Url: message.s3Url!, dynamoUrl: message.dynamoUrl! });
      else if (message.type === 'event') for (const listener of listeners) listener(message.event!.Records);
      else if (message.type === 'pong') pongs.get(message.id!)?.();
    });
  });

  const client = new DynamoDBClient({ endpoint: ready.dynamoUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const createdTables: string[] = [];
  for (const t of tables) {
    if (existing.has(t.name)) continue;
    await client.send(
      new CreateTableCommand({
        TableName: t.name,
        KeySchema: t.keySchema,
        AttributeDefinitions: t.attributeDefinitions,
        BillingMode: 'PAY_PER_REQUEST',
        ...(t.globalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes: t.globalSecondaryIndexes as never } : {}),
      }),
    );
    createdTables.push(t.name);
  }
  client.destroy();

  return {
    ...ready,
    createdTables,
    onEvent: (listener) => listeners.push(listener),
    flush: () =>
      new Promise<void>((resolve) => {
        const id = ++pings;
        pongs.set(id, () => {
          pongs.delete(id);
          resolve();
        });
        worker.postMessage({ type: 'ping', id });
      }),
    async stop() {
      const stopped = new Promise<void>((resolve) => worker.on('message', (m: { type: string }) => m.type === 'stopped' && resolve()));
      worker.postMessage({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
