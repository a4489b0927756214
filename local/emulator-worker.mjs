// The S3 and DynamoDB emulators in a worker thread of their own, so that their work runs beside
// the functions' rather than in turn with it. Plain JavaScript: a worker needs no TypeScript loader.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import S3rver from 's3rver';

const { dataDir, buckets, s3Port, host, cors } = workerData;
mkdirSync(join(dataDir, 's3'), { recursive: true });
mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });

const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise((resolve, reject) => {
  dynamo.once('error', reject);
  dynamo.listen(0, '127.0.0.1', resolve);
});

const s3 = new S3rver({
  port: s3Port,
  address: host,
  directory: join(dataDir, 's3'),
  silent: true,
  configureBuckets: buckets.map((name) => ({ name, configs: [cors] })),
});
const s3Address = await s3.run();
s3.on('event', (event) => parentPort.postMessage({ type: 'event', event }));

parentPort.on('message', async (message) => {
  // events are posted as they happen: a pong tells that every earlier one was posted before it
  if (message.type === 'ping') return parentPort.postMessage({ type: 'pong', id: message.id });
  if (message.type !== 'stop') return;
  await s3.close();
  await new Promise((resolve) => dynamo.close(resolve));
  parentPort.postMessage({ type: 'stopped' });
});

parentPort.postMessage({
  type: 'ready',
  s3Url: `http://${host}:${s3Address.port}`,
  dynamoUrl: `http://127.0.0.1:${dynamo.address().port}`,
});
