import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { awsServices } from '../../functions/services.js';
import { handler as unzipHandler } from '../../functions/unzip/handler.js';
import { archiveDocumentsFolder, attachmentKey } from '../../shared/app/object-keys.js';
import { config } from '../../shared/config.js';
import { bytesOf, DPI_SIRET, PFI_SIRET, validFile, validLine } from '../fixtures/deposit-files.js';
import { buildZip, fakeJpg, fakePdf } from '../fixtures/zip-builder.js';
import {
  importThroughService,
  lambdaContext,
  localClients,
  localStores,
  sendArchive,
  simulateThroughService,
  startHarness,
  uploadEvent,
  type Harness,
  type Televersement,
} from './harness.js';

const s3Client = () => localClients().s3;

let h: Harness;
let dpi: string;
let pfi: string;

beforeAll(async () => {
  h = await startHarness();
  dpi = await h.token(DPI_SIRET);
  pfi = await h.token(PFI_SIRET);
}, 60_000);
afterAll(() => h?.stop());

/** The copies an import keeps, by document name (base64), read where its list of documents points. */
async function keptDocuments(id: number): Promise<Record<string, string>> {
  const kept: Record<string, string> = {};
  for (const a of (await attachments(id)).attendues as { numeroDossier: string; nomFichier: string; archive: number | null }[]) {
    if (a.archive === null) continue;
    const key = attachmentKey(DPI_SIRET, id, a.archive, a.numeroDossier, a.nomFichier);
    const body = await s3Client().send(new GetObjectCommand({ Bucket: config().documentsBucket, Key: key }));
    kept[a.nomFichier] = Buffer.from(await body.Body!.transformToByteArray()).toString('base64');
  }
  return kept;
}

/** How many objects an archive's folder holds. */
async function inFolderOf(id: number, archive: number): Promise<number> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: config().documentsBucket, Prefix: archiveDocumentsFolder(DPI_SIRET, id, archive) }));
  return listed.KeyCount ?? 0;
}

/** An imported file of two lines: line 1 names a BDC and an extra FAC (jpg), line 2 a BDC. */
async function importedWithTwoLines(from: number): Promise<{ id: number; names: [string, string, string] }> {
  const file = validFile(0);
  const l1: Record<string, any> = { ...validLine(from), numLigne: 1 };
  const l2: Record<string, any> = { ...validLine(from + 1), numLigne: 2 };
  l1.piecesJustificatives.push({ nomFichier: `HOP-DPI-Va2-FAC-${l1.numeroEditeur}-2.jpg`, formatFichier: 'JPG' });
  file.lignesImport = [l1, l2];
  const { id, status } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf(file));
  expect(status.statut).toBe('SIMULATION_VALIDE');
  expect((await importThroughService(h, dpi, id)).statut).toBe('IMPORTE');
  return { id, names: [l1.piecesJustificatives[0].nomFichier, l1.piecesJustificatives[1].nomFichier, l2.piecesJustificatives[0].nomFichier] };
}

async function attachments(id: number, token = dpi): Promise<any> {
  return (await h.call('GET', `/imports/${id}/pieces-jointes`, { token })).json();
}

describe('attachments, from the import to Finish', () => {
  it('lists what is expected, takes partial archives, says what is missing, then finishes', async () => {
    const { id, names } = await importedWithTwoLines(1000);
    const before = await attachments(id);
    expect(before.attendues.map((a: any) => [a.type, a.nomFichier, a.recue])).toEqual([
      ['BDC', names[0], false],
      ['FAC', names[1], false],
      ['BDC', names[2], false],
    ]);
    expect(before.attendues.every((a: any) => /^FINHOP\d{6}M0$/.test(a.numeroDossier))).toBe(true);
    expect(before.archives).toEqual([]);

    // first archive: one expected PDF in a sub-folder, one unexpected file, one hidden file skipped
    const first = await sendArchive(
      h,
      dpi,
      id,
      buildZip([
        { name: `envoi/${names[0]}`, data: fakePdf(5000) },
        { name: 'HOP-DPI-Va2-BDC-INCONNU.pdf', data: fakePdf() },
        { name: '.DS_Store', data: 'x' },
        { name: 'envoi/', directory: true },
      ]),
      'envoi-1.zip',
    );
    expect(first).toMatchObject({ statut: 'TRAITEE', nomArchive: 'envoi-1.zip', code: null });
    expect(first.fichiers).toMatchObject([
      { nom: `envoi/${names[0]}`, statut: 'ACCEPTE' },
      { nom: 'HOP-DPI-Va2-BDC-INCONNU.pdf', statut: 'REFUSE', code: 'PJ-06' },
    ]);

    const finishTooEarly = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(finishTooEarly.status).toBe(409);
    const missing = (await finishTooEarly.json()) as any;
    expect(missing.code).toBe('PIECES_MANQUANTES');
    expect(missing.manquantes.map((m: any) => m.nomFichier)).toEqual([names[1], names[2]]);

    // second archive brings the rest (and the first PDF again, which replaces the earlier copy)
    const second = await sendArchive(
      h,
      dpi,
      id,
      buildZip([
        { name: names[1], data: fakeJpg() },
        { name: names[2], data: fakePdf() },
        { name: names[0], data: fakePdf(6000) },
      ]),
      'envoi-2.zip',
    );
    expect(second.fichiers.map((f: any) => f.statut)).toEqual(['ACCEPTE', 'ACCEPTE', 'ACCEPTE']);
    const after = await attachments(id);
    expect(after.attendues.every((a: any) => a.recue)).toBe(true);
    expect(after.archives.map((a: any) => a.nomArchive)).toEqual(['envoi-2.zip', 'envoi-1.zip']);

    const kept = await keptDocuments(id);
    expect(Object.keys(kept).sort()).toEqual([...names].sort());
    expect(Buffer.from(kept[names[0]]!, 'base64').length).toBe(6000);

    const finish = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(finish.status).toBe(200);
    expect(await finish.json()).toMatchObject({ statut: 'TERMINE' });
    const requests = ((await (await h.call('GET', '/demandes?limite=200', { token: dpi })).json()) as any).elements.filter(
      (r: any) => r.identifiantImport === id,
    );
    expect(requests.map((r: any) => r.statut)).toEqual(['EN_COURS', 'EN_COURS']);
    expect(requests.flatMap((r: any) => r.piecesAttendues.map((p: any) => p.recue))).toEqual([true, true, true]);

    const again = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(again.status).toBe(200);
    const noMore = await h.call('POST', `/imports/${id}/pieces-jointes`, { token: dpi, body: { nomArchive: 'tard.zip' } });
    expect(noMore.status).toBe(409);
  });

  it('refuses an archive whose upload link was taken before Finish but used after it', async () => {
    const { id, names } = await importedWithTwoLines(1500);
    const early = (await (await h.call('POST', `/imports/${id}/pieces-jointes`, { token: dpi, body: { nomArchive: 'tardive.zip' } })).json()) as any;
    await sendArchive(h, dpi, id, buildZip(names.map((name) => ({ name, data: name.endsWith('.jpg') ? fakeJpg() : fakePdf() }))));
    expect((await h.call('POST', `/imports/${id}/terminer`, { token: dpi })).status).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries(early.televersement.champs as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([buildZip([{ name: names[0], data: fakePdf(7777) }])]), 'tardive.zip');
    expect((await fetch(early.televersement.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    await h.stack.settle();
    const late = (await attachments(id)).archives.find((a: any) => a.identifiant === early.identifiant);
    expect(late).toMatchObject({ statut: 'REFUSEE', code: 'ETAT_INCOMPATIBLE', fichiers: [] });
    expect(Buffer.from((await keptDocuments(id))[names[0]]!, 'base64').length).not.toBe(7777);
    expect(await inFolderOf(id, early.identifiant)).toBe(0);
  });

  it('Finish and an archive being unpacked never cross: 409 ARCHIVES_EN_COURS while it is (even where the archives read lags), then 200 TERMINE, and no document changes after', async () => {
    const { id, names } = await importedWithTwoLines(1700);
    const all = (size: number) => buildZip(names.map((name) => ({ name, data: name.endsWith('.jpg') ? fakeJpg(size) : fakePdf(size) })));
    await sendArchive(h, dpi, id, all(4000));
    const documents = () => keptDocuments(id);

    // an archive whose event the stack drops: the test delivers it to the unzip handler itself
    const created = (await (await h.call('POST', `/imports/${id}/pieces-jointes`, { token: dpi, body: { nomArchive: 'en-cours.zip' } })).json()) as {
      identifiant: number;
      televersement: Televersement;
    };
    const zip = all(5555);
    const resume = h.stack.dispatcher.suspend();
    try {
      const form = new FormData();
      for (const [k, v] of Object.entries(created.televersement.champs)) form.append(k, v);
      form.append('file', new Blob([zip], { type: 'application/zip' }), 'en-cours.zip');
      expect((await fetch(created.televersement.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    } finally {
      await resume();
    }
    // the handlers of this process (the API's and the unzip's) share their stores: the unpacking is held at its first document
    const stores = awsServices().stores;
    const write = stores.objects.write.bind(stores.objects);
    const listOfImport = stores.archives.listOfImport.bind(stores.archives);
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const atFirstDocument = new Promise<void>((r) => (reached = r));
    stores.objects.write = async (bucket, key, body, contentType) => {
      if (bucket === 'documents' && key.startsWith('pieces/')) {
        reached();
        await gate;
      }
      return write(bucket, key, body, contentType);
    };
    const before = await documents();
    const archivesBefore = await listOfImport(id);
    try {
      const unpacking = unzipHandler(uploadEvent(created.televersement.champs.key!, zip.length), lambdaContext('unzip'));
      await atFirstDocument;
      const busy = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
      expect(busy.status).toBe(409);
      expect(await busy.json()).toEqual({
        code: 'ARCHIVES_EN_COURS',
        message: 'Une archive de pièces justificatives est en cours de traitement : attendez son verdict avant de terminer',
      });
      // DynamoDB's Query is eventually consistent: Finish's read of the archives may miss the one being
      // unpacked. The decision is the conditional write on the import: still 409.
      let lagging = 0;
      stores.archives.listOfImport = async () => {
        lagging++;
        return archivesBefore;
      };
      const stillBusy = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
      expect(lagging).toBe(1);
      expect(stillBusy.status).toBe(409);
      expect(await stillBusy.json()).toMatchObject({ code: 'ARCHIVES_EN_COURS' });
      stores.archives.listOfImport = listOfImport;
      expect((await localStores().imports.get(id))?.statut).toBe('IMPORTE');

      release();
      await unpacking;
    } finally {
      stores.objects.write = write;
      stores.archives.listOfImport = listOfImport;
      release();
    }
    const judged = await localStores().archives.get(id, created.identifiant);
    expect(judged).toMatchObject({ statut: 'TRAITEE' });
    const replaced = await documents();
    expect(Object.keys(replaced)).toEqual(Object.keys(before));
    expect(replaced).not.toEqual(before);

    const finish = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(finish.status).toBe(200);
    expect(await finish.json()).toMatchObject({ statut: 'TERMINE' });
    expect((await localStores().imports.get(id))?.archivesEnCours).toBeUndefined();
    // after TERMINE: the event delivered again changes nothing (an archive sent after Finish: the test above)
    await unzipHandler(uploadEvent(created.televersement.champs.key!, zip.length), lambdaContext('unzip'));
    await h.stack.settle();
    expect(await documents()).toEqual(replaced);
    expect((await localStores().archives.get(id, created.identifiant))?.statut).toBe('TRAITEE');
  });

  it('refuses archives before the import and for another supplier; checks the archive name', async () => {
    const { id } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf(validFile(1)));
    const early = await h.call('POST', `/imports/${id}/pieces-jointes`, { token: dpi, body: { nomArchive: 'a.zip' } });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ code: 'ETAT_INCOMPATIBLE' });
    expect((await h.call('GET', `/imports/${id}/pieces-jointes`, { token: pfi })).status).toBe(404);
    expect((await h.call('POST', `/imports/${id}/pieces-jointes`, { token: pfi, body: { nomArchive: 'a.zip' } })).status).toBe(404);
    expect((await h.call('POST', `/imports/${id}/terminer`, { token: pfi })).status).toBe(404);
    const finish = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(finish.status).toBe(409);
    const { id: imported } = await importedWithTwoLines(1100);
    for (const body of [{}, { nomArchive: 'a.rar' }, { nomArchive: '../a.zip' }, { nomArchive: 'a.zip', x: 1 }]) {
      const res = await h.call('POST', `/imports/${imported}/pieces-jointes`, { token: dpi, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('finishes at once an import whose every line was rejected (nothing expected)', async () => {
    const { id: first } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf({ ...validFile(0), lignesImport: [{ ...validLine(1200), numLigne: 1 }] }));
    await importThroughService(h, dpi, first);
    const { id } = await simulateThroughService(h, dpi, 'MJCDPI0001', bytesOf({ ...validFile(0), lignesImport: [{ ...validLine(1200), numLigne: 1 }] }));
    const done = await importThroughService(h, dpi, id);
    expect(done).toMatchObject({ statut: 'IMPORTE', compteRendu: { nombreLignesImportees: 0 } });
    expect((await attachments(id)).attendues).toEqual([]);
    const finish = await h.call('POST', `/imports/${id}/terminer`, { token: dpi });
    expect(finish.status).toBe(200);
    expect(await finish.json()).toMatchObject({ statut: 'TERMINE' });
  });
});
