/**
 * Hostile attachment archives (SPEC §7, PJ-01..PJ-10) sent through the real flow: presigned POST,
 * browser-form upload to the S3 emulator, the unzip function on the bucket's event, the verdicts
 * read back from GET /imports/{id}/pieces-jointes. Then what was stored, and the unzip function on
 * replayed and concurrent deliveries of one event.
 */
import { randomBytes } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as unzipHandler } from '../../functions/unzip/handler.js';
import { config } from '../../shared/config.js';
import { archiveKey } from '../../shared/app/object-keys.js';
import { bytesOf, DPI_SIRET, validFile, validLine } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf, fakePng, zeros, type ZipEntrySpec } from '../fixtures/zip-builder.js';
import {
  importThroughService,
  lambdaContext,
  localClients,
  localStores,
  sendArchive,
  simulateThroughService,
  startHarness,
  type Harness,
  type Televersement,
  uploadEvent,
} from './harness.js';

const s3Client = () => localClients().s3;
const getArchive = (identifiantImport: number, identifiant: number) => localStores().archives.get(identifiantImport, identifiant);

const MB = 1024 * 1024;

let h: Harness;
let token: string;
let importId: number;
/** Expected document name → its request's numéro de dossier (from GET …/pieces-jointes). */
const dossierOf = new Map<string, string>();

/** One expected document per role: each case has its own target. */
const ROLES = {
  // line 1: targets inside archives refused as a whole (never to be stored)
  bomb: [1, 2],
  bombCanary: [1, 3],
  manyCanary: [1, 4],
  truncatedCanary: [1, 5],
  oversizedCanary: [1, 6],
  // line 2: per-file verdicts
  lying: [2, 1],
  encrypted: [2, 2],
  png: [2, 3],
  exact: [2, 4],
  overByOne: [2, 5],
  // line 3: replay, concurrency, paths, skipped entries
  replay: [3, 1],
  concurrent: [3, 2],
  traversal: [3, 3],
  macos: [3, 4],
} as const;
type Role = keyof typeof ROLES;

const nameOf = (line: number, n: number) => `HOP-DPI-Va2-BDC-ED${String(line).padStart(5, '0')}${n === 1 ? '' : `-${n}`}.pdf`;
const N = Object.fromEntries(Object.entries(ROLES).map(([role, [line, n]]) => [role, nameOf(line, n)])) as Record<Role, string>;
/** The only documents any archive of this file should get stored. */
const ACCEPTED = [N.exact, N.replay, N.concurrent];

/** Expected, never sent: a name of the right shape that no line cites. */
const UNEXPECTED = 'HOP-DPI-Va2-BDC-ED99999.pdf';

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
  const file = validFile(0);
  file.lignesImport = [1, 2, 3].map((line) => {
    const l: Record<string, any> = { ...validLine(line), numLigne: line };
    const count = Math.max(...Object.values(ROLES).filter(([ln]) => ln === line).map(([, n]) => n));
    l.piecesJustificatives = Array.from({ length: count }, (_, i) => ({ nomFichier: nameOf(line, i + 1), formatFichier: 'PDF' }));
    return l;
  });
  const { id, status } = await simulateThroughService(h, token, 'MJCDPI0001', bytesOf(file));
  expect(status.statut, JSON.stringify(status)).toBe('SIMULATION_VALIDE');
  expect((await importThroughService(h, token, id)).statut).toBe('IMPORTE');
  importId = id;
  const attendues = ((await (await h.call('GET', `/imports/${id}/pieces-jointes`, { token })).json()) as any).attendues as any[];
  for (const a of attendues) dossierOf.set(a.nomFichier, a.numeroDossier);
  for (const name of Object.values(N)) expect(dossierOf.has(name), name).toBe(true);
}, 60_000);
afterAll(() => h?.stop());

const send = (zip: Uint8Array, nomArchive: string) => sendArchive(h, token, importId, zip, nomArchive);

/** Each file's verdict as [nom, statut, code]. */
const verdicts = (archive: any): [string, string, string | null][] => archive.fichiers.map((f: any) => [f.nom, f.statut, f.code ?? null]);

function expectRefused(archive: any, code: string): void {
  expect({ statut: archive.statut, code: archive.code, fichiers: archive.fichiers }).toEqual({ statut: 'REFUSEE', code, fichiers: [] });
  expect(archive.message).toEqual(expect.any(String));
}

function expectTreated(archive: any, expected: [string, string, string | null][]): void {
  expect(archive.statut, `${archive.code} : ${archive.message}`).toBe('TRAITEE');
  expect(archive.code).toBeNull();
  expect(verdicts(archive)).toEqual(expected);
}

async function storedKeys(prefix = 'pieces/'): Promise<{ key: string; etag: string; size: number; modified: number }[]> {
  const out: { key: string; etag: string; size: number; modified: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3Client().send(new ListObjectsV2Command({ Bucket: config().documentsBucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) out.push({ key: o.Key!, etag: o.ETag!, size: o.Size!, modified: o.LastModified!.getTime() });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

const storedNames = async () => (await storedKeys()).map((o) => o.key.split('/').pop()!);


describe('archives refused as a whole', () => {
  it('a deflate bomb (50 MB of zeros under an expected PDF name) → REFUSEE PJ-03', async () => {
    const zip = buildZip([
      { name: N.bombCanary, data: fakePdf() },
      { name: N.bomb, data: zeros(50 * MB) },
    ]);
    expect(zip.length).toBeLessThan(MB);
    expectRefused(await send(zip, 'bombe.zip'), 'PJ-03');
  });

  it('1 001 entries → REFUSEE PJ-03', async () => {
    const entries: ZipEntrySpec[] = [{ name: N.manyCanary, data: fakePdf() }];
    for (let i = 1; i < 1001; i++) entries.push({ name: `f${i}.pdf`, data: fakePdf(16), method: 'store' });
    expect(entries).toHaveLength(1001);
    expectRefused(await send(buildZip(entries), 'mille-un.zip'), 'PJ-03');
  });

  it('a valid archive cut in half → REFUSEE PJ-02', async () => {
    const whole = buildZip([
      { name: N.truncatedCanary, data: fakePdf(200_000) },
      { name: UNEXPECTED, data: fakePdf(200_000) },
    ]);
    expectRefused(await send(whole.subarray(0, Math.floor(whole.length / 2)), 'coupee.zip'), 'PJ-02');
  });

  it('random bytes → REFUSEE PJ-02', async () => {
    expectRefused(await send(randomBytes(64 * 1024), 'hasard.zip'), 'PJ-02');
  });

  it('an archive of 20 MB + 1 byte that got past the upload → REFUSEE PJ-01, nothing stored', async () => {
    const canary: ZipEntrySpec = { name: N.oversizedCanary, data: fakePdf() };
    const overhead = buildZip([canary, { name: 'remplissage.bin', data: Buffer.alloc(0), method: 'store' }]).length;
    const zip = buildZip([canary, { name: 'remplissage.bin', data: randomBytes(20 * MB + 1 - overhead), method: 'store' }]);
    expect(zip.length).toBe(20 * MB + 1);
    // the upload policy refuses it (as S3 does): it gets past only with the service's own credentials
    expectRefused(await sendArchive(h, token, importId, zip, 'trop-grosse.zip', { pastPolicy: true }), 'PJ-01');
    expect(await storedNames()).not.toContain(N.oversizedCanary);
  }, 40_000);
});

describe('verdicts per file, archive TRAITEE', () => {
  it('a header that lies about the size: judged on the bytes actually unpacked → PJ-07', async () => {
    const zip = buildZip([{ name: N.lying, data: fakePdf(3 * MB + 100 * 1024), declaredUncompressedSize: 1000 }]);
    expectTreated(await send(zip, 'menteuse.zip'), [[N.lying, 'REFUSE', 'PJ-07']]);
  });

  it('unsafe paths → PJ-10, with the full entry name as nom', async () => {
    const traversal = `docs/../../${N.traversal}`;
    const zip = buildZip([
      { name: '../x.pdf', data: fakePdf() },
      { name: '/etc/x.pdf', data: fakePdf() },
      { name: 'C:\\x.pdf', data: fakePdf() },
      { name: traversal, data: fakePdf() },
    ]);
    expectTreated(await send(zip, 'chemins.zip'), [
      ['../x.pdf', 'REFUSE', 'PJ-10'],
      ['/etc/x.pdf', 'REFUSE', 'PJ-10'],
      ['C:\\x.pdf', 'REFUSE', 'PJ-10'],
      [traversal, 'REFUSE', 'PJ-10'],
    ]);
  });

  it('an encrypted entry: PJ-09 when expected, PJ-06 (earlier in the order) when not', async () => {
    const zip = buildZip([
      { name: N.encrypted, data: fakePdf(), encrypted: true },
      { name: UNEXPECTED, data: fakePdf(), encrypted: true },
    ]);
    expectTreated(await send(zip, 'chiffree.zip'), [
      [N.encrypted, 'REFUSE', 'PJ-09'],
      [UNEXPECTED, 'REFUSE', 'PJ-06'],
    ]);
  });

  it("a PNG's bytes under an expected .pdf name → PJ-08", async () => {
    expectTreated(await send(buildZip([{ name: N.png, data: fakePng() }]), 'png.zip'), [[N.png, 'REFUSE', 'PJ-08']]);
  });

  it('exactly 3 MB → ACCEPTE; 3 MB + 1 byte → PJ-07', async () => {
    const zip = buildZip([
      { name: N.exact, data: fakePdf(3 * MB) },
      { name: N.overByOne, data: fakePdf(3 * MB + 1) },
    ]);
    const archive = await send(zip, 'limites.zip');
    expectTreated(archive, [
      [N.exact, 'ACCEPTE', null],
      [N.overByOne, 'REFUSE', 'PJ-07'],
    ]);
    expect(archive.fichiers[0]).toMatchObject({ numeroDossier: dossierOf.get(N.exact), nomFichier: N.exact });
    const stored = (await storedKeys()).find((o) => o.key.endsWith(`/${N.exact}`));
    expect(stored?.size).toBe(3 * MB);
  });

  it('names: 101 characters → PJ-04, .docx → PJ-05, not expected → PJ-06', async () => {
    const long = `${'A'.repeat(97)}.pdf`;
    expect(long).toHaveLength(101);
    const zip = buildZip([
      { name: long, data: fakePdf() },
      { name: 'HOP-DPI-Va2-BDC-ED00002.docx', data: fakePdf() },
      { name: UNEXPECTED, data: fakePdf() },
    ]);
    expectTreated(await send(zip, 'noms.zip'), [
      [long, 'REFUSE', 'PJ-04'],
      ['HOP-DPI-Va2-BDC-ED00002.docx', 'REFUSE', 'PJ-05'],
      [UNEXPECTED, 'REFUSE', 'PJ-06'],
    ]);
  });

  it('non-UTF-8 names (CP437 without the flag, invalid UTF-8 with it) → a verdict per file, no crash', async () => {
    const cp437 = Buffer.concat([Buffer.from([0x48, 0x4f, 0x50, 0x82]), Buffer.from('-INCONNU.pdf')]); // "HOPé-INCONNU.pdf"
    const invalid = Buffer.concat([Buffer.from('HOP-'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('.pdf')]);
    const zip = buildZip([
      { name: cp437, data: fakePdf(), utf8: false },
      { name: invalid, data: fakePdf(), utf8: true },
    ]);
    expectTreated(await send(zip, 'encodages.zip'), [
      ['HOPé-INCONNU.pdf', 'REFUSE', 'PJ-06'],
      [invalid.toString('utf8'), 'REFUSE', 'PJ-06'],
    ]);
  });

  it('an empty archive → TRAITEE with no files', async () => {
    expectTreated(await send(buildZip([]), 'vide.zip'), []);
  });

  it('directories, __MACOSX/ entries and hidden files are skipped silently', async () => {
    const zip = buildZip([
      { name: 'docs/', directory: true },
      { name: '__MACOSX/', directory: true },
      { name: `__MACOSX/${N.macos}`, data: fakePdf() },
      { name: `__MACOSX/docs/._${N.macos}`, data: 'resource fork' },
      { name: '.hidden.pdf', data: fakePdf() },
      { name: 'docs/.hidden.pdf', data: fakePdf() },
      { name: `docs/${UNEXPECTED}`, data: fakePdf() },
    ]);
    expectTreated(await send(zip, 'sautes.zip'), [[`docs/${UNEXPECTED}`, 'REFUSE', 'PJ-06']]);
    expect(await storedNames()).not.toContain(N.macos);
  });
});

describe('the unzip function on replayed and concurrent deliveries', () => {
  it('the same event delivered again after the verdict changes neither the verdict nor the stored objects', async () => {
    const zip = buildZip([{ name: N.replay, data: fakePdf(10_000) }]);
    const archive = await send(zip, 'rejouee.zip');
    expectTreated(archive, [[N.replay, 'ACCEPTE', null]]);
    const key = archiveKey(DPI_SIRET, importId, archive.identifiant);
    const recordBefore = await getArchive(importId, archive.identifiant);
    const objectsBefore = await storedKeys();
    await new Promise((r) => setTimeout(r, 20)); // a rewrite would show a later LastModified
    await unzipHandler(uploadEvent(key, zip.length), lambdaContext('unzip'));
    await unzipHandler(uploadEvent(key, zip.length), lambdaContext('unzip'));
    expect(await getArchive(importId, archive.identifiant)).toEqual(recordBefore);
    expect(recordBefore?.tentatives).toBe(1);
    expect(await storedKeys()).toEqual(objectsBefore);
  });

  it('3 copies at once of an event whose own delivery was lost → one verdict, tentatives 1', async () => {
    const zip = buildZip([{ name: N.concurrent, data: fakePdf(20_000) }]);
    const res = await h.call('POST', `/imports/${importId}/pieces-jointes`, { token, body: { nomArchive: 'concurrente.zip' } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { identifiant: number; televersement: Televersement };
    const key = archiveKey(DPI_SIRET, importId, created.identifiant);
    expect(created.televersement.champs.key).toBe(key);

    const resume = h.stack.dispatcher.suspend();
    try {
      const form = new FormData();
      for (const [k, v] of Object.entries(created.televersement.champs)) form.append(k, v);
      form.append('file', new Blob([zip], { type: 'application/zip' }), 'concurrente.zip');
      const upload = await fetch(created.televersement.url, { method: 'POST', body: form });
      expect(upload.status).toBeLessThan(300);
    } finally {
      await resume(); // waits for the emulator's event, from its worker thread, and drops it
    }
    expect((await getArchive(importId, created.identifiant))?.statut).toBe('EN_ATTENTE');

    await Promise.all([1, 2, 3].map(() => unzipHandler(uploadEvent(key, zip.length), lambdaContext('unzip'))));
    const record = await getArchive(importId, created.identifiant);
    expect(record).toMatchObject({ statut: 'TRAITEE', tentatives: 1 });
    expect(record!.fichiers.map((f) => [f.nom, f.statut])).toEqual([[N.concurrent, 'ACCEPTE']]);
    const listed = ((await (await h.call('GET', `/imports/${importId}/pieces-jointes`, { token })).json()) as any).archives as any[];
    expectTreated(
      listed.find((a) => a.identifiant === created.identifiant),
      [[N.concurrent, 'ACCEPTE', null]],
    );
    expect((await storedKeys()).filter((o) => o.key.endsWith(`/${N.concurrent}`))).toHaveLength(1);
  });
});

describe('after all of them', () => {
  it('stored only accepted documents, each under its own request; the API still answers', async () => {
    const stored = await storedKeys();
    const list0 = (await (await h.call('GET', `/imports/${importId}/pieces-jointes`, { token })).json()) as any;
    const judged = new Set(list0.archives.filter((a: any) => a.statut === 'TRAITEE').map((a: any) => a.identifiant));
    for (const { key } of stored) {
      const name = key.split('/').pop()!;
      expect(dossierOf.has(name), key).toBe(true);
      // in the folder of an archive judged TRAITEE, then under its request
      const archive = Number(/^pieces\/[0-9]{14}\/[0-9]+\/([0-9]+)\//.exec(key)?.[1]);
      expect(judged.has(archive), key).toBe(true);
      expect(key).toBe(`pieces/${DPI_SIRET}/${importId}/${archive}/${dossierOf.get(name)}/${name}`);
    }
    expect(stored.map((o) => o.key.split('/').pop()).sort()).toEqual([...ACCEPTED].sort());
    // nothing from the archives refused as a whole, nor from files refused or skipped
    for (const name of [N.bomb, N.bombCanary, N.manyCanary, N.truncatedCanary, N.oversizedCanary, N.lying, N.encrypted, N.png, N.overByOne, N.traversal, N.macos]) {
      expect(stored.map((o) => o.key), name).not.toContainEqual(expect.stringContaining(name));
    }

    const res = await h.call('GET', `/imports/${importId}`, { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ identifiant: importId, statut: 'IMPORTE' });
    const list = (await (await h.call('GET', `/imports/${importId}/pieces-jointes`, { token })).json()) as any;
    expect(list.archives.every((a: any) => a.statut === 'TRAITEE' || a.statut === 'REFUSEE')).toBe(true);
    expect(list.attendues.filter((a: any) => a.recue).map((a: any) => a.nomFichier).sort()).toEqual([...ACCEPTED].sort());
  });
});

describe('integrity (issue 9: CRC-32, overlapping entries, entry count from the end of central directory)', () => {
  /** Names of documents that only ever travel in archives refused as a whole (never to be stored). */
  const NEVER_STORED = [N.bomb, N.bombCanary, N.manyCanary, N.truncatedCanary, N.oversizedCanary];
  const expectNothingStoredFrom = async () => {
    const stored = (await storedKeys()).map((o) => o.key.split('/').pop());
    for (const name of NEVER_STORED) expect(stored, name).not.toContain(name);
  };

  it('an entry whose CRC-32 is wrong → REFUSEE PJ-02, nothing stored', async () => {
    const zip = buildZip([
      { name: N.bombCanary, data: fakePdf() },
      { name: N.bomb, data: fakePdf(), declaredCrc: 0xdeadbeef },
    ]);
    expectRefused(await send(zip, 'crc-faux.zip'), 'PJ-02');
    await expectNothingStoredFrom();
  });

  it('the overlapping-entries bomb (66 records over the same 3 MB of data, 8 KB in all) → REFUSEE PJ-02', async () => {
    const data = Buffer.concat([fakePdf(64), zeros(3 * MB - 1024)]);
    const compressed = buildZip([{ name: 'x', data }]).readUInt32LE(18); // the deflated size, from the local header
    const entries: ZipEntrySpec[] = [{ name: N.bomb, data, declaredUncompressedSize: compressed }];
    for (let i = 1; i < 66; i++) entries.push({ name: `${N.bombCanary.slice(0, -4)}-${i}.pdf`, sameDataAs: 0 });
    entries.push({ name: N.bombCanary, sameDataAs: 0 });
    const zip = buildZip(entries);
    expect(zip.length).toBeLessThan(12 * 1024);
    expectRefused(await send(zip, 'chevauchement.zip'), 'PJ-02');
    await expectNothingStoredFrom();
  });

  it('an entry whose data runs into the central directory → REFUSEE PJ-02', async () => {
    const honest = buildZip([{ name: N.bombCanary, data: fakePdf() }]).readUInt32LE(18);
    const zip = buildZip([{ name: N.bombCanary, data: fakePdf(), declaredCompressedSize: honest + 16 }]);
    expectRefused(await send(zip, 'empiete.zip'), 'PJ-02');
    await expectNothingStoredFrom();
  });

  it('70 000 entries (ZIP64 end of central directory) → REFUSEE PJ-03', async () => {
    const entries: ZipEntrySpec[] = [{ name: N.manyCanary, data: fakePdf() }];
    for (let i = 1; i < 70_000; i++) entries.push({ name: `f${i}.pdf`, method: 'store' });
    const zip = buildZip(entries);
    expect(zip.length).toBeLessThan(20 * MB);
    const archive = await send(zip, 'soixante-dix-mille.zip');
    expectRefused(archive, 'PJ-03');
    expect(archive.message).toMatch(/70.000 fichiers/);
    await expectNothingStoredFrom();
  });
});
