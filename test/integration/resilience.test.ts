import { readFileSync } from 'node:fs';
import { CreateBucketCommand, DeleteBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { handler as failuresHandler } from '../../functions/failures/handler.js';
import { awsServices } from '../../functions/services.js';
import { handler as simulateHandler } from '../../functions/simulate/handler.js';
import { SIMULATION_LEASE, TECHNICAL_FAILURE } from '../../shared/domain/import-lifecycle.js';
import { config } from '../../shared/config.js';
import { DPI_SIRET } from '../fixtures/deposit-files.js';
import { createImport, lambdaContext, localClients, localStores, startHarness, uploadForm, waitForSimulation, type Harness, uploadEvent } from './harness.js';

const s3Client = () => localClients().s3;
const getImport = (id: number) => localStores().imports.get(id);

const example = readFileSync(new URL('../fixtures/examples/dpi-avance-valide.json', import.meta.url));

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
}, 60_000);
afterAll(() => h?.stop());


async function waitForStatus(id: number): Promise<{ statut: string }> {
  return (await h.call('GET', `/imports/${id}`, { token })).json() as Promise<{ statut: string }>;
}

async function returnFilesOf(id: number): Promise<string[]> {
  const out = await s3Client().send(new ListObjectsV2Command({ Bucket: config().documentsBucket, Prefix: `retours/${DPI_SIRET}/${id}/` }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe('the simulate function on repeated, concurrent and failing deliveries', () => {
  it('retries after a failure, then records a final failure as ERREUR_TECHNIQUE instead of staying in progress', async () => {
    // A fault the emulator can make: the documents bucket is gone (it is still empty: this test
    // runs first), so storing the return file fails.
    const documents = config().documentsBucket;
    await s3Client().send(new DeleteBucketCommand({ Bucket: documents }));

    const failing = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    await uploadForm(failing.televersement, example, 'depot.json');
    const failed = await waitForSimulation(h, token, failing.identifiant);
    expect(failed.statut).toBe('ERREUR_TECHNIQUE');
    expect(failed.erreurTechnique).toMatch(/erreur technique/);
    expect(await getImport(failing.identifiant)).toMatchObject({ tentativesSimulation: 3 });

    // The bucket comes back after a first failed attempt: the retry succeeds.
    const retried = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    await uploadForm(retried.televersement, example, 'depot.json');
    const failedOnce = async () => {
      const r = await getImport(retried.identifiant);
      return (r?.tentativesSimulation ?? 0) >= 1 && r!.traitementJusqua !== undefined && Date.parse(r!.traitementJusqua) <= Date.now();
    };
    for (let i = 0; i < 400 && !(await failedOnce()); i++) await new Promise((r) => setTimeout(r, 5));
    await s3Client().send(new CreateBucketCommand({ Bucket: documents }));
    const done = await waitForSimulation(h, token, retried.identifiant);
    expect(done.statut).toBe('SIMULATION_VALIDE');
    expect((await getImport(retried.identifiant))!.tentativesSimulation).toBeGreaterThanOrEqual(2);
  });

  it('gives one result when the same event comes again', async () => {
    const created = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    await uploadForm(created.televersement, example, 'depot.json');
    const first = await waitForSimulation(h, token, created.identifiant);
    const stored = await getImport(created.identifiant);

    await simulateHandler(uploadEvent(created.televersement.champs.key!, example.length), lambdaContext('simulate'));
    expect(await waitForSimulation(h, token, created.identifiant)).toEqual(first);
    expect(await getImport(created.identifiant)).toEqual(stored);
    expect(await returnFilesOf(created.identifiant)).toHaveLength(1);
  });

  it('gives one result when copies of the event run at the same time', async () => {
    const created = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    const key = created.televersement.champs.key!;
    // the upload's own event plus three copies delivered at once
    await s3Client().send(new PutObjectCommand({ Bucket: config().uploadsBucket, Key: key, Body: example }));
    await Promise.all([1, 2, 3].map(() => simulateHandler(uploadEvent(key, example.length), lambdaContext('simulate'))));
    await h.stack.settle();
    const record = await getImport(created.identifiant);
    expect(record).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 1, nombreDemandes: 1 });
    expect(await returnFilesOf(created.identifiant)).toEqual([record!.cleRetour]);
  });

  it('three attempts killed by their time limit record nothing; the failure queue’s consumer then records ERREUR_TECHNIQUE, once the last lease is over', async () => {
    const created = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    const key = created.televersement.champs.key!;
    const resume = h.stack.dispatcher.suspend();
    await s3Client().send(new PutObjectCommand({ Bucket: config().uploadsBucket, Key: key, Body: example }));
    await resume();
    // three Lambda timeouts: each took the lease, none recorded anything; the last lease is still live
    const stores = localStores();
    const step = SIMULATION_LEASE.durationMs + 1000;
    for (const [i, ms] of [-2 * step, -step, 0].entries()) {
      const at = new Date(Date.now() + ms);
      expect(await stores.imports.acquireLease(created.identifiant, DPI_SIRET, SIMULATION_LEASE, `timeout-${i}`, at, new Date(at.getTime() + SIMULATION_LEASE.durationMs))).toBeDefined();
    }
    // what the failure queue hands its consumer: the S3 event whose deliveries all failed
    const message = (id: string) => ({
      messageId: id,
      receiptHandle: id,
      body: JSON.stringify(uploadEvent(key, example.length)),
      attributes: {},
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:SimulateFailures',
      awsRegion: 'eu-west-3',
    });
    const event = (id: string) => ({ Records: [message(id)] }) as unknown as SQSEvent;
    // still held: reported back, to come again once the lease is over
    expect(await failuresHandler(event('m1'), lambdaContext('failures'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
    expect((await waitForStatus(created.identifiant)).statut).toBe('SIMULATION_EN_COURS');
    const record = (await getImport(created.identifiant))!;
    await stores.imports.settleLease(created.identifiant, SIMULATION_LEASE, record.traitementPar!, { traitementJusqua: new Date(Date.now() - 1).toISOString() }, true);
    expect(await failuresHandler(event('m2'), lambdaContext('failures'))).toEqual({ batchItemFailures: [] });
    const failed = await waitForSimulation(h, token, created.identifiant);
    expect(failed).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation });
    expect(await getImport(created.identifiant)).toMatchObject({ tentativesSimulation: 4 });
    // a message that comes twice changes nothing more
    expect(await failuresHandler(event('m3'), lambdaContext('failures'))).toEqual({ batchItemFailures: [] });
    expect(await returnFilesOf(created.identifiant)).toEqual([]);
  });

  it('an event whose three deliveries failed before any lease was taken reaches the failure handler, as on AWS: ERREUR_TECHNIQUE', async () => {
    const created = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    // the handlers of this process share their stores: DynamoDB refuses the simulation's first three lease requests
    const imports = awsServices().stores.imports;
    const acquireLease = imports.acquireLease.bind(imports);
    let refused = 0;
    imports.acquireLease = async (identifiant, ...rest) => {
      if (identifiant === created.identifiant && refused < 3) {
        refused++;
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
      }
      return acquireLease(identifiant, ...rest);
    };
    try {
      await uploadForm(created.televersement, example, 'depot.json');
      await h.stack.settle();
    } finally {
      imports.acquireLease = acquireLease;
    }
    expect(refused).toBe(3);
    const failed = await waitForSimulation(h, token, created.identifiant);
    expect(failed).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation });
    expect(readFileSync(`${h.stack.dataDir}/echecs-traitements.log`, 'utf8')).toContain(`/${created.identifiant}/fichier.json`);
  });

  it('ignores objects that are not uploads it handed out', async () => {
    await expect(simulateHandler(uploadEvent('depots/12345678901234/1/autre.json', 10), lambdaContext('simulate'))).resolves.toBeUndefined();
    await expect(simulateHandler(uploadEvent(`depots/${DPI_SIRET}/987654/fichier.json`, 10), lambdaContext('simulate'))).resolves.toBeUndefined();
  });


});
