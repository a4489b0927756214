/** A ZIP that cannot be read is refused PJ-02 with its reason in French: the library's English never reaches a supplier. */
import { describe, expect, it } from 'vitest';
import { unpackArchive } from '../../shared/attachments/unpack-archive.js';
import { zipFailureInFrench } from '../../shared/attachments/zip-failure.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';

const NAME = 'HOP-DPI-Va2-BDC-ED00001.pdf';
const expected = new Map([[NAME, { numeroDossier: 'FINHOP000001M0', nomFichier: NAME }]]);
const ENGLISH = /\b(the|not|found|invalid|signature|file|record|header|unexpected|bytes|expected|zip file|either|truncated|data)\b/i;

async function refusal(bytes: Buffer): Promise<{ code: string; message: string }> {
  const verdict = await unpackArchive(bytes, expected);
  if (!verdict.refused) throw new Error('accepted');
  return verdict.refused;
}

describe('PJ-02 in French', () => {
  const zip = () => buildZip([{ name: NAME, data: fakePdf(5000), method: 'deflate' }]);

  it.each([
    ['not a ZIP at all', () => Buffer.from('bonjour, ceci est un texte')],
    ['truncated before its end', () => zip().subarray(0, zip().length - 30)],
    ['bytes after its end', () => Buffer.concat([zip(), Buffer.from('xxxx')])],
    ['a damaged local header', () => { const b = zip(); b.writeUInt32LE(0x12345678, 0); return b; }],
    ['corrupt compressed data', () => { const b = zip(); for (let i = 40; i < 60; i++) b[i] = 0xff; return b; }],
  ])('%s: PJ-02, its reason in plain French', async (_what, make) => {
    const { code, message } = await refusal(make());
    expect(code).toBe('PJ-02');
    expect(message, message).not.toMatch(ENGLISH);
    expect(message).not.toMatch(/structure non reconnue/);
  });

  it('names each failure the library is known to report, and anything else as an unrecognized structure', () => {
    expect(zipFailureInFrench(new Error('End of central directory record signature not found. Either not a zip file, or file is truncated.'))).toBe(
      "la fin de l'archive est introuvable : ce n'est pas un fichier ZIP, ou il est tronqué",
    );
    expect(zipFailureInFrench(new Error('invalid local file header signature: 0x12345678'))).toBe("l'en-tête d'un fichier est endommagé");
    expect(zipFailureInFrench(new Error('invalid stored block lengths'))).toBe('des données compressées sont corrompues');
    expect(zipFailureInFrench(new Error('something new'))).toBe('structure non reconnue');
    expect(zipFailureInFrench('pas une erreur')).toBe('structure non reconnue');
  });
});
