/**
 * FMT-01 (strict JSON) and the repeated keys of FMT-02, judged through simulate() (SPEC §3, §4.1, §5).
 */
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import type { ReturnFile } from '../../shared/domain/return-file.js';
import { simulate } from '../../shared/domain/simulate.js';
import { bytesOf, settingsFor, validFile, validLine } from '../fixtures/deposit-files.js';

const settings = settingsFor('DPI');
const BOM = [0xef, 0xbb, 0xbf];

/** Bytes from pieces: text (UTF-8) or raw byte values. */
function bytes(...parts: (string | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
}

function run(input: Uint8Array): ReturnFile {
  return simulate(input, settings);
}

/** The file must be rejected with exactly one FMT-01, `resultat` only, located from 1. */
function expectFmt01(input: Uint8Array): Issue {
  const rf = run(input);
  expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
  expect(Object.keys(rf)).toEqual(['resultat']);
  expect(rf.resultat.nombreDemandes).toBe(0);
  expect(rf.resultat.nombreDemandesValides).toBe(0);
  expect(rf.resultat.nombreDemandesEnErreur).toBe(0);
  const fmt01 = rf.resultat.erreurs.filter((e) => e.code === 'FMT-01');
  expect(fmt01).toHaveLength(1);
  const issue = fmt01[0]!;
  expect(issue.champ).toBe('');
  expect(issue.message.startsWith("Le fichier n'est pas un JSON valide")).toBe(true);
  expect(Number.isInteger(issue.ligne)).toBe(true);
  expect(Number.isInteger(issue.colonne)).toBe(true);
  expect(issue.ligne!).toBeGreaterThanOrEqual(1);
  expect(issue.colonne!).toBeGreaterThanOrEqual(1);
  return issue;
}

function expectAt(input: Uint8Array, ligne: number, colonne: number): void {
  const issue = expectFmt01(input);
  expect({ ligne: issue.ligne, colonne: issue.colonne }).toEqual({ ligne, colonne });
}

function expectNoFmt01(input: Uint8Array): ReturnFile {
  const rf = run(input);
  expect(rf.resultat.erreurs.map((e) => e.code)).not.toContain('FMT-01');
  return rf;
}

function codes(rf: ReturnFile): string[] {
  return rf.resultat.erreurs.map((e) => e.code);
}

function fmt02Champs(rf: ReturnFile): string[] {
  return rf.resultat.erreurs.filter((e) => e.code === 'FMT-02').map((e) => e.champ);
}

/** The pretty-printed valid file with one textual substitution (which must apply). */
function editedValidFile(count: number, from: string, to: string, logiciel: 'DPI' | 'PFI' = 'DPI'): Uint8Array {
  const text = JSON.stringify(validFile(count, logiciel), null, 2);
  expect(text.includes(from)).toBe(true);
  return Buffer.from(text.replace(from, to), 'utf8');
}

describe('a valid file is strict JSON', () => {
  it('is accepted as it is', () => {
    const rf = run(bytesOf(validFile(2)));
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('accepts a single leading BOM', () => {
    const rf = run(bytes(BOM, JSON.stringify(validFile(2), null, 2)));
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.resultat.erreurs).toEqual([]);
  });

  it('accepts CRLF line ends and tabs as white space', () => {
    const text = JSON.stringify(validFile(1), null, '\t').replace(/\n/g, '\r\n');
    expect(run(Buffer.from(text, 'utf8')).resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-01: not parseable as strict JSON', () => {
  it('rejects an empty file', () => {
    expectAt(new Uint8Array(0), 1, 1);
  });

  it('rejects a file holding only a BOM', () => {
    expectFmt01(bytes(BOM));
  });

  it('rejects a file of white space only', () => {
    expectFmt01(bytes('   \n\t\r\n  \n'));
  });

  it('gives the line and column (from 1) of a syntax error on line 3 column 5', () => {
    expectAt(bytes('{\n  "numeroAns": "MJCDPI0001",\n    @"siret": "40308070600020"\n}'), 3, 5);
  });

  it('counts lines the same with CRLF line ends', () => {
    expectAt(bytes('{\r\n  "numeroAns": "MJCDPI0001",\r\n    @"siret": "40308070600020"\r\n}'), 3, 5);
  });

  it('counts lines from the first line of the file after a leading BOM', () => {
    expectAt(bytes(BOM, '{\n  "numeroAns": "MJCDPI0001",\n    @"siret": "40308070600020"\n}'), 3, 5);
  });

  it('locates a missing comma between two members of a real file', () => {
    // line 3 of the pretty-printed file is `  "siret": "40308070600020",`; drop the comma after numeroAns
    const input = editedValidFile(1, '"numeroAns": "MJCDPI0001",', '"numeroAns": "MJCDPI0001"');
    expectAt(input, 3, 3);
  });

  it('rejects a block comment', () => {
    expectAt(bytes('{"a": 1 /* commentaire */}'), 1, 9);
  });

  it('rejects a line comment on its own line', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace('{\n', '{\n// commentaire\n');
    expectAt(Buffer.from(text, 'utf8'), 2, 1);
  });

  it('rejects NaN', () => {
    expectAt(bytes('{"a": NaN}'), 1, 7);
  });

  it('rejects NaN as the value of a real field', () => {
    expectFmt01(editedValidFile(1, '"montantSegurHT": 1250.5', '"montantSegurHT": NaN'));
  });

  it.each([
    ['Infinity', '{"a": Infinity}'],
    ['-Infinity', '{"a": -Infinity}'],
    ['a leading plus sign', '{"a": +1}'],
    ['a leading zero', '{"a": 01}'],
    ['a bare decimal point', '{"a": .5}'],
    ['a trailing decimal point', '{"a": 1.}'],
    ['a hexadecimal number', '{"a": 0x10}'],
    ['undefined', '{"a": undefined}'],
    ['an unquoted key', '{a: 1}'],
    ['an unescaped tab in a string', '{"a": "x\ty"}'],
    ['an unescaped new line in a string', '{"a": "x\ny"}'],
    ['an invalid escape', '{"a": "\\x41"}'],
    ['a short \\u escape', '{"a": "\\u12"}'],
    ['capitalised literals', '{"a": True}'],
    ['an unterminated string', '{"a": "abc}'],
    ['an unterminated object', '{"a": 1'],
    ['two top-level values', '{"a": 1} {"b": 2}'],
    ['text after the top-level value', '{"a": 1} x'],
    ['a missing colon', '{"a" 1}'],
    ['a missing value', '{"a": }'],
  ])('rejects %s', (_name, text) => {
    expectFmt01(bytes(text));
  });

  it('rejects a trailing comma in an object', () => {
    const issue = expectFmt01(bytes('{"a": 1,}'));
    expect(issue.ligne).toBe(1);
  });

  it('rejects a trailing comma in an array', () => {
    const issue = expectFmt01(bytes('{"a": [1, 2,]}'));
    expect(issue.ligne).toBe(1);
  });

  it('rejects a trailing comma in a real file (last flag of the scenario)', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace(/("isFluxEntrantDepuisRI": (?:true|false))/, '$1,');
    expect(text).toMatch(/"isFluxEntrantDepuisRI": (true|false),/);
    expectFmt01(Buffer.from(text, 'utf8'));
  });

  it('rejects single quotes', () => {
    expectAt(bytes("{'a': 1}"), 1, 2);
  });

  it('rejects single-quoted values in a real file', () => {
    expectFmt01(editedValidFile(1, '"regimeTVA": "TTC"', `"regimeTVA": 'TTC'`));
  });

  it('rejects a duplicate BOM', () => {
    const issue = expectFmt01(bytes(BOM, BOM, JSON.stringify(validFile(1), null, 2)));
    expect(issue.ligne).toBe(1);
  });

  it('rejects a BOM that is not at the start of the file', () => {
    const issue = expectFmt01(bytes('{\n', BOM, '"a": 1}'));
    expect(issue.ligne).toBe(2);
  });
});

describe('FMT-01: invalid UTF-8, located where it is', () => {
  // Line 2 is `  "nomClient": "xx<bad>…`: 18 ASCII characters before the bad byte, so it is column 19.
  const around = (bad: number[], after = 'yy"\n}') => bytes('{\n  "nomClient": "xx', bad, after);

  it('rejects an overlong encoding (C0 AF)', () => {
    expectAt(around([0xc0, 0xaf]), 2, 19);
  });

  it('rejects an overlong three-byte encoding (E0 80 AF)', () => {
    expectAt(around([0xe0, 0x80, 0xaf]), 2, 19);
  });

  it('rejects a lone continuation byte (80)', () => {
    expectAt(around([0x80]), 2, 19);
  });

  it('rejects a truncated sequence (E2 82 followed by ASCII)', () => {
    expectAt(around([0xe2, 0x82]), 2, 19);
  });

  it('rejects a truncated sequence at the end of the file', () => {
    expectAt(bytes('{\n  "nomClient": "xx', [0xe2, 0x82]), 2, 19);
  });

  it('rejects an encoded surrogate (ED A0 80)', () => {
    expectAt(around([0xed, 0xa0, 0x80]), 2, 19);
  });

  it('rejects a code point above U+10FFFF (F4 90 80 80)', () => {
    expectAt(around([0xf4, 0x90, 0x80, 0x80]), 2, 19);
  });

  it.each([[0xc1], [0xf5], [0xfe], [0xff]])('rejects the byte %s that never appears in UTF-8', (b) => {
    expectAt(around([b]), 2, 19);
  });

  it('locates invalid UTF-8 on a later line of a real file', () => {
    const text = JSON.stringify(validFile(1), null, 2);
    const lines = text.split('\n');
    const index = lines.findIndex((l) => l.includes('"regimeTVA"'));
    const line = lines[index]!;
    const column = line.indexOf('TTC') + 1; // all ASCII before it
    const before = [...lines.slice(0, index), line.slice(0, column - 1)].join('\n');
    const after = line.slice(column - 1) + '\n' + lines.slice(index + 1).join('\n');
    expectAt(bytes(before, [0xed, 0xa0, 0x80], after), index + 1, column);
  });

  it('accepts well-formed multi-byte characters (2, 3 and 4 bytes)', () => {
    const file = validFile(1);
    file.lignesImport[0].beneficiaires.nomClient = 'Hôpital Saint-Étienne — 𝄞 €';
    const rf = expectNoFmt01(bytesOf(file));
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.lignesImport?.[0]?.beneficiaires).toEqual(file.lignesImport[0].beneficiaires);
  });
});

describe('FMT-01: nesting deeper than 20 levels', () => {
  const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const nestedObjects = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);

  it('accepts 20 levels of arrays (not FMT-01; FMT-02 since the top level is not an object)', () => {
    const rf = expectNoFmt01(bytes(nestedArrays(20)));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(codes(rf)).toContain('FMT-02');
  });

  it('rejects 21 levels of arrays, at the 21st opening bracket', () => {
    expectAt(bytes(nestedArrays(21)), 1, 21);
  });

  it('accepts 20 levels of objects', () => {
    const rf = expectNoFmt01(bytes(nestedObjects(20)));
    expect(codes(rf)).toContain('FMT-02');
  });

  it('rejects 21 levels of objects', () => {
    expectFmt01(bytes(nestedObjects(21)));
  });

  it('counts the levels of a real file: an extra key holding 19 levels is 20 in all', () => {
    const file = validFile(1);
    const text = JSON.stringify(file, null, 2).replace(/\n}$/, `,\n  "extra": ${nestedArrays(19)}\n}`);
    const rf = expectNoFmt01(Buffer.from(text, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toContain('extra');
  });

  it('counts the levels of a real file: an extra key holding 20 levels is 21 in all', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace(/\n}$/, `,\n  "extra": ${nestedArrays(20)}\n}`);
    expectFmt01(Buffer.from(text, 'utf8'));
  });

  it('counts the levels inside a line: a value nested 16 deep in a line reaches 21', () => {
    // top object 1, lignesImport 2, line 3, commande 4: montantSegurHT at depth 4 holds 17 levels → 21
    expectFmt01(editedValidFile(1, '"montantSegurHT": 1250.5', `"montantSegurHT": ${nestedArrays(17)}`));
    // … and 16 levels → 20: parseable, the line gets DEM-00
    const rf = expectNoFmt01(editedValidFile(1, '"montantSegurHT": 1250.5', `"montantSegurHT": ${nestedArrays(16)}`));
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(rf.lignesImport?.[0]?.erreurs.map((e) => e.code)).toEqual(['DEM-00']);
  });

  it('does not count brackets inside strings', () => {
    const file = validFile(1);
    file.lignesImport[0].beneficiaires.nomClient = '[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{';
    const rf = expectNoFmt01(bytesOf(file));
    expect(rf.resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-02: repeated keys, with the path of the repeated key', () => {
  it('reports a key repeated in commande with its path', () => {
    const rf = run(editedValidFile(2, '"regimeTVA": "TTC",', '"regimeTVA": "TTC",\n        "regimeTVA": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(Object.keys(rf)).toEqual(['resultat']);
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].commande.regimeTVA']);
    expect(rf.resultat.nombreDemandes).toBe(2);
    const issue = rf.resultat.erreurs.find((e) => e.code === 'FMT-02')!;
    expect(issue.message.startsWith('Balise manquante, inattendue ou de type incorrect')).toBe(true);
  });

  it('reports a key repeated with a different value', () => {
    const rf = run(editedValidFile(1, '"regimeTVA": "TTC",', '"regimeTVA": "HT",\n        "regimeTVA": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].commande.regimeTVA']);
  });

  it('reports a key repeated in the second line with index 1', () => {
    const file = validFile(2);
    const text = JSON.stringify(file, null, 2);
    const at = text.lastIndexOf('"nomClient"');
    const edited = text.slice(0, at) + '"nomClient": "doublon",\n        ' + text.slice(at);
    const rf = run(Buffer.from(edited, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[1].beneficiaires.nomClient']);
  });

  it('reports a repeated top-level key', () => {
    const rf = run(editedValidFile(1, '"siret": "40308070600020",', '"siret": "40308070600020",\n  "siret": "40308070600020",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['siret']);
  });

  it('reports a repeated lignesImport', () => {
    const line = JSON.stringify(validLine(1));
    const text = `{"numeroAns": "MJCDPI0001", "siret": "40308070600020", "lignesImport": [${line}], "lignesImport": [${line}]}`;
    const rf = run(Buffer.from(text, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport']);
  });

  it('reports a key repeated inside a piecesJustificatives object', () => {
    const rf = run(
      editedValidFile(1, '"formatFichier": "PDF"', '"formatFichier": "PDF",\n          "nomFichier": "HOP-DPI-Va2-BDC-ED00001.pdf"'),
    );
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].piecesJustificatives[0].nomFichier']);
  });

  it('reports a key repeated in the second attachment of a line', () => {
    const file = validFile(1);
    file.lignesImport[0].piecesJustificatives.push({ nomFichier: 'HOP-DPI-Va2-BDC-ED00001-2.pdf', formatFichier: 'PDF' });
    const text = JSON.stringify(file, null, 2);
    const at = text.lastIndexOf('"formatFichier": "PDF"');
    const edited = text.slice(0, at) + '"formatFichier": "PDF", ' + text.slice(at);
    const rf = run(Buffer.from(edited, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].piecesJustificatives[1].formatFichier']);
  });

  it('reports a repeated scenario flag', () => {
    const rf = run(
      editedValidFile(1, '"isFluxEntrantDepuisRI": false', '"isFluxEntrantDepuisRI": false,\n        "isFluxEntrantDepuisRI": true'),
    );
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].scenarioInstallation.isFluxEntrantDepuisRI']);
  });

  it('reports every repeated key', () => {
    let text = JSON.stringify(validFile(2), null, 2);
    text = text.replace('"regimeTVA": "TTC",', '"regimeTVA": "TTC", "regimeTVA": "TTC",');
    text = text.replace('"numeroAns": "MJCDPI0001",', '"numeroAns": "MJCDPI0001", "numeroAns": "MJCDPI0001",');
    const at = text.lastIndexOf('"typePrestation"');
    text = text.slice(0, at) + '"typePrestation": "V2", ' + text.slice(at);
    const rf = run(Buffer.from(text, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf).sort()).toEqual(
      ['lignesImport[0].commande.regimeTVA', 'lignesImport[1].commande.typePrestation', 'numeroAns'].sort(),
    );
  });

  it('reports a key repeated three times', () => {
    const rf = run(editedValidFile(1, '"regimeTVA": "TTC",', '"regimeTVA": "TTC", "regimeTVA": "TTC", "regimeTVA": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    const champs = fmt02Champs(rf);
    expect(champs.length).toBeGreaterThanOrEqual(1);
    expect(new Set(champs)).toEqual(new Set(['lignesImport[0].commande.regimeTVA']));
  });

  it('treats a key written with a \\u escape as the same key', () => {
    const rf = run(editedValidFile(1, '"regimeTVA": "TTC",', '"regimeTVA": "TTC",\n        "regime\\u0054VA": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].commande.regimeTVA']);
  });

  it('reports a key repeated in an object that is itself unexpected', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace(/\n}$/, ',\n  "extra": {"k": 1, "k": 2}\n}');
    const rf = run(Buffer.from(text, 'utf8'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(expect.arrayContaining(['extra', 'extra.k']));
  });

  it('does not take keys differing only in letter case for a repetition (one is unexpected)', () => {
    // `regimeTVA` and `regimeTva` are different keys: one unexpected, not a repetition
    const rf = run(editedValidFile(1, '"regimeTVA": "TTC",', '"regimeTVA": "TTC",\n        "regimeTva": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].commande.regimeTva']);
  });
});

describe('no false FMT-02 from key-like text inside string values', () => {
  it('ignores `":` inside a value', () => {
    const file = validFile(2);
    file.lignesImport[0].beneficiaires.nomClient = 'Clinique "nomClient": "X", "nomClient": "Y"';
    file.lignesImport[1].beneficiaires.nomRepresentant = 'A": "regimeTVA": "B';
    const rf = run(bytesOf(file));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.lignesImport?.[0]?.beneficiaires).toEqual(file.lignesImport[0].beneficiaires);
  });

  it('ignores escaped quotes and backslashes before a colon inside a value', () => {
    const file = validFile(1);
    file.lignesImport[0].beneficiaires.nomClient = 'a\\":\\\\":\\\\\\" : "nomClient":';
    const rf = run(bytesOf(file));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('VALIDE');
    expect((rf.lignesImport?.[0]?.beneficiaires as Record<string, unknown> | undefined)?.nomClient).toBe(file.lignesImport[0].beneficiaires.nomClient);
  });

  it('ignores a value ending with an escaped backslash followed by a colon-looking neighbour', () => {
    const file = validFile(1);
    file.lignesImport[0].beneficiaires.nomClient = 'fin\\';
    const text = JSON.stringify(file, null, 2);
    expect(text).toContain('"fin\\\\",');
    const rf = run(Buffer.from(text, 'utf8'));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('ignores `":` written with \\u escapes', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace(
      /"nomClient": "[^"]*"/,
      '"nomClient": "x\\u0022: \\u0022nomClient\\u0022: 1"',
    );
    const rf = run(Buffer.from(text, 'utf8'));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('VALIDE');
    expect((rf.lignesImport?.[0]?.beneficiaires as Record<string, unknown> | undefined)?.nomClient).toBe('x": "nomClient": 1');
  });

  it('ignores `":` inside an attachment name (a line error, not FMT-02)', () => {
    const file = validFile(1);
    file.lignesImport[0].piecesJustificatives.push({ nomFichier: 'x": "nomFichier": "y', formatFichier: 'PDF' });
    const rf = run(bytesOf(file));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(rf.lignesImport?.[0]?.erreurs.map((e) => e.code)).toContain('DEM-22');
  });

  it('does not take the same key in two different objects for a repetition', () => {
    const file = validFile(3);
    const rf = run(bytesOf(file));
    expect(codes(rf)).toEqual([]);
    expect(rf.resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-01 position precisions (SPEC §4.1, issue 9 fault 8)', () => {
  describe('a text that ends too early points just after its last character', () => {
    it.each([
      ['an empty file', '', 1, 1],
      ['blank spaces', '   ', 1, 4],
      ['blank lines (LF)', '\n\n', 3, 1],
      ['blank lines (CRLF)', '\r\n\r\n', 3, 1],
      ['blank lines (CR)', '\r\r', 3, 1],
      ['spaces after a new line', '   \n  ', 2, 3],
      ['tabs and mixed line ends', '\t\r\n\t\r\t\n ', 4, 2],
      ['a cut-off object', '{"a": 1', 1, 8],
      ['a cut-off object after a comma', '{"a": 1,', 1, 9],
      ['a cut-off object on the next line', '{"a":\n', 2, 1],
      ['a cut-off string', '{"a": "ab', 1, 10],
      ['a cut-off key', '{"ab', 1, 5],
      ['a cut-off literal', '{"a": tru', 1, 10],
      ['a cut-off number', '{"a": 1.5e', 1, 11],
      ['a cut-off escape', '{"a": "\\', 1, 9],
      ['a cut-off \\u escape', '{"a": "\\u00', 1, 12],
      ['a cut-off array', '[1, 2', 1, 6],
      ['a BOM then nothing', '\uFEFF', 1, 1],
    ])('%s', (_name, text, ligne, colonne) => {
      expectAt(bytes(text), ligne, colonne);
    });

    it('a real file cut in the middle of a line', () => {
      const text = JSON.stringify(validFile(1), null, 2);
      const cut = text.slice(0, text.indexOf('"regimeTVA"') + 5);
      const lines = cut.split('\n');
      expectAt(bytes(cut), lines.length, [...lines[lines.length - 1]!].length + 1);
    });
  });

  describe('inside a malformed token, the first character that cannot continue it', () => {
    it.each([
      ['an exponent without digits', '{"a": 1.0e+}', 1, 12],
      ['an exponent letter without digits', '{"a": 1e}', 1, 9],
      ['a decimal point without digits', '{"a": 1.}', 1, 9],
      ['a decimal point followed by an exponent', '{"a": 1.e5}', 1, 9],
      ['a lone minus sign', '{"a": -}', 1, 8],
      ['a minus sign before a letter', '{"a": -x}', 1, 8],
      ['a leading zero (the second digit cannot continue 0)', '{"a": 01}', 1, 8],
      ['a truncated literal nul', '{"a": nul}', 1, 10],
      ['a literal with a wrong letter', '{"a": trUe}', 1, 9],
      ['a literal fals', '{"a": fals }', 1, 11],
      ['an invalid escape \\x', '{"a": "\\x41"}', 1, 9],
      ['a \\u escape with a non-hexadecimal digit', '{"a": "\\u12G4"}', 1, 12],
      ['a short \\u escape', '{"a": "\\u12"}', 1, 12],
      ['NaN', '{"a": NaN}', 1, 7],
      ['Infinity', '{"a": Infinity}', 1, 7],
      ['-Infinity', '{"a": -Infinity}', 1, 8],
    ])('%s', (_name, text, ligne, colonne) => {
      expectAt(bytes(text), ligne, colonne);
    });
  });

  describe('CR, LF and CRLF each end a line', () => {
    it.each([
      ['CR', '{\r\r  @}', 3, 3],
      ['LF then CR', '{\n\r  @}', 3, 3],
      ['CR then LF counted as one', '{\r\n  @}', 2, 3],
      ['LF CR LF', '{\n\r\n@}', 3, 1],
    ])('%s', (_name, text, ligne, colonne) => {
      expectAt(bytes(text), ligne, colonne);
    });

    it('does not take U+2028 for a line end (it cannot continue the JSON text)', () => {
      expectAt(bytes('{\u2028}'), 1, 2);
    });
  });

  describe('invalid UTF-8 and syntax errors: the earliest wins', () => {
    it('a syntax error before an invalid byte is the one reported', () => {
      const issue = expectFmt01(bytes('{"a" 1, "b": "', [0xff], '"}'));
      expect({ ligne: issue.ligne, colonne: issue.colonne }).toEqual({ ligne: 1, colonne: 6 });
      expect(issue.message).not.toContain('UTF-8');
    });

    it('a syntax error on an earlier line than an invalid byte', () => {
      expectAt(bytes('{\n  "a": tru,\n  "b": "', [0xc0, 0xaf], '"\n}'), 2, 11);
    });

    it('nesting too deep before an invalid byte', () => {
      expectAt(bytes('['.repeat(21), '"', [0xff], '"', ']'.repeat(21)), 1, 21);
    });

    it('an invalid byte before a syntax error is the one reported', () => {
      const issue = expectFmt01(bytes('{"a": "', [0xff], '" x}'));
      expect({ ligne: issue.ligne, colonne: issue.colonne }).toEqual({ ligne: 1, colonne: 8 });
      expect(issue.message).toContain('UTF-8');
    });

    it('an invalid byte where the text would be cut off', () => {
      const issue = expectFmt01(bytes('{"a": ', [0xff]));
      expect({ ligne: issue.ligne, colonne: issue.colonne }).toEqual({ ligne: 1, colonne: 7 });
      expect(issue.message).toContain('UTF-8');
    });

    it('an invalid byte after a complete value', () => {
      expectAt(bytes('{"a": 1}\n', [0x80]), 2, 1);
    });
  });

  it('white space that JSON does not allow (U+00A0) is a syntax error where it stands', () => {
    expectAt(bytes('\u00a0'), 1, 1);
    expectAt(bytes('{"a":\u00a01}'), 1, 6);
  });
});

describe('FMT-02: a repeated key is one FMT-02 at its path, however many times it is repeated', () => {
  it('three occurrences give one FMT-02', () => {
    const rf = run(editedValidFile(1, '"regimeTVA": "TTC",', '"regimeTVA": "TTC", "regimeTVA": "TTC", "regimeTVA": "TTC",'));
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(fmt02Champs(rf)).toEqual(['lignesImport[0].commande.regimeTVA']);
  });

  it('an unexpected key repeated: one FMT-02 for the repetition and one for the unexpected key', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace(/\n}$/, ',\n  "extra": 1, "extra": 2, "extra": 3\n}');
    const rf = run(Buffer.from(text, 'utf8'));
    expect(fmt02Champs(rf)).toEqual(['extra', 'extra']);
  });

  it('the same key repeated in two objects: one FMT-02 in each', () => {
    const text = '{"x": {"k": 1, "k": 2, "k": 3}, "y": [{"k": 1, "k": 2}, {"k": 1}]}';
    const rf = run(bytes(text));
    expect(fmt02Champs(rf).filter((c) => c.endsWith('.k')).sort()).toEqual(['x.k', 'y[0].k']);
  });

  it('the other checks judge the last occurrence', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace('"numeroAns": "MJCDPI0001",', '"numeroAns": "mal formé", "numeroAns": "MJCDPI0001",');
    const rf = run(Buffer.from(text, 'utf8'));
    expect(codes(rf)).toEqual(['FMT-02']);
  });

  it('a __proto__ key is an own key, repeated or not', () => {
    const text = '{"numeroAns": "MJCDPI0001", "siret": "40308070600020", "lignesImport": [], "__proto__": {"a": 1}, "__proto__": 2}';
    const rf = run(bytes(text));
    expect(fmt02Champs(rf)).toEqual(expect.arrayContaining(['__proto__']));
    expect(fmt02Champs(rf).filter((c) => c === '__proto__')).toHaveLength(2);
  });
});
