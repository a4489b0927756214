// The S3 and DynamoDB emulators in a worker thread of their own, so that their work runs beside
// the functions' rather than in turn with it. Plain JavaScript: a worker needs no TypeScript loader.
// Neither emulator checks signatures: each one answers only through its gate (local/gates/), which
// refuses what AWS would refuse. The gates are the emulators' own request listeners, on their own
// servers: no other port reaches them. Both listen on this machine's loopback only.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { createDynamoGate } from './gates/dynamo-gate.mjs';
import { isLoopbackHost } from './gates/http.mjs';
import { createS3Gate } from './gates/s3-gate.mjs';
import { makeS3rverWritesAtomic } from './s3-atomic-writes.mjs';

const { dataDir, buckets, s3Port, host, cors, credentials, region } = workerData;
if (!isLoopbackHost(host)) throw new Error(`local emulators: ${host} is not a loopback address`);
mkdirSync(join(dataDir, 's3'), { recursive: true });
mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });

const dynamo = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// dynalite's server was created with its listener: put the gate in its place before it listens
const [dynaliteListener] = dynamo.listeners('request');
dynamo.removeAllListeners('request');
dynamo.on('request', createDynamoGate({ emulator: dynaliteListener, credentials, region }));
await new Promise((resolve, reject) => {
  dynamo.once('error', reject);
  dynamo.listen(0, '127.0.0.1', resolve);
});

makeS3rverWritesAtomic();
const s3 = new S3rver({
  port: s3Port,
  address: host,
  directory: join(dataDir, 's3'),
  silent: true,
  // buckets are named in the path only (the gate hands s3rver its own address as Host)
  vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name, configs: [cors] })),
});
// s3rver's server takes its listener from callback(): the gate wraps it
const koaCallback = s3.callback.bind(s3);
s3.callback = () => createS3Gate({ emulator: koaCallback(), credentials, region });
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
  s3Url: `http://${host.includes(':') ? `[${host}]` : host}:${s3Address.port}`,
  dynamoUrl: `http://127.0.0.1:${dynamo.address().port}`,
});
