/**
 * Finish and archives never cross (SPEC §7), decided by one conditional write on the import item:
 * an unpacking holds a permit there while it stores documents; Finish moves the import on only
 * without one. And the archive lease past its last attempt (SPEC §6).
 */
import { describe, expect, it } from 'vitest';
import { unpackUploadedArchive, type UnpackOutcome } from '../../../shared/app/attachments/unpack-uploaded-archive.js';
import { finishImport } from '../../../shared/app/import/finish-import.js';
import { ARCHIVE_LEASE, ARCHIVE_PERMIT, TECHNICAL_FAILURE, permitOf } from '../../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { DPI_SIRET, validFile } from '../../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../../fixtures/zip-builder.js';
import { archiveSent, archiveUploaded, failing, imported, keptDocument, leftBy, world, type World } from './world.js';

const pdf = (n: number) => `HOP-DPI-Va2-BDC-ED${String(n).padStart(5, '0')}.pdf`;
const kept = (w: World, record: ImportRecord, line: number, name = pdf(line)) => keptDocument(w, record, record.dossiers![line - 1]!, name);
const version = (label: string) => Buffer.concat([fakePdf(), Buffer.from(label)]);
const ONE_BUSY = {
  kind: 'busy',
  code: 'ARCHIVES_EN_COURS',
  message: 'Une archive de pièces justificatives est en cours de traitement : attendez son verdict avant de terminer',
};

/** An import of one line whose document was received (v1): ready to be finished. */
async function finishable(w: World): Promise<ImportRecord> {
  const record = await imported(w, validFile(1));
  await archiveSent(w, record, buildZip([{ name: pdf(1), data: version('v1') }]));
  return record;
}

/** Holds every write of a document until released; `reached` resolves at the first. */
function holdDocumentWrites(w: World) {
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const atWrite = new Promise<void>((r) => (reached = r));
  const write = w.stores.objects.write.bind(w.stores.objects);
  w.stores.objects.write = async (bucket, key, body, contentType) => {
    if (bucket === 'documents' && key.startsWith('pieces/')) {
      reached();
      await gate;
    }
    return write(bucket, key, body, contentType);
  };
  return { release, reached: atWrite };
}

describe('Finish and an unpacking racing each other', () => {
  it('an unpacking that starts once Finish has read the archives, and stores before Finish writes: Finish is refused, nothing lands after TERMINE', async () => {
    const w = await world();
    const record = await finishable(w);
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    const held = holdDocumentWrites(w);
    // Finish reads the archives (none being unpacked yet); right then the unpacking starts and gets to its first write
    let unpacking: Promise<UnpackOutcome> | undefined;
    const listOfImport = w.stores.archives.listOfImport.bind(w.stores.archives);
    w.stores.archives.listOfImport = async (identifiantImport) => {
      const archives = await listOfImport(identifiantImport);
      unpacking ??= unpackUploadedArchive(w.stores, w.runtime, object);
      await held.reached;
      return archives;
    };
    expect(await finishImport(w.stores, w.runtime, record)).toEqual(ONE_BUSY);
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('IMPORTE');
    expect((await w.stores.demandes.getMany(record.dossiers!)).map((r) => r.statut)).toEqual(['INCOMPLETE']);

    held.release();
    expect(await unpacking).toMatchObject({ kind: 'judged', verdict: { statut: 'TRAITEE' }, acceptes: 1 });
    w.stores.archives.listOfImport = listOfImport;
    expect(await kept(w, record, 1)).toEqual(version('v2'));
    // its verdict recorded, the unpacking gave its permit back: Finish now goes through
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE' } });
    expect((await w.stores.demandes.getMany(record.dossiers!)).map((r) => r.statut)).toEqual(['EN_COURS']);
  });

  it('an unpacking after Finish is refused ETAT_INCOMPATIBLE at its permit, before reading anything: no document, nothing received, no permit left', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    await archiveSent(w, record, buildZip([{ name: pdf(1), data: version('v1') }, { name: pdf(2), data: version('v1') }]));
    const late = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('late') }]));
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'finished' });
    const reads = failing(w.stores.objects, 'read', 0);
    const writes = failing(w.stores.objects, 'write', 0);
    expect(await unpackUploadedArchive(w.stores, w.runtime, late)).toEqual({
      kind: 'judged',
      verdict: { statut: 'REFUSEE', fichiers: [], code: 'ETAT_INCOMPATIBLE', message: "L'import est à l'état TERMINE : il ne reçoit plus de pièces justificatives" },
      acceptes: 0,
    });
    expect([reads.calls, writes.calls]).toEqual([0, 0]);
    expect(await kept(w, record, 1)).toEqual(version('v1'));
    const after = (await w.stores.imports.get(record.identifiant))!;
    expect(after.statut).toBe('TERMINE');
    expect(after.archivesEnCours).toBeUndefined();
  });

  it('a live permit refuses Finish even where the archives read shows nothing being unpacked (the write decides, not the read)', async () => {
    const w = await world();
    const record = await finishable(w);
    const now = w.runtime.now();
    const until = (ms: number) => new Date(now.getTime() + ms).toISOString();
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permitOf({ archive: 901, until: until(60_000), worker: 'w1' }));
    expect(await finishImport(w.stores, w.runtime, record)).toEqual(ONE_BUSY);
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permitOf({ archive: 902, until: until(90_000), worker: 'w2' }));
    expect(await finishImport(w.stores, w.runtime, record)).toEqual({
      ...ONE_BUSY,
      message: '2 archives de pièces justificatives sont en cours de traitement : attendez leur verdict avant de terminer',
    });
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('IMPORTE');
  });

  it('a stale permit (its unpacking crashed) does not block Finish: removed on the value read, then Finish goes through; the retry of that unpacking is refused', async () => {
    const w = await world();
    const record = await finishable(w);
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    // an unpacking took its lease and its permit, then was killed
    const now = w.runtime.now();
    const until = new Date(now.getTime() + ARCHIVE_LEASE.durationMs);
    await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'killed', now, until);
    const permit = permitOf({ archive: object.identifiant, until: until.toISOString(), worker: 'killed' });
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permit);
    expect(await finishImport(w.stores, w.runtime, record)).toEqual(ONE_BUSY);
    // past the deadline, within the margin for another function's clock: still held
    w.runtime.advance(ARCHIVE_LEASE.durationMs + 1);
    expect(await finishImport(w.stores, w.runtime, record)).toEqual(ONE_BUSY);

    w.runtime.advance(ARCHIVE_PERMIT.clockMarginMs);
    const finished = await finishImport(w.stores, w.runtime, record);
    expect(finished).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE' } });
    expect((finished as { record: ImportRecord }).record.archivesEnCours).toBeUndefined();
    // the event's retry takes the expired lease over, and is refused at its permit
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'judged', verdict: { statut: 'REFUSEE', code: 'ETAT_INCOMPATIBLE' } });
    expect(await kept(w, record, 1)).toEqual(version('v1'));
  });

  it('a stale permit is removed only as it was read: one renewed meanwhile is live and keeps Finish out', async () => {
    const w = await world();
    const record = await finishable(w);
    const now = w.runtime.now();
    const stale = permitOf({ archive: 7, until: new Date(now.getTime() - ARCHIVE_PERMIT.clockMarginMs - 1).toISOString(), worker: 'old' });
    await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', stale);
    // between Finish's refused write and its removal of the stale permit, a new attempt takes one
    const dropPermit = w.stores.imports.dropPermit.bind(w.stores.imports);
    w.stores.imports.dropPermit = async (identifiant, permit) => {
      await w.stores.imports.takePermit(identifiant, 'IMPORTE', permitOf({ archive: 7, until: new Date(now.getTime() + 60_000).toISOString(), worker: 'new' }));
      return dropPermit(identifiant, permit);
    };
    expect(await finishImport(w.stores, w.runtime, record)).toEqual(ONE_BUSY);
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toEqual([permitOf({ archive: 7, until: new Date(now.getTime() + 60_000).toISOString(), worker: 'new' })]);
  });
});

describe('the permit of an unpacking', () => {
  it('is given back when the unpacking fails (for the retry), and after its last attempt', async () => {
    const w = await world();
    const record = await finishable(w);
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    failing(w.stores.objects, 'write', Infinity, (bucket) => bucket === 'documents');
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow('injected failure of write');
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow();
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'gaveUp', attempts: 3 });
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'finished' });
  });

  it('is given back after an archive-level refusal too', async () => {
    const w = await world();
    const record = await finishable(w);
    const archive = await archiveSent(w, record, Buffer.from('pas une archive'));
    expect(archive).toMatchObject({ statut: 'REFUSEE', code: 'PJ-02' });
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
  });
});

describe('the archive lease past its last attempt', () => {
  it('three attempts killed mid-way: the next delivery records REFUSEE ERREUR_TECHNIQUE without unpacking, and removes their permits', async () => {
    const w = await world();
    const record = await finishable(w);
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    for (const killed of ['killed-1', 'killed-2', 'killed-3']) {
      const now = w.runtime.now();
      const until = new Date(now.getTime() + ARCHIVE_LEASE.durationMs);
      await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, killed, now, until);
      await w.stores.imports.takePermit(record.identifiant, 'IMPORTE', permitOf({ archive: object.identifiant, until: until.toISOString(), worker: killed }));
      w.runtime.advance(ARCHIVE_LEASE.durationMs + 1);
    }
    const reads = failing(w.stores.objects, 'read', 0);
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'gaveUp', attempts: 4 });
    expect(reads.calls).toBe(0);
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({
      statut: 'REFUSEE',
      code: 'ERREUR_TECHNIQUE',
      message: TECHNICAL_FAILURE.archive,
      tentatives: 4,
      fichiers: [],
    });
    expect((await w.stores.imports.get(record.identifiant))!.archivesEnCours).toBeUndefined();
    expect(await kept(w, record, 1)).toEqual(version('v1'));
    expect(await leftBy(w, record, object.identifiant)).toBe(0);
  });
});
