/**
 * The test ZIP writer (test/fixtures/zip-builder.ts), checked against an independent reader:
 * Python's zipfile (one python3 process for all archives), plus `unzip -t` when it is installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, crc32, fakeJpg, fakePdf, fakePng, zeros, type ZipEntrySpec } from '../fixtures/zip-builder.js';

interface PyEntry {
  name: string;
  flag_bits: number;
  compress_type: number;
  file_size: number;
  compress_size: number;
  crc: number;
  is_dir: boolean;
  data?: string; // base64, when readable
  error?: string;
}
interface PyArchive {
  is_zipfile: boolean;
  entries: PyEntry[];
  testzip: string | null;
  testzip_error?: string;
}

const PY = String.raw`
import base64, json, sys, zipfile
out = {}
for path in sys.argv[1:]:
    res = {"is_zipfile": zipfile.is_zipfile(path), "entries": [], "testzip": None}
    with zipfile.ZipFile(path) as z:
        for i in z.infolist():
            e = {"name": i.filename, "flag_bits": i.flag_bits, "compress_type": i.compress_type,
                 "file_size": i.file_size, "compress_size": i.compress_size, "crc": i.CRC,
                 "is_dir": i.is_dir()}
            try:
                e["data"] = base64.b64encode(z.read(i)).decode("ascii")
            except Exception as ex:
                e["error"] = type(ex).__name__ + ": " + str(ex)
            res["entries"].append(e)
        try:
            res["testzip"] = z.testzip()
        except Exception as ex:
            res["testzip_error"] = type(ex).__name__ + ": " + str(ex)
    out[path] = res
print(json.dumps(out))
`;

const CP437_NAME = Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]); // "caf\x82.txt" = "café.txt" in CP437

const ARCHIVES: Record<string, ZipEntrySpec[]> = {
  empty: [],
  roundTrip: [
    { name: 'stored.txt', data: 'hello, stored', method: 'store' },
    { name: 'deflated.txt', data: 'hello, deflated '.repeat(100) },
    { name: 'empty.bin' },
    { name: 'docs/', directory: true },
    { name: 'docs/a.pdf', data: fakePdf(10_000) },
    { name: 'docs/b.png', data: fakePng(), method: 'store' },
    { name: 'docs/c.jpg', data: fakeJpg(2000) },
  ],
  names: [
    { name: CP437_NAME, data: 'cp437', utf8: false },
    { name: 'résumé-été.txt', data: 'utf8' }, // flag set by default (non-ASCII string)
    { name: 'ascii.txt', data: 'ascii' },
  ],
  hostile: [
    { name: 'locked.pdf', data: fakePdf(500), encrypted: true },
    { name: 'liar.txt', data: 'twelve bytes', declaredUncompressedSize: 1_000_000_000 },
    { name: 'bomb.bin', data: zeros(1_000_000) },
  ],
};

let dir: string;
let py: Record<string, PyArchive>;
const paths: Record<string, string> = {};

function archive(key: string): PyArchive {
  const result = py[paths[key]!];
  if (!result) throw new Error(`no python result for ${key}`);
  return result;
}
function entry(key: string, name: string): PyEntry {
  const e = archive(key).entries.find((x) => x.name === name);
  if (!e) throw new Error(`no entry ${name} in ${key}`);
  return e;
}
function dataOf(e: PyEntry): Buffer {
  if (e.data === undefined) throw new Error(`entry ${e.name} unreadable: ${e.error}`);
  return Buffer.from(e.data, 'base64');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zip-builder-'));
  for (const [key, specs] of Object.entries(ARCHIVES)) {
    paths[key] = join(dir, `${key}.zip`);
    writeFileSync(paths[key], buildZip(specs));
  }
  const stdout = execFileSync('python3', ['-c', PY, ...Object.values(paths)], {
    encoding: 'utf8',
    maxBuffer: 32 << 20, // the 1 MB bomb comes back in base64
  });
  py = JSON.parse(stdout);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('zip-builder, read back by Python zipfile', () => {
  it('buildZip([]) is a valid empty archive (a lone end of central directory)', () => {
    const bytes = buildZip([]);
    expect(bytes.length).toBe(22);
    expect(bytes.readUInt32LE(0)).toBe(0x06054b50);
    expect(archive('empty').is_zipfile).toBe(true);
    expect(archive('empty').entries).toEqual([]);
    expect(archive('empty').testzip).toBeNull();
  });

  it('round-trips contents with store and deflate, CRCs ok', () => {
    const a = archive('roundTrip');
    expect(a.is_zipfile).toBe(true);
    expect(a.entries.map((e) => e.name)).toEqual([
      'stored.txt',
      'deflated.txt',
      'empty.bin',
      'docs/',
      'docs/a.pdf',
      'docs/b.png',
      'docs/c.jpg',
    ]);
    expect(a.testzip).toBeNull();
    expect(a.testzip_error).toBeUndefined();

    const stored = entry('roundTrip', 'stored.txt');
    expect(stored.compress_type).toBe(0);
    expect(dataOf(stored).toString('utf8')).toBe('hello, stored');

    const deflated = entry('roundTrip', 'deflated.txt');
    expect(deflated.compress_type).toBe(8);
    expect(deflated.compress_size).toBeLessThan(deflated.file_size);
    expect(dataOf(deflated).toString('utf8')).toBe('hello, deflated '.repeat(100));

    expect(dataOf(entry('roundTrip', 'empty.bin')).length).toBe(0);
    expect(dataOf(entry('roundTrip', 'docs/a.pdf')).equals(fakePdf(10_000))).toBe(true);
    expect(dataOf(entry('roundTrip', 'docs/b.png')).equals(fakePng())).toBe(true);
    expect(dataOf(entry('roundTrip', 'docs/c.jpg')).equals(fakeJpg(2000))).toBe(true);
    expect(entry('roundTrip', 'docs/a.pdf').crc).toBe(crc32(fakePdf(10_000)));
  });

  it('writes a directory entry', () => {
    const d = entry('roundTrip', 'docs/');
    expect(d.is_dir).toBe(true);
    expect(d.file_size).toBe(0);
    expect(d.compress_type).toBe(0);
  });

  it('writes raw CP437 name bytes without the UTF-8 flag, and UTF-8 names with it', () => {
    const a = archive('names');
    expect(a.entries.map((e) => e.name)).toEqual(['café.txt', 'résumé-été.txt', 'ascii.txt']);
    expect(entry('names', 'café.txt').flag_bits & 0x800).toBe(0);
    expect(entry('names', 'résumé-été.txt').flag_bits & 0x800).toBe(0x800);
    expect(entry('names', 'ascii.txt').flag_bits & 0x800).toBe(0);
    expect(dataOf(entry('names', 'café.txt')).toString()).toBe('cp437');
    expect(dataOf(entry('names', 'résumé-été.txt')).toString()).toBe('utf8');
    expect(a.testzip).toBeNull();
  });

  it('shows the encrypted flag, the lying uncompressed size and the bomb ratio', () => {
    const a = archive('hostile');
    expect(a.entries.map((e) => e.name)).toEqual(['locked.pdf', 'liar.txt', 'bomb.bin']);

    const locked = entry('hostile', 'locked.pdf');
    expect(locked.flag_bits & 1).toBe(1);
    expect(locked.error).toMatch(/encrypted|password/i);

    const liar = entry('hostile', 'liar.txt');
    expect(liar.file_size).toBe(1_000_000_000);
    expect(liar.compress_size).toBe(deflateRawSync(Buffer.from('twelve bytes')).length);

    const bomb = entry('hostile', 'bomb.bin');
    expect(bomb.file_size).toBe(1_000_000);
    expect(bomb.file_size / bomb.compress_size).toBeGreaterThan(100);
    expect(dataOf(bomb).equals(zeros(1_000_000))).toBe(true);
  });

  it.skipIf(spawnSync('unzip', ['-v']).error !== undefined)('unzip -t accepts the well-formed archives', () => {
    for (const key of ['empty', 'roundTrip', 'names']) {
      const r = spawnSync('unzip', ['-t', paths[key]!], { encoding: 'utf8' });
      // unzip warns (exit 1) on a zipfile with no entries; anything above 1 is an error
      expect(r.status, `${key}: ${r.stdout}${r.stderr}`).toBeLessThanOrEqual(key === 'empty' ? 1 : 0);
    }
  });
});

describe('zip-builder, bytes', () => {
  it('declaredCompressedSize lies in both headers without moving the central directory', () => {
    const zip = buildZip([
      { name: 'a', data: 'abc', method: 'store', declaredCompressedSize: 99 },
      { name: 'b', data: 'def', method: 'store' },
    ]);
    expect(zip.readUInt32LE(18)).toBe(99); // local header
    const eocd = zip.length - 22;
    const cdOffset = zip.readUInt32LE(eocd + 16);
    expect(cdOffset).toBe(2 * (30 + 1 + 3));
    expect(zip.readUInt32LE(cdOffset)).toBe(0x02014b50);
    expect(zip.readUInt32LE(cdOffset + 20)).toBe(99); // central header
    expect(zip.readUInt32LE(cdOffset + 46 + 1 + 42)).toBe(34); // second entry's local offset
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('makes reproducible, well-typed, incompressible fake files', () => {
    expect(fakePdf(100).subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...fakePng(100).subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect([...fakeJpg(100).subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(fakePdf(1234).length).toBe(1234);
    expect(fakePdf(5000).equals(fakePdf(5000))).toBe(true);
    const build = () => buildZip([{ name: 'x.pdf', data: fakePdf(5000) }]);
    expect(build().equals(build())).toBe(true);
    expect(deflateRawSync(fakePng(10_000)).length).toBeGreaterThan(9_900);
  });
});

describe('zip-builder, hostile layouts (issue 9: CRC, overlapping entries, 70 000 entries)', () => {
  const pyRead = (zip: Buffer, script: string): unknown => {
    const path = join(dir, `hostile-${Math.random().toString(36).slice(2)}.zip`);
    writeFileSync(path, zip);
    return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 32 << 20 }));
  };

  it('declaredCrc lies in both headers: Python finds the bad CRC', () => {
    const zip = buildZip([
      { name: 'good.pdf', data: fakePdf(1000) },
      { name: 'bad.pdf', data: fakePdf(1000), declaredCrc: 0x12345678 },
    ]);
    const result = pyRead(
      zip,
      String.raw`
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps({"crcs": [i.CRC for i in z.infolist()], "testzip": z.testzip()}))
`,
    ) as { crcs: number[]; testzip: string | null };
    expect(result.crcs).toEqual([crc32(fakePdf(1000)), 0x12345678]);
    expect(result.testzip).toBe('bad.pdf');
  });

  it('sameDataAs: several central directory entries over one local header and its data', () => {
    const data = fakePdf(2000);
    const zip = buildZip([
      { name: 'a.pdf', data },
      { name: 'b.pdf', sameDataAs: 0 },
      { name: 'c.pdf', sameDataAs: 0 },
    ]);
    const payload = deflateRawSync(data).length;
    expect(zip.length).toBe(30 + 5 + payload + 3 * (46 + 5) + 22); // one local header and its data
    const eocd = zip.length - 22;
    expect(zip.readUInt16LE(eocd + 10)).toBe(3);
    const cdOffset = zip.readUInt32LE(eocd + 16);
    for (let i = 0; i < 3; i++) expect(zip.readUInt32LE(cdOffset + i * 51 + 42)).toBe(0); // every local offset is 0
    const result = pyRead(
      zip,
      String.raw`
import base64, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    out = {}
    for i in z.infolist():
        try:
            out[i.filename] = base64.b64encode(z.read(i)).decode("ascii")
        except Exception as ex:
            out[i.filename] = "error: " + type(ex).__name__
    print(json.dumps(out))
`,
    ) as Record<string, string>;
    expect(Object.keys(result)).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    expect(Buffer.from(result['a.pdf']!, 'base64').equals(data)).toBe(true);
    // Python checks that the local name matches the central one: the overlap shows
    expect(result['b.pdf']).toMatch(/^error/);
  });

  it('sameDataAs refuses to point at a later entry', () => {
    expect(() => buildZip([{ name: 'a', sameDataAs: 1 }, { name: 'b' }])).toThrow(RangeError);
  });

  it('more than 65 535 entries: a ZIP64 end of central directory that Python reads', () => {
    const entries: ZipEntrySpec[] = Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}.pdf`, method: 'store' as const }));
    const zip = buildZip(entries);
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(0xffff);
    expect(zip.readUInt32LE(eocd - 20)).toBe(0x07064b50);
    const result = pyRead(
      zip,
      String.raw`
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.namelist()
    print(json.dumps({"count": len(names), "first": names[0], "last": names[-1]}))
`,
    );
    expect(result).toEqual({ count: 70_000, first: 'f0.pdf', last: 'f69999.pdf' });
  });
});
