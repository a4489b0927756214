/** Attachments (SPEC §7): archives unpacked under a lease, documents stored and received, Finish. */
import { describe, expect, it } from 'vitest';
import { listAttachments } from '../../../shared/app/attachments/list-attachments.js';
import { unpackUploadedArchive } from '../../../shared/app/attachments/unpack-uploaded-archive.js';
import { finishImport } from '../../../shared/app/import/finish-import.js';
import { MAX_ARCHIVE_BYTES } from '../../../shared/domain/attachments.js';
import { ARCHIVE_LEASE, ARCHIVE_PERMIT, TECHNICAL_FAILURE } from '../../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { DPI_SIRET, validFile } from '../../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../../fixtures/zip-builder.js';
import { archiveSent, archiveUploaded, failing, imported, keptDocument, leftBy, world, type World } from './world.js';

const pdf = (n: number) => `HOP-DPI-Va2-BDC-ED${String(n).padStart(5, '0')}.pdf`;
const version = (label: string) => Buffer.concat([fakePdf(), Buffer.from(label)]);
const kept = (w: World, record: ImportRecord, line: number, name = pdf(line)) => keptDocument(w, record, record.dossiers![line - 1]!, name);

describe('an archive unpacked', () => {
  it('stores each accepted document under the archive and its request, received; refuses the others file by file', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    const archive = await archiveSent(w, record, buildZip([{ name: pdf(1), data: fakePdf() }, { name: 'notes.txt', data: 'x' }]));
    expect(archive).toMatchObject({ statut: 'TRAITEE', code: null, message: null, tentatives: 1 });
    expect(archive.fichiers.map((f) => [f.nom, f.statut, f.code])).toEqual([
      [pdf(1), 'ACCEPTE', null],
      ['notes.txt', 'REFUSE', 'PJ-05'],
    ]);
    expect(await kept(w, record, 1)).toEqual(fakePdf());
    const listed = await listAttachments(w.stores, record);
    expect(listed).toMatchObject({ nombreAttendues: 2, nombreRecues: 1 });
    expect(listed.attendues).toEqual([
      { type: 'BDC', nomFichier: pdf(1), numeroDossier: record.dossiers![0], recue: true, archive: archive.identifiant },
      { type: 'BDC', nomFichier: pdf(2), numeroDossier: record.dossiers![1], recue: false, archive: null },
    ]);
    expect(listed.archives.map((a) => a.identifiant)).toEqual([archive.identifiant]);
  });

  it('the last copy wins, in one archive and across archives', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const first = Buffer.concat([fakePdf(), Buffer.from('first')]);
    const second = Buffer.concat([fakePdf(), Buffer.from('second')]);
    const earlier = await archiveSent(w, record, buildZip([{ name: pdf(1), data: first }, { name: `sous-dossier/${pdf(1)}`, data: second }]));
    expect(await kept(w, record, 1)).toEqual(second);
    const later = await archiveSent(w, record, buildZip([{ name: pdf(1), data: first }]));
    expect(await kept(w, record, 1)).toEqual(first);
    // the earlier copy is gone: the earlier archive's folder is empty, the later one holds the document
    expect(await leftBy(w, record, earlier.identifiant)).toBe(0);
    expect(await leftBy(w, record, later.identifiant)).toBe(1);
    const listed = await listAttachments(w.stores, record);
    expect(listed.archives).toHaveLength(2);
    expect(listed.archives[0]!.identifiant).toBeGreaterThan(listed.archives[1]!.identifiant);
  });

  it('refuses a whole archive that is not a ZIP (PJ-02), storing nothing', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const archive = await archiveSent(w, record, Buffer.from('pas une archive'));
    expect(archive).toMatchObject({ statut: 'REFUSEE', code: 'PJ-02', fichiers: [] });
    expect(await kept(w, record, 1)).toBeUndefined();
  });

  it('refuses an archive over 20 MB on the size its event gives, without reading it (PJ-01)', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const reads = failing(w.stores.objects, 'read', 0);
    const outcome = await unpackUploadedArchive(w.stores, w.runtime, { ...object, size: MAX_ARCHIVE_BYTES + 1 });
    expect(outcome).toMatchObject({ kind: 'judged', verdict: { statut: 'REFUSEE', code: 'PJ-01' }, acceptes: 0 });
    expect(reads.calls).toBe(0);
  });

  it('refuses ETAT_INCOMPATIBLE an archive whose unpacking starts after Finish, and keeps nothing of it', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const late = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    await archiveSent(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const before = await kept(w, record, 1);
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'finished' });
    await w.stores.objects.write('televersements', late.key, buildZip([{ name: pdf(1), data: Buffer.concat([fakePdf(), Buffer.from('late')]) }]), 'application/zip');
    const outcome = await unpackUploadedArchive(w.stores, w.runtime, late);
    expect(outcome).toMatchObject({
      kind: 'judged',
      verdict: { statut: 'REFUSEE', code: 'ETAT_INCOMPATIBLE', message: "L'import est à l'état TERMINE : il ne reçoit plus de pièces justificatives" },
    });
    expect(await kept(w, record, 1)).toEqual(before);
  });

  it('ignores keys it did not hand out and another supplier’s archives', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    expect(await unpackUploadedArchive(w.stores, w.runtime, { key: 'pieces/x.zip', size: 1 })).toEqual({ kind: 'ignored', reason: 'not an archive key of the service' });
    const foreign = { ...object, key: object.key.replace(DPI_SIRET, '40208090600010') };
    expect(await unpackUploadedArchive(w.stores, w.runtime, foreign)).toEqual({ kind: 'ignored', reason: 'no such archive for this supplier' });
    expect((await w.stores.archives.get(record.identifiant, object.identifiant))!.statut).toBe('EN_ATTENTE');
  });
});

describe('the archive lease', () => {
  it('a duplicate event finds the archive judged; three copies at once judge it once', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const outcomes = await Promise.all([1, 2, 3].map(() => unpackUploadedArchive(w.stores, w.runtime, object)));
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['alreadyDone', 'alreadyDone', 'judged']);
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'TRAITEE' });
    expect((await w.stores.archives.get(record.identifiant, object.identifiant))!.tentatives).toBe(1);
  });

  it('takes over a lease whose holder stopped', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const now = w.runtime.now();
    await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'crashed', now, new Date(now.getTime() + ARCHIVE_LEASE.durationMs));
    w.runtime.advance(ARCHIVE_LEASE.durationMs + 1);
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'judged', acceptes: 1 });
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({ statut: 'TRAITEE', tentatives: 2 });
  });

  it('a failure gives the lease back and is rethrown; the third records REFUSEE ERREUR_TECHNIQUE', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    failing(w.stores.objects, 'read');
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow('injected failure of read');
    const released = (await w.stores.archives.get(record.identifiant, object.identifiant))!;
    expect(released).toMatchObject({ statut: 'EN_COURS', tentatives: 1 });
    expect(Date.parse(released.traitementJusqua!)).toBeLessThan(w.runtime.now().getTime());
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow('injected failure of read');
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'gaveUp', attempts: 3 });
    expect(w.runtime.sleeps).toBe(0);
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({
      statut: 'REFUSEE',
      code: 'ERREUR_TECHNIQUE',
      message: TECHNICAL_FAILURE.archive,
      fichiers: [],
    });
    expect(TECHNICAL_FAILURE.archive).toBe("Une erreur technique a empêché le traitement de l'archive ; envoyez-la à nouveau.");
  });
});

describe('Finish', () => {
  it('answers the missing documents, then moves the requests to EN_COURS and the import to TERMINE', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    await archiveSent(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    expect(await finishImport(w.stores, w.runtime, record)).toEqual({
      kind: 'missing',
      message: '1 pièce justificative manque encore : envoyez-les dans une archive ZIP avant de terminer',
      manquantes: [{ numeroDossier: record.dossiers![1], nomFichier: pdf(2) }],
    });
    expect((await w.stores.imports.get(record.identifiant))!.statut).toBe('IMPORTE');
    await archiveSent(w, record, buildZip([{ name: pdf(2), data: fakePdf() }]));
    const finished = await finishImport(w.stores, w.runtime, record);
    expect(finished).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE' } });
    expect((await w.stores.demandes.getMany(record.dossiers!)).map((r) => r.statut)).toEqual(['EN_COURS', 'EN_COURS']);
    expect(await finishImport(w.stores, w.runtime, (await w.stores.imports.get(record.identifiant))!)).toMatchObject({ kind: 'unchanged' });
  });

  it('counts the missing documents in its message', async () => {
    const w = await world();
    const record = await imported(w, validFile(3));
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({
      kind: 'missing',
      message: '3 pièces justificatives manquent encore : envoyez-les dans une archive ZIP avant de terminer',
    });
  });

  it('finishes at once an import whose every line was rejected (nothing expected)', async () => {
    const w = await world();
    await imported(w, validFile(1));
    const rejected = await imported(w, validFile(1));
    expect(rejected.dossiers).toEqual([]);
    expect(await finishImport(w.stores, w.runtime, rejected)).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE' } });
  });

  it('is refused ARCHIVES_EN_COURS while an archive is being unpacked, not once its lease has expired', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }]));
    const now = w.runtime.now();
    await w.stores.archives.acquireLease(record.identifiant, object.identifiant, DPI_SIRET, ARCHIVE_LEASE, 'busy', now, new Date(now.getTime() + ARCHIVE_LEASE.durationMs));
    expect(await finishImport(w.stores, w.runtime, record)).toEqual({
      kind: 'busy',
      code: 'ARCHIVES_EN_COURS',
      message: 'Une archive de pièces justificatives est en cours de traitement : attendez son verdict avant de terminer',
    });
    w.runtime.advance(ARCHIVE_LEASE.durationMs + 1);
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'busy' });
    w.runtime.advance(ARCHIVE_PERMIT.clockMarginMs);
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'missing' });
  });
});

describe('one commit point per archive: its verdict', () => {
  const TRAITEE = (...args: unknown[]) => (args[4] as { statut: string }).statut === 'TRAITEE';

  it('documents written by attempts that died before their verdict are not received; given up, the archive leaves nothing', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    const object = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: fakePdf() }, { name: pdf(2), data: fakePdf() }]));
    // each attempt writes the documents, then dies before recording its verdict
    failing(w.stores.archives, 'settleLease', Infinity, TRAITEE);
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow('injected failure of settleLease');
    expect(await kept(w, record, 1)).toBeUndefined();
    expect(await listAttachments(w.stores, record)).toMatchObject({ nombreRecues: 0 });
    // its retry is due: Finish waits for it a moment, then tells what is missing
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'busy' });
    w.runtime.advance(ARCHIVE_PERMIT.clockMarginMs);
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'missing', manquantes: [{ nomFichier: pdf(1) }, { nomFichier: pdf(2) }] });
    await expect(unpackUploadedArchive(w.stores, w.runtime, object)).rejects.toThrow('injected failure of settleLease');
    expect(await unpackUploadedArchive(w.stores, w.runtime, object)).toMatchObject({ kind: 'gaveUp', attempts: 3 });
    expect(await w.stores.archives.get(record.identifiant, object.identifiant)).toMatchObject({ statut: 'REFUSEE', code: 'ERREUR_TECHNIQUE' });
    expect(await leftBy(w, record, object.identifiant)).toBe(0);
    expect(await listAttachments(w.stores, record)).toMatchObject({ nombreRecues: 0 });
    expect(await finishImport(w.stores, w.runtime, record)).toMatchObject({ kind: 'missing' });
  });

  it('an unpacking that outlives its lease records no verdict: Finish passes once its permit is stale, and its retry is refused and leaves nothing', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    await archiveSent(w, record, buildZip([{ name: pdf(1), data: version('v1') }]));
    const slow = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    // the unpacking stalls (a function timed out) past its lease and the clock margin; Finish comes meanwhile
    let finished: unknown;
    const outcome = await unpackUploadedArchive(w.stores, w.runtime, slow, {
      async beforeStoring() {
        w.runtime.advance(ARCHIVE_LEASE.durationMs + ARCHIVE_PERMIT.clockMarginMs + 1);
        finished = await finishImport(w.stores, w.runtime, (await w.stores.imports.get(record.identifiant))!);
      },
    });
    expect(finished).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE' } });
    // it wrote its copy, late, in its own folder: not received, the copy kept is still v1
    expect(outcome).toEqual({ kind: 'superseded' });
    expect(await kept(w, record, 1)).toEqual(version('v1'));
    // the event's retry is refused at its permit, and empties the folder
    expect(await unpackUploadedArchive(w.stores, w.runtime, slow)).toMatchObject({ kind: 'judged', verdict: { statut: 'REFUSEE', code: 'ETAT_INCOMPATIBLE' } });
    expect(await leftBy(w, record, slow.identifiant)).toBe(0);
    expect(await kept(w, record, 1)).toEqual(version('v1'));
  });

  it('a later archive’s copy is kept over an earlier one, whatever order their verdicts land in', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const earlier = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('earlier') }]));
    const later = await archiveUploaded(w, record, buildZip([{ name: pdf(1), data: version('later') }]));
    await unpackUploadedArchive(w.stores, w.runtime, later);
    await unpackUploadedArchive(w.stores, w.runtime, earlier);
    expect(await kept(w, record, 1)).toEqual(version('later'));
    expect((await listAttachments(w.stores, record)).attendues[0]).toMatchObject({ recue: true, archive: later.identifiant });
    // the earlier archive, judged last, removed its own copy: it is not the one kept
    expect(await leftBy(w, record, earlier.identifiant)).toBe(0);
  });

  it('a copy that could not be removed is left behind, never read: the verdict and the document kept stand', async () => {
    const w = await world();
    const record = await imported(w, validFile(1));
    const earlier = await archiveSent(w, record, buildZip([{ name: pdf(1), data: version('v1') }]));
    const removals = failing(w.stores.objects, 'remove');
    const later = await archiveSent(w, record, buildZip([{ name: pdf(1), data: version('v2') }]));
    expect(removals.calls).toBe(1);
    expect(later).toMatchObject({ statut: 'TRAITEE' });
    expect(await kept(w, record, 1)).toEqual(version('v2'));
    expect(await leftBy(w, record, earlier.identifiant)).toBe(1);
  });
});
