/**
 * Nothing stays in progress (SPEC §6): work given up once its event's deliveries are spent (the
 * failure queues' consumer on AWS), and work a dead process left, taken up when the local stack starts.
 */
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as failuresHandler } from '../../../functions/failures/handler.js';
import { eventObjects } from '../../../shared/app/uploads.js';
import { encodeKeyLikeAws, localLambdaContext } from '../../../local/dispatcher.js';
import { unpackUploadedArchive } from '../../../shared/app/attachments/unpack-uploaded-archive.js';
import { commitImport } from '../../../shared/app/import/commit-import.js';
import { finishImport } from '../../../shared/app/import/finish-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { archiveKey, uploadKey } from '../../../shared/app/object-keys.js';
import { giveUpFailedEvent } from '../../../shared/app/recovery/give-up.js';
import { resumeInterruptedWork } from '../../../shared/app/recovery/resume-interrupted-work.js';
import { simulateUpload } from '../../../shared/app/simulation/simulate-upload.js';
import { ARCHIVE_LEASE, SIMULATION_LEASE, TECHNICAL_FAILURE, permitOf } from '../../../shared/domain/import-lifecycle.js';
import { DPI_SIRET, validFile } from '../../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../../fixtures/zip-builder.js';
import { archiveUploaded, commitKey, created, imported, simulated, uploaded, world, type World } from './world.js';

const pdf = (n: number) => `HOP-DPI-Va2-BDC-ED${String(n).padStart(5, '0')}.pdf`;

/** A worker that took the simulation's lease, then was killed (nothing recorded). */
async function killedSimulation(w: World, identifiant: number, worker = 'killed') {
  const now = w.runtime.now();
  return (await w.stores.imports.acquireLease(identifiant, DPI_SIRET, SIMULATION_LEASE, worker, now, new Date(now.getTime() + SIMULATION_LEASE.durationMs)))!;
}

describe('an event whose deliveries are all spent (the failure handler)', () => {
  it('a simulation killed three times (three timeouts): ERREUR_TECHNIQUE, once its last lease is over', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    for (const worker of ['t1', 't2', 't3']) {
      await killedSimulation(w, record.identifiant, worker);
      w.runtime.advance(30_000); // the function's time limit: the failure queue gets the event now, the lease is still live
      if (worker !== 't3') w.runtime.advance(SIMULATION_LEASE.durationMs);
    }
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'held' });
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('SIMULATION_EN_COURS');
    w.runtime.advance(SIMULATION_LEASE.durationMs);
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'gaveUp', subject: 'simulation' });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation, tentativesSimulation: 4 });
    // idempotent: anything final is left as it is
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'settled' });
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'ERREUR_TECHNIQUE' });
  });

  it('an upload whose event failed before any attempt took the lease: ERREUR_TECHNIQUE', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'gaveUp', subject: 'simulation' });
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('ERREUR_TECHNIQUE');
  });

  it('leaves a simulated import, another supplier’s and keys it never handed out as they are', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    expect(await giveUpFailedEvent(w.stores, w.runtime, uploadKey(record.siret, record.identifiant))).toEqual({ kind: 'settled' });
    expect(await giveUpFailedEvent(w.stores, w.runtime, uploadKey('40208090600010', record.identifiant))).toEqual({ kind: 'settled' });
    expect(await giveUpFailedEvent(w.stores, w.runtime, 'ailleurs/x.json')).toEqual({ kind: 'ignored', reason: 'not a key of the service' });
    expect(await w.stores.imports.get(record.identifiant)).toEqual(record);
  });

  it('an archive whose unpacking was killed: REFUSEE ERREUR_TECHNIQUE, its permit removed, Finish free again', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const now = w.runtime.now();
    const until = new Date(now.getTime() + ARCHIVE_LEASE.durationMs);
    await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'killed', now, until);
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permitOf({ archive: object.identifiant, until: until.toISOString(), worker: 'killed' }));
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'held' });
    w.runtime.advance(ARCHIVE_LEASE.durationMs + 1);
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'gaveUp', subject: 'archive' });
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({ statut: 'REFUSEE', code: 'ERREUR_TECHNIQUE', message: TECHNICAL_FAILURE.archive });
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    expect(await giveUpFailedEvent(w.stores, w.runtime, object.key)).toEqual({ kind: 'settled' });
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'missing' });
  });

  it('an import whose commit failed for good keeps IMPORT_EN_COURS with erreurTechnique (POST /importer sends it again)', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    await startImport(w.stores, w.runtime, record);
    expect(await giveUpFailedEvent(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'gaveUp', subject: 'import' });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'IMPORT_EN_COURS', erreurTechnique: TECHNICAL_FAILURE.commit });
    expect(await giveUpFailedEvent(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'settled' });
    // the commit still completes when sent again
    await commitImport(w.stores, w.runtime, commitKey(record));
    const done = (await w.stores.imports.get(record.identifiant))!;
    expect(done.statut).toBe('IMPORTE');
    expect(done.erreurTechnique).toBeUndefined();
    expect(await giveUpFailedEvent(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'settled' });
  });
});

describe('the failure handler (SQS)', () => {
  const message = (id: string, body: string) => ({ messageId: id, receiptHandle: id, body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn', awsRegion: 'eu-west-3' });
  const s3Body = (key: string) => JSON.stringify({ Records: [{ s3: { bucket: { name: 'b' }, object: { key: encodeKeyLikeAws(key), size: 1 } } }] });

  it('reads the object keys of the S3 event a failure queue holds (decoded as AWS encodes them); anything else holds none', () => {
    expect(eventObjects(s3Body('depots/40308070600020/12/fichier.json')).map((o) => o.key)).toEqual(['depots/40308070600020/12/fichier.json']);
    expect(eventObjects(s3Body('a b/é.json')).map((o) => o.key)).toEqual(['a b/é.json']);
    expect(eventObjects('pas du JSON')).toEqual([]);
    expect(eventObjects('null')).toEqual([]);
    expect(eventObjects('{"Records":[{"s3":{}}, null]}')).toEqual([]);
  });

  it('reports back, one by one, the messages it could not give up (here: no configuration), and drops those that hold no key', async () => {
    const event = { Records: [message('m1', s3Body('depots/40308070600020/12/fichier.json')), message('m2', 'pas du JSON')] } as SQSEvent;
    expect(await failuresHandler(event, localLambdaContext('failures'))).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }] });
  });
});

describe('the local stack, when it starts, takes up what the previous process left', () => {
  it('a simulation in progress: its dead lease given back (the attempt counted) and its upload delivered again; it then completes', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    await killedSimulation(w, record.identifiant);
    const resumed = await resumeInterruptedWork(w.stores, w.runtime);
    expect(resumed).toEqual({ redeliver: [object], released: 1, gaveUp: 0 });
    // no waiting for the dead lease
    expect(await simulateUpload(w.stores, w.runtime, resumed.redeliver[0]!)).toMatchObject({ kind: 'simulated' });
    expect(w.runtime.sleeps).toBe(0);
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 2 });
  });

  it('a simulation killed at its third attempt: delivered again, it records ERREUR_TECHNIQUE instead of a fourth run', async () => {
    const w = await world();
    const record = await created(w);
    await uploaded(w, record, validFile(1));
    for (const worker of ['k1', 'k2', 'k3']) {
      await killedSimulation(w, record.identifiant, worker);
      if (worker !== 'k3') w.runtime.advance(SIMULATION_LEASE.durationMs + 1);
    }
    const [object] = (await resumeInterruptedWork(w.stores, w.runtime)).redeliver;
    expect(await simulateUpload(w.stores, w.runtime, object!)).toMatchObject({ kind: 'gaveUp', attempts: 4 });
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('ERREUR_TECHNIQUE');
  });

  it('an upload whose event was lost is delivered; an import still waiting for its file, and finished ones, are left alone', async () => {
    const w = await world();
    const lost = await created(w);
    const object = await uploaded(w, lost, validFile(1));
    const waiting = await created(w);
    const done = await simulated(w, validFile(1));
    const resumed = await resumeInterruptedWork(w.stores, w.runtime);
    expect(resumed.redeliver).toEqual([object]);
    expect(await w.stores.imports.get(waiting.identifiant)).toEqual(waiting);
    expect(await w.stores.imports.get(done.identifiant)).toEqual(done);
  });

  it('a simulation in progress whose upload is gone cannot be resumed: ERREUR_TECHNIQUE', async () => {
    const w = await world();
    const record = await created(w);
    await killedSimulation(w, record.identifiant);
    expect(await resumeInterruptedWork(w.stores, w.runtime)).toEqual({ redeliver: [], released: 1, gaveUp: 1 });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation });
  });

  it('an import being imported: its copy delivered again (the commit is idempotent)', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    await startImport(w.stores, w.runtime, record);
    const size = (await w.stores.objects.size('televersements', commitKey(record)))!;
    expect((await resumeInterruptedWork(w.stores, w.runtime)).redeliver).toEqual([{ key: commitKey(record), size }]);
  });

  it('an archive being unpacked: its lease and its permit given back, the archive delivered again; it then completes', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const waiting = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const running = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const now = w.runtime.now();
    const until = new Date(now.getTime() + ARCHIVE_LEASE.durationMs);
    await w.stores.archives.acquireLease(record.identifiant, running.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'killed', now, until);
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permitOf({ archive: running.identifiant, until: until.toISOString(), worker: 'killed' }));
    const resumed = await resumeInterruptedWork(w.stores, w.runtime);
    expect(resumed.released).toBe(2);
    expect(resumed.redeliver.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [waiting, running].map((o) => ({ key: archiveKey(DPI_SIRET, record.identifiant, o.identifiant), size: o.size })).sort((a, b) => a.key.localeCompare(b.key)),
    );
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    for (const object of resumed.redeliver) expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'judged' });
    expect(w.runtime.sleeps).toBe(0);
    expect(await w.stores.archives.get(record.identifiant, running.identifiant)).toMatchObject({ statut: 'TRAITEE', tentatives: 2 });
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'finished' });
  });

  it('an archive being unpacked whose upload is gone: REFUSEE ERREUR_TECHNIQUE', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const now = w.runtime.now();
    await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'killed', now, new Date(now.getTime() + ARCHIVE_LEASE.durationMs));
    // the uploads bucket keeps objects 30 days: gone
    const objects = w.stores.objects;
    const size = objects.size.bind(objects);
    objects.size = async (bucket, key) => (key === object.key ? undefined : size(bucket, key));
    expect(await resumeInterruptedWork(w.stores, w.runtime)).toEqual({ redeliver: [], released: 1, gaveUp: 1 });
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({ statut: 'REFUSEE', code: 'ERREUR_TECHNIQUE' });
  });
});
