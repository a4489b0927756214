/**
 * SPEC §7 "Integrity" (issue 9, faults 4 to 6): CRC-32 checked, overlapping entries refused before
 * anything is inflated, the entry count judged from the end of central directory at once, and the
 * 100:1 limit held on the bytes actually inflated.
 */
import * as zlib from 'node:zlib';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unpackArchive, type ArchiveVerdict } from '../../shared/attachments/unpack-archive.js';
import type { ExpectedAttachment } from '../../shared/domain/attachments.js';
import { buildZip, fakePdf, zeros, type ZipEntrySpec } from '../fixtures/zip-builder.js';

// Counts the inflations unpackArchive asks zlib for (the real inflation still runs).
vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  return { ...actual, inflateRawSync: vi.fn(actual.inflateRawSync) };
});
const inflations = () => vi.mocked(zlib.inflateRawSync).mock.calls.length;

const MB = 1024 * 1024;
const nameOf = (i: number) => `HOP-DPI-Va2-BDC-ED${String(i).padStart(5, '0')}.pdf`;
const expected = new Map<string, ExpectedAttachment>(
  Array.from({ length: 100 }, (_, i) => nameOf(i + 1)).map((n) => [n, { numeroDossier: 'FINHOP000001M0', nomFichier: n }]),
);

function refusedCode(verdict: ArchiveVerdict): string | undefined {
  return verdict.refused?.code;
}

function acceptedNames(verdict: ArchiveVerdict): string[] {
  return verdict.refused ? [] : verdict.accepted.map((a) => a.nomFichier);
}

afterEach(() => {
  vi.mocked(zlib.inflateRawSync).mockClear();
  vi.restoreAllMocks();
});

describe('an intact archive is still accepted', () => {
  it('deflated and stored entries with their true CRC-32', async () => {
    const zip = buildZip([
      { name: nameOf(1), data: fakePdf(5000) },
      { name: nameOf(2), data: fakePdf(3000), method: 'store' },
      { name: 'docs/', directory: true },
      { name: `docs/${nameOf(3)}`, data: fakePdf(100) },
    ]);
    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBeUndefined();
    expect(acceptedNames(verdict)).toEqual([nameOf(1), nameOf(2), nameOf(3)]);
  });

  it('1 000 entries (the limit) are read and judged one by one', async () => {
    const entries: ZipEntrySpec[] = Array.from({ length: 1000 }, (_, i) => ({ name: `autre-${i}.pdf`, data: fakePdf(16), method: 'store' as const }));
    const verdict = await unpackArchive(buildZip(entries), expected);
    expect(refusedCode(verdict)).toBeUndefined();
    expect(!verdict.refused && verdict.files.every((f) => f.code === 'PJ-06')).toBe(true);
  });
});

describe('fault 4: the CRC-32 of every unpacked entry is checked', () => {
  it('a deflated entry whose CRC-32 is wrong refuses the whole archive (PJ-02)', async () => {
    const zip = buildZip([
      { name: nameOf(1), data: fakePdf(5000) },
      { name: nameOf(2), data: fakePdf(5000), declaredCrc: 0xdeadbeef },
    ]);
    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBe('PJ-02');
    expect(verdict.refused?.message).toContain('CRC-32');
    expect(verdict.refused?.message).toContain(nameOf(2));
  });

  it('a stored entry whose CRC-32 is wrong refuses the whole archive (PJ-02)', async () => {
    const zip = buildZip([{ name: nameOf(1), data: fakePdf(5000), method: 'store', declaredCrc: 0 }]);
    expect(refusedCode(await unpackArchive(zip, expected))).toBe('PJ-02');
  });

  it('a byte of data flipped after the archive was written (CRC-32 no longer matches) → PJ-02', async () => {
    const zip = buildZip([{ name: nameOf(1), data: fakePdf(5000), method: 'store' }]);
    const at = 30 + nameOf(1).length + 2000; // inside the stored data
    zip.writeUInt8(zip.readUInt8(at) ^ 0x01, at);
    expect(refusedCode(await unpackArchive(zip, expected))).toBe('PJ-02');
  });
});

describe('fault 5: overlapping entries are a malformed archive (PJ-02), refused before inflating', () => {
  /** 3 MB less a little of a PDF-looking file that deflates to about 3 KB. */
  const compressiblePdf = () => Buffer.concat([fakePdf(64), zeros(3 * MB - 1024)]);

  it('the 8 KB overlapping-entries bomb: 66 directory records over the same data → PJ-02, nothing inflated', async () => {
    const data = compressiblePdf();
    const compressed = zlib.deflateRawSync(data).length;
    const entries: ZipEntrySpec[] = [{ name: nameOf(1), data, declaredUncompressedSize: compressed }];
    for (let i = 2; i <= 66; i++) entries.push({ name: nameOf(i), sameDataAs: 0 });
    const zip = buildZip(entries);
    expect(zip.length).toBeLessThan(12 * 1024);
    expect(66 * data.length).toBeGreaterThan(190 * MB);

    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBe('PJ-02');
    expect(inflations()).toBe(0);
  });

  it('two directory records over the same data, even small and honest → PJ-02', async () => {
    const zip = buildZip([
      { name: nameOf(1), data: fakePdf(2000) },
      { name: nameOf(2), sameDataAs: 0 },
    ]);
    expect(refusedCode(await unpackArchive(zip, expected))).toBe('PJ-02');
    expect(inflations()).toBe(0);
  });

  it('an entry whose data runs over the next entry (partly overlapping) → PJ-02', async () => {
    const second = buildZip([{ name: nameOf(2), data: fakePdf(1000) }]);
    const secondLocal = 30 + nameOf(2).length + zlib.deflateRawSync(fakePdf(1000)).length;
    expect(second.length).toBeGreaterThan(secondLocal);
    const firstPayload = zlib.deflateRawSync(fakePdf(1000)).length;
    const zip = buildZip([
      { name: nameOf(1), data: fakePdf(1000), declaredCompressedSize: firstPayload + 10 }, // 10 bytes into the next local header
      { name: nameOf(2), data: fakePdf(1000) },
    ]);
    expect(refusedCode(await unpackArchive(zip, expected))).toBe('PJ-02');
    expect(inflations()).toBe(0);
  });

  it("an entry whose data runs into the central directory → PJ-02", async () => {
    const payload = zlib.deflateRawSync(fakePdf(1000)).length;
    const zip = buildZip([{ name: nameOf(1), data: fakePdf(1000), declaredCompressedSize: payload + 20 }]);
    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBe('PJ-02');
    expect(verdict.refused?.message).toContain('répertoire central');
    expect(inflations()).toBe(0);
  });

  it('the same name twice with data of its own is not an overlap (the later copy is judged too)', async () => {
    const zip = buildZip([
      { name: nameOf(1), data: fakePdf(1000) },
      { name: nameOf(1), data: fakePdf(1200) },
    ]);
    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBeUndefined();
    expect(acceptedNames(verdict)).toEqual([nameOf(1), nameOf(1)]);
  });
});

describe('fault 6: the entry count is read from the end of central directory, at once', () => {
  it('70 000 entries → PJ-03 in milliseconds, without reading a single directory record', async () => {
    const entries: ZipEntrySpec[] = Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}.pdf`, method: 'store' as const }));
    const zip = buildZip(entries);
    const readEntry = vi.spyOn(yauzl.ZipFile.prototype, 'readEntry');

    const started = performance.now();
    const verdict = await unpackArchive(zip, expected);
    const elapsed = performance.now() - started;

    expect(refusedCode(verdict)).toBe('PJ-03');
    expect(verdict.refused?.message).toMatch(/70.000 fichiers/);
    expect(readEntry).not.toHaveBeenCalled();
    expect(elapsed).toBeLessThan(500); // it took 4 s when every record was read first
  });

  it('1 001 entries → PJ-03 before any record is read', async () => {
    const entries: ZipEntrySpec[] = Array.from({ length: 1001 }, (_, i) => ({ name: `f${i}.pdf`, method: 'store' as const }));
    const readEntry = vi.spyOn(yauzl.ZipFile.prototype, 'readEntry');
    expect(refusedCode(await unpackArchive(buildZip(entries), expected))).toBe('PJ-03');
    expect(readEntry).not.toHaveBeenCalled();
  });
});

describe('the 100:1 limit holds on the bytes actually inflated', () => {
  it('an entry that declares a modest size but inflates past 100 times its compressed size → PJ-03', async () => {
    const data = Buffer.concat([fakePdf(64), zeros(2 * MB)]); // under 3 MB, about 1 000:1
    const compressed = zlib.deflateRawSync(data).length;
    const zip = buildZip([{ name: nameOf(1), data, declaredUncompressedSize: compressed * 50 }]);
    const verdict = await unpackArchive(zip, expected);
    expect(refusedCode(verdict)).toBe('PJ-03');
    // inflation stopped at the limit: zlib was never allowed more than 100 × the compressed size (+1)
    const options = vi.mocked(zlib.inflateRawSync).mock.calls[0]![1] as zlib.ZlibOptions;
    expect(options.maxOutputLength).toBeLessThanOrEqual(100 * compressed + 1);
  });

  it('a real document inflating at less than 100:1 is accepted', async () => {
    const data = Buffer.concat([fakePdf(20_000), zeros(200_000)]); // about 10:1
    const verdict = await unpackArchive(buildZip([{ name: nameOf(1), data }]), expected);
    expect(acceptedNames(verdict)).toEqual([nameOf(1)]);
  });
});
