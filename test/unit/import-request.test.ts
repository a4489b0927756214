/**
 * Names given by the supplier (SPEC §7, issue 9 fault 7): `nomFichier` of POST /imports and
 * `nomArchive` of POST /imports/{id}/pieces-jointes are at most 255 characters and hold no control
 * or bidirectional-override character; otherwise 400 REQUETE_INVALIDE with a message naming the field.
 */
import { describe, expect, it } from 'vitest';
import { readArchiveRequest, readImportRequest } from '../../shared/domain/import-request.js';

const importBody = (nomFichier: unknown) => ({ numeroAns: 'MJCDPI0001', typeDemande: 'AVANCE', tauxTva: 20, nomFichier });

/** Every code point SPEC §7 forbids in a supplier-given name. */
const FORBIDDEN: number[] = [
  ...range(0x0000, 0x001f),
  ...range(0x007f, 0x009f),
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

describe('POST /imports: nomFichier', () => {
  it('accepts a plain name and keeps the result shape', () => {
    expect(readImportRequest(importBody('depot.json'))).toEqual({ ok: true, value: importBody('depot.json') });
  });

  it('accepts 255 characters, counted as characters (code points)', () => {
    const ascii = `${'a'.repeat(250)}.json`;
    expect(ascii).toHaveLength(255);
    expect(readImportRequest(importBody(ascii)).ok).toBe(true);
    const emoji = `${'📄'.repeat(250)}.json`; // 255 characters, 505 UTF-16 units
    expect(readImportRequest(importBody(emoji)).ok).toBe(true);
    const accented = `${'é'.repeat(250)}.json`;
    expect(readImportRequest(importBody(accented)).ok).toBe(true);
  });

  it('refuses 256 characters, naming the field', () => {
    const result = readImportRequest(importBody(`${'a'.repeat(251)}.json`));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toMatch(/nomFichier.*255/);
  });

  it('refuses a right-to-left override (the attack of issue 9: reused in the return file name)', () => {
    const result = readImportRequest(importBody('depot\u202Enosj.json'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toContain('nomFichier');
    expect(!result.ok && result.reasons.join(' ')).toContain('U+202E');
  });

  it.each(FORBIDDEN.map((cp) => [hex(cp), cp]))('refuses %s', (_name, cp) => {
    const result = readImportRequest(importBody(`de${String.fromCodePoint(cp)}pot.json`));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toContain('nomFichier');
  });

  it.each([
    ['U+00A0 (no-break space)', 0x00a0],
    ['U+00E9 (é)', 0x00e9],
    ['U+2029 (next to the forbidden ranges)', 0x2029],
    ['U+202F (just after U+202E)', 0x202f],
    ['U+2065 (just before U+2066)', 0x2065],
    ['U+206A (just after U+2069)', 0x206a],
    ['U+200F (right-to-left mark, not an override)', 0x200f],
  ])('accepts %s', (_name, cp) => {
    expect(readImportRequest(importBody(`de${String.fromCodePoint(cp)}pot.json`)).ok).toBe(true);
  });
});

describe('POST /imports/{id}/pieces-jointes: nomArchive', () => {
  it('accepts a plain name and keeps the result shape', () => {
    expect(readArchiveRequest({ nomArchive: 'pieces.zip' })).toEqual({ ok: true, nomArchive: 'pieces.zip' });
  });

  it('accepts 255 characters and refuses 256, naming the field', () => {
    expect(readArchiveRequest({ nomArchive: `${'a'.repeat(251)}.zip` }).ok).toBe(true);
    const result = readArchiveRequest({ nomArchive: `${'a'.repeat(252)}.zip` });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toMatch(/nomArchive.*255/);
  });

  it('refuses a right-to-left override', () => {
    const result = readArchiveRequest({ nomArchive: 'pieces\u202Epiz.zip' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toContain('nomArchive');
  });

  it.each(FORBIDDEN.map((cp) => [hex(cp), cp]))('refuses %s', (_name, cp) => {
    const result = readArchiveRequest({ nomArchive: `pie${String.fromCodePoint(cp)}ces.zip` });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join(' ')).toContain('nomArchive');
  });
});
