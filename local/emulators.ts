/** S3 (s3rver) and DynamoDB (dynalite) in this process, their data kept in a folder. */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import type { LocalTable } from './template.js';

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'eu-west-3';

// Browsers upload straight to S3 with a form: the local bucket accepts POST from any origin, as
// the deployed bucket does from the web page's.
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>POST</AllowedMethod>
<AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

export interface Emulators {
  s3: S3rver;
  s3Url: string;
  dynamoUrl: string;
  /** Tables created by this start (empty when the data folder already had them). */
  createdTables: string[];
  stop(): Promise<void>;
}

export async function startEmulators(dataDir: string, buckets: string[], tables: LocalTable[], s3Port: number, host: string): Promise<Emulators> {
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });

  const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const dynamoUrl = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;

  const s3 = new S3rver({
    port: s3Port,
    address: host,
    directory: join(dataDir, 's3'),
    silent: true,
    configureBuckets: buckets.map((name) => ({ name, configs: [CORS] })),
  });
  const s3Address = (await s3.run()) as AddressInfo;
  const s3Url = `http://${host}:${s3Address.port}`;

  const client = new DynamoDBClient({ endpoint: dynamoUrl, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
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
    s3,
    s3Url,
    dynamoUrl,
    createdTables,
    async stop() {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
