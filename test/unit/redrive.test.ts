/**
 * `segur redrive` on AWS, offline: a failure queue played by aws-sdk-client-mock as SQS behaves
 * (pages of at most ten, messages in flight until deleted or made visible again), the use cases
 * on the in-memory stores. And the local failure log read as a queue.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summaryText } from '../../cli/redrive-command.js';
import { FAILURE_LOG, FailureLogQueue, REPLAYED_LOG, readFailureLog } from '../../local/failure-log-queue.js';
import { encodeKeyLikeAws } from '../../local/dispatcher.js';
import { SqsFailureQueue } from '../../shared/adapters/aws/sqs-failure-queue.js';
import { startImport } from '../../shared/app/import/start-import.js';
import { redriveQueue, replayFailedEvent, replayLoggedEvent } from '../../shared/app/recovery/redrive.js';
import { SIMULATION_LEASE, TECHNICAL_FAILURE } from '../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import { DPI_SIRET, validFile } from '../fixtures/deposit-files.js';
import { segurInProcess } from '../fixtures/segur-in-process.js';
import { commitKey, created, failing, simulated, uploaded, world, type World } from './app/world.js';

const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/123456789012/SimulateFailuresDlq';
const sqsMock = mockClient(SQSClient);

/** A queue as SQS keeps it: visible messages, and those in flight under a receipt handle. */
function fakeQueue(bodies: string[]) {
  const visible = bodies.map((body, i) => ({ id: `m-${i + 1}`, body }));
  const inFlight = new Map<string, { id: string; body: string }>();
  let receipts = 0;
  sqsMock.on(ReceiveMessageCommand).callsFake((input: { MaxNumberOfMessages: number }) => {
    const page = visible.splice(0, input.MaxNumberOfMessages);
    return {
      Messages: page.map((m) => {
        const receipt = `r-${++receipts}`;
        inFlight.set(receipt, m);
        return { MessageId: m.id, ReceiptHandle: receipt, Body: m.body };
      }),
    };
  });
  sqsMock.on(DeleteMessageCommand).callsFake(({ ReceiptHandle }: { ReceiptHandle: string }) => {
    if (!inFlight.delete(ReceiptHandle)) throw new Error(`unknown receipt ${ReceiptHandle}`);
    return {};
  });
  sqsMock.on(ChangeMessageVisibilityCommand).callsFake(({ ReceiptHandle, VisibilityTimeout }: { ReceiptHandle: string; VisibilityTimeout: number }) => {
    const message = inFlight.get(ReceiptHandle);
    if (!message) throw new Error(`unknown receipt ${ReceiptHandle}`);
    if (VisibilityTimeout === 0) {
      inFlight.delete(ReceiptHandle);
      visible.push(message);
    }
    return {};
  });
  return { visible, inFlight, send: (body: string) => visible.push({ id: `m-${visible.length + 100}`, body }) };
}

/** What a function's failure queue holds: the S3 event whose deliveries all failed (key URL-encoded). */
const eventBody = (object: { key: string; size: number }) =>
  JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Post', s3: { bucket: { name: 'televersements' }, object: { key: encodeKeyLikeAws(object.key), size: object.size } } }] });

async function redrive(w: World, max?: number) {
  const sqs = new SQSClient({ region: 'eu-west-3' });
  const queue = new SqsFailureQueue(sqs, QUEUE_URL);
  const summary = await redriveQueue(queue, (object) => replayFailedEvent(w.stores, w.runtime, object), max);
  await queue.close();
  return summary;
}

/** Imports whose upload's three deliveries failed before any lease was taken: uploaded, never simulated. */
async function uploadsNeverSimulated(w: World, n: number) {
  const out: { record: ImportRecord; object: { key: string; size: number } }[] = [];
  for (let i = 0; i < n; i++) {
    const record = await created(w);
    out.push({ record, object: await uploaded(w, record, validFile(1 + (i % 3))) });
  }
  return out;
}

/** The keys of the objects written from now on. */
function writesOf(w: World): string[] {
  const keys: string[] = [];
  const write = w.stores.objects.write.bind(w.stores.objects);
  w.stores.objects.write = async (bucket, key, ...rest) => {
    keys.push(`${bucket}/${key}`);
    return write(bucket, key, ...rest);
  };
  return keys;
}

const statuses = async (w: World, records: ImportRecord[]) => Promise.all(records.map(async (r) => (await w.stores.imports.get(r.identifiant))!.statut));

beforeEach(() => sqsMock.reset());

describe('segur redrive on a failure queue', () => {
  it('replays every page of the queue: each work done again, each message deleted once its replay succeeded', async () => {
    const w = await world();
    const stuck = await uploadsNeverSimulated(w, 12);
    const queue = fakeQueue(stuck.map((s) => eventBody(s.object)));

    expect(await redrive(w)).toEqual({ replayed: 12, alreadyFinal: 0, failed: [] });
    expect(await statuses(w, stuck.map((s) => s.record))).toEqual(Array(12).fill('SIMULATION_VALIDE'));
    expect(queue.visible).toEqual([]);
    expect(queue.inFlight.size).toBe(0);
    // pages of ten, then two, then an empty answer, long polled, hidden for the replay's length
    const receives = sqsMock.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input);
    expect(receives).toHaveLength(3);
    for (const input of receives) expect(input).toMatchObject({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 2, VisibilityTimeout: 900 });
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(12);
  });

  it('keeps a message whose replay fails, visible again for the next run, which replays it once fixed', async () => {
    const w = await world();
    const stuck = await uploadsNeverSimulated(w, 3);
    const queue = fakeQueue(stuck.map((s) => eventBody(s.object)));
    const broken = stuck[1]!;
    failing(w.stores.objects, 'read', 1, (_bucket: string, key: string) => key === broken.object.key);

    const first = await redrive(w);
    expect(first).toMatchObject({ replayed: 2, alreadyFinal: 0, failed: [{ id: 'm-2' }] });
    expect(first.failed[0]!.reason).toContain('injected failure of read');
    expect(queue.visible.map((m) => m.id)).toEqual(['m-2']);
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['r-1', 'r-3']);
    // its lease given back: the next attempt may run at once
    expect(await w.stores.imports.get(broken.record.identifiant)).toMatchObject({ statut: 'SIMULATION_EN_COURS', tentativesSimulation: 1 });

    expect(await redrive(w)).toEqual({ replayed: 1, alreadyFinal: 0, failed: [] });
    expect(await w.stores.imports.get(broken.record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 2 });
    expect(queue.visible).toEqual([]);
  });

  it('run twice on the same messages, changes nothing the second time: every work already final', async () => {
    const w = await world();
    const stuck = await uploadsNeverSimulated(w, 4);
    const imports = [...stuck.map((s) => s.record)];
    const queue = fakeQueue(stuck.map((s) => eventBody(s.object)));
    expect(await redrive(w)).toMatchObject({ replayed: 4, failed: [] });
    const after = await Promise.all(imports.map((r) => w.stores.imports.get(r.identifiant)));
    const writes = writesOf(w);

    // the same events again (a second operator, SQS delivering twice)
    for (const s of stuck) queue.send(eventBody(s.object));
    expect(await redrive(w)).toEqual({ replayed: 0, alreadyFinal: 4, failed: [] });
    expect(await Promise.all(imports.map((r) => w.stores.imports.get(r.identifiant)))).toEqual(after);
    expect(writes).toEqual([]);
    expect(queue.visible).toEqual([]);
  });

  it('work whose three attempts were spent is given up by the lease rules: ERREUR_TECHNIQUE, not a fourth run', async () => {
    const w = await world();
    const { record, object } = (await uploadsNeverSimulated(w, 1))[0]!;
    // three attempts killed by their time limit: each took the lease, none recorded an outcome
    for (let i = 0; i < 3; i++) {
      const now = w.runtime.now();
      expect(await w.stores.imports.acquireLease(record.identifiant, DPI_SIRET, SIMULATION_LEASE, `killed-${i}`, now, new Date(now.getTime() + SIMULATION_LEASE.durationMs))).toBeDefined();
      w.runtime.advance(SIMULATION_LEASE.durationMs + 1);
    }
    fakeQueue([eventBody(object)]);
    const writes = writesOf(w);
    expect(await redrive(w)).toEqual({ replayed: 1, alreadyFinal: 0, failed: [] });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation, tentativesSimulation: 4 });
    expect(writes).toEqual([]);
  });

  it('replays an import whose commit never ran, and finds final an upload the failure handler already gave up', async () => {
    const w = await world();
    const record = await simulated(w, validFile(2));
    expect((await startImport(w.stores, w.runtime, record)).kind).toBe('started');
    const copy = await w.stores.objects.read('televersements', commitKey(record));
    const [givenUp] = await uploadsNeverSimulated(w, 1);
    await w.stores.imports.transition(givenUp!.record.identifiant, 'EN_ATTENTE_FICHIER', { set: { statut: 'ERREUR_TECHNIQUE' } });
    fakeQueue([eventBody({ key: commitKey(record), size: copy!.bytes.length }), eventBody(givenUp!.object)]);

    expect(await redrive(w)).toEqual({ replayed: 1, alreadyFinal: 1, failed: [] });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'IMPORTE' });
    expect(await w.stores.imports.get(givenUp!.record.identifiant)).toMatchObject({ statut: 'ERREUR_TECHNIQUE' });
  });

  it('keeps what it cannot replay: a body that is no S3 event, an object that is not the service’s', async () => {
    const w = await world();
    const queue = fakeQueue(['pas du JSON', JSON.stringify({ Records: [] }), eventBody({ key: 'ailleurs/objet.json', size: 3 })]);
    const summary = await redrive(w);
    expect(summary).toMatchObject({ replayed: 0, alreadyFinal: 0 });
    expect(summary.failed.map((f) => f.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(summary.failed[2]!.reason).toContain('ailleurs/objet.json');
    expect(queue.visible.map((m) => m.id)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(sqsMock.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });

  it('--max: handles that many messages, and leaves the others where they are', async () => {
    const w = await world();
    const stuck = await uploadsNeverSimulated(w, 5);
    const queue = fakeQueue(stuck.map((s) => eventBody(s.object)));
    expect(await redrive(w, 3)).toEqual({ replayed: 3, alreadyFinal: 0, failed: [] });
    expect(sqsMock.commandCalls(ReceiveMessageCommand).map((c) => c.args[0].input.MaxNumberOfMessages)).toEqual([3]);
    expect(queue.visible.map((m) => m.id)).toEqual(['m-4', 'm-5']);
  });

  it('prints a French summary', () => {
    expect(summaryText('File F', { replayed: 2, alreadyFinal: 1, failed: [{ id: 'm-9', reason: 'cause' }] })).toBe(
      'File F : 2 rejoué(s), 1 déjà terminé(s), 1 en échec.\n  en échec, gardé pour un prochain rejeu : m-9 — cause\n',
    );
    expect(summaryText('File F', { replayed: 0, alreadyFinal: 0, failed: [] })).toBe('File F : rien à rejouer.\n');
  });
});

describe('segur redrive: bad usage (exit 64)', () => {
  it('without a source, with both, with an unknown option or a bad --max', async () => {
    for (const args of [[], ['--local', '--file-attente', QUEUE_URL], ['--file-attente'], ['--local', '--tout'], ['--local', '--max', '0'], ['--file-attente', QUEUE_URL, '--dossier-donnees', '/tmp']]) {
      const run = await segurInProcess('redrive', ...args);
      expect(run.code, args.join(' ')).toBe(64);
      expect(run.stderr).toContain('segur redrive --file-attente <url>');
    }
  });

  it('on AWS without the tables and buckets named, or with a configuration that cannot be read: says which', async () => {
    const missing = await segurInProcess('redrive', '--file-attente', QUEUE_URL);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('variables absentes : IMPORTS_TABLE, REFERENTIEL_TABLE');
    expect(sqsMock.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
    const run = await segurInProcess('redrive', '--file-attente', QUEUE_URL, '--configuration', '/nulle/part.json');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('impossible de lire la configuration /nulle/part.json');
  });
});

describe('the local failure log as a queue', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'segur-echecs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (key: string, functionId = 'SimulateFunction', error = 'Error: boom\n    at run (x.ts:1:1)') => `2026-11-26T08:00:00.000Z ${functionId} ${key} ${error}\n`;

  it('reads entries with their stacks; one message per object, its failure and its give-up’s together', async () => {
    const a = 'depots/40308070600020/1/fichier.json';
    const b = 'pieces/40308070600020/2/3/archive%C3%A9+1.zip';
    const text = entry(a) + entry(b) + entry(a, 'FailuresFunction', 'pas encore abandonné : un bail est en cours');
    expect(readFailureLog(text)).toEqual([
      { functionId: 'SimulateFunction', key: a, text: entry(a).trimEnd() },
      { functionId: 'SimulateFunction', key: b, text: entry(b).trimEnd() },
      { functionId: 'FailuresFunction', key: a, text: entry(a, 'FailuresFunction', 'pas encore abandonné : un bail est en cours').trimEnd() },
    ]);
    writeFileSync(join(dir, FAILURE_LOG), text);
    const queue = FailureLogQueue.open(dir);
    const messages = await queue.receive(10);
    expect(messages.map((m) => m.id)).toEqual([a, b]);
    expect(JSON.parse(messages[1]!.body)).toEqual({ Records: [{ s3: { object: { key: b } } }] });

    // b replayed, a kept: a's two entries go back to the log, b is noted as replayed
    await queue.remove(messages[1]!);
    await queue.keep(messages[0]!);
    writeFileSync(join(dir, FAILURE_LOG), entry('depots/40308070600020/9/fichier.json')); // the stack logged meanwhile
    queue.close();
    expect(readFileSync(join(dir, FAILURE_LOG), 'utf8')).toBe(entry('depots/40308070600020/9/fichier.json') + entry(a) + entry(a, 'FailuresFunction', 'pas encore abandonné : un bail est en cours'));
    expect(readFileSync(join(dir, REPLAYED_LOG), 'utf8')).toMatch(new RegExp(`^\\S+Z rejoué ${b.replace(/[+.]/g, '\\$&')}\\n$`));
    expect(readdirSync(dir).sort()).toEqual([FAILURE_LOG, REPLAYED_LOG].sort());
  });

  it('reads again what a redrive stopped midway left, and puts back what was not received', async () => {
    writeFileSync(join(dir, 'echecs-traitements.1-2.a-rejouer.log'), entry('depots/40308070600020/1/fichier.json'));
    writeFileSync(join(dir, FAILURE_LOG), entry('depots/40308070600020/2/fichier.json'));
    const queue = FailureLogQueue.open(dir);
    expect((await queue.receive(1)).map((m) => m.id)).toEqual(['depots/40308070600020/1/fichier.json']);
    queue.close();
    expect(readFileSync(join(dir, FAILURE_LOG), 'utf8')).toBe(entry('depots/40308070600020/2/fichier.json'));
    expect(readdirSync(dir)).toEqual([FAILURE_LOG]);
  });

  it('replays an entry by its key: the object’s size read from the uploads bucket; an object gone is given up', async () => {
    const w = await world();
    const [kept, gone] = await uploadsNeverSimulated(w, 2);
    await w.stores.imports.acquireLease(gone!.record.identifiant, DPI_SIRET, SIMULATION_LEASE, 'dead', w.runtime.now(), w.runtime.now());
    w.runtime.advance(1); // its holder died: the lease is over
    expect(await w.stores.objects.removeUnder('televersements', gone!.object.key.replace(/[^/]+$/, ''))).toBe(1);
    expect(await replayLoggedEvent(w.stores, w.runtime, kept!.object.key)).toEqual({ kind: 'replayed', subject: 'simulation', outcome: 'simulated' });
    expect(await w.stores.imports.get(kept!.record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', nombreDemandes: 1 });
    expect(await replayLoggedEvent(w.stores, w.runtime, gone!.object.key)).toEqual({ kind: 'replayed', subject: 'simulation', outcome: 'gaveUp' });
    expect(await w.stores.imports.get(gone!.record.identifiant)).toMatchObject({ statut: 'ERREUR_TECHNIQUE' });
    expect(await replayLoggedEvent(w.stores, w.runtime, gone!.object.key)).toEqual({ kind: 'alreadyFinal', subject: 'simulation', outcome: 'settled' });
  });
});
