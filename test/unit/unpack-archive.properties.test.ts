import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unpackArchive } from '../../shared/attachments/unpack-archive.js';
import type { ExpectedAttachment } from '../../shared/domain/attachments.js';
import { buildZip, fakeJpg, fakePdf, fakePng } from '../fixtures/zip-builder.js';

const NAMES = ['HOP-DPI-Va2-BDC-A1.pdf', 'HOP-DPI-Va2-FAC-A1.jpg', 'HOP-DPI-Va2-VA-A1.png'];
const expected = new Map<string, ExpectedAttachment>(NAMES.map((n) => [n, { numeroDossier: 'FINHOP000001M0', nomFichier: n }]));
const valid = buildZip([
  { name: NAMES[0]!, data: fakePdf(3000) },
  { name: `dossier/${NAMES[1]!}`, data: fakeJpg(2000), method: 'store' },
  { name: NAMES[2]!, data: fakePng(2500) },
]);

const PJ_CODES = new Set(['PJ-01', 'PJ-02', 'PJ-03', 'PJ-04', 'PJ-05', 'PJ-06', 'PJ-07', 'PJ-08', 'PJ-09', 'PJ-10']);

/** Whatever the bytes, a verdict: refused with one archive code, or a verdict per file with its code. */
async function expectVerdict(bytes: Buffer): Promise<void> {
  const verdict = await unpackArchive(bytes, expected);
  if (verdict.refused) {
    expect(['PJ-02', 'PJ-03']).toContain(verdict.refused.code);
    expect(verdict.refused.message.length).toBeGreaterThan(10);
    return;
  }
  for (const f of verdict.files) {
    expect(typeof f.nom).toBe('string');
    if (f.statut === 'REFUSE') expect(PJ_CODES.has(f.code!)).toBe(true);
    else expect(NAMES).toContain(f.nomFichier);
  }
  // only expected documents are ever accepted, each with its content's own magic bytes
  for (const a of verdict.accepted) expect(NAMES).toContain(a.nomFichier);
}

describe('unpackArchive on damaged archives', () => {
  it('accepts the three documents of the intact archive', async () => {
    const verdict = await unpackArchive(valid, expected);
    expect(verdict.refused).toBeUndefined();
    expect(!verdict.refused && verdict.accepted.map((a) => a.nomFichier).sort()).toEqual([...NAMES].sort());
  });

  it('never throws and always gives a verdict when bytes are overwritten', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (edits) => {
        const bytes = Buffer.from(valid);
        for (const [at, value] of edits) bytes[at] = value;
        await expectVerdict(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when the archive is cut or has bytes inserted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(valid.length), fc.uint8Array({ maxLength: 64 }), async (at, inserted) => {
        await expectVerdict(valid.subarray(0, at));
        await expectVerdict(Buffer.concat([valid.subarray(0, at), Buffer.from(inserted), valid.subarray(at)]));
      }),
      { numRuns: 200 },
    );
  });
});
