/**
 * SPEC §4.2 "Numbers are judged on the decimal value as written in the file, never on a rounded
 * binary double" (issue 9, fault 8): DEM-01 on numLigne, DEM-11 on montantSegurHT, and a JSON
 * number is never DEM-00, however large.
 */
import { describe, expect, it } from 'vitest';
import { validFile } from '../../fixtures/deposit-files.js';
import { expectLine, expectOnlyLine, lineOf, runText } from './helpers.js';

const validText = (count = 1) => JSON.stringify(validFile(count), null, 2);

/** The one-line file with `numLigne` written as `literal`. */
const withNumLigne = (literal: string) => {
  const text = validText().replace('"numLigne": 1,', `"numLigne": ${literal},`);
  expect(text).toContain(`"numLigne": ${literal},`);
  return text;
};

/** The one-line file with `montantSegurHT` written as `literal`. */
const withMontant = (literal: string) => {
  const text = validText().replace('"montantSegurHT": 1250.5', `"montantSegurHT": ${literal}`);
  expect(text).toContain(`"montantSegurHT": ${literal}`);
  return text;
};

const messagesOf = (text: string): string[] => (lineOf(runText(text), 0).erreurs as { message: string }[]).map((e) => e.message);

describe('a JSON number is never DEM-00, however large', () => {
  it('numLigne 1e400 is DEM-01 (a number too large), not DEM-00', () => {
    const text = withNumLigne('1e400');
    expectOnlyLine(runText(text), [['DEM-01', 'numLigne']]);
    const [message] = messagesOf(text);
    expect(message).toContain('1e400');
    expect(message).not.toContain('trouvé : un nombre');
  });

  it('numLigne -1e400 is DEM-01', () => {
    expectOnlyLine(runText(withNumLigne('-1e400')), [['DEM-01', 'numLigne']]);
  });

  it('montantSegurHT 1e400 is a positive amount without decimals: no error', () => {
    expectOnlyLine(runText(withMontant('1e400')), []);
  });

  it('montantSegurHT -1e400 is DEM-11, not DEM-00', () => {
    expectOnlyLine(runText(withMontant('-1e400')), [['DEM-11', 'commande.montantSegurHT']]);
  });

  it('montantSegurHT 1e-400 is DEM-11 (more than two decimals), not DEM-00', () => {
    expectOnlyLine(runText(withMontant('1e-400')), [['DEM-11', 'commande.montantSegurHT']]);
  });

  it('a huge number where a text is expected is DEM-00 and shows the number as written', () => {
    const text = validText().replace('"numeroEditeur": "ED00001"', '"numeroEditeur": 1e400');
    const rf = runText(text);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    const errors = lineOf(rf, 0).erreurs as { code: string; champ: string; message: string }[];
    const dem00 = errors.find((e) => e.code === 'DEM-00' && e.champ === 'numeroEditeur');
    expect(dem00?.message).toContain('1e400');
    expect(dem00?.message).not.toContain('null');
  });
});

describe('DEM-01: numLigne judged as written', () => {
  for (const literal of ['1.0', '1e0', '1E0', '10e-1', '0.1e1', '100E-2', '1.000000000000000000000', '9007199254740991', '9007199254740991.000', '9.007199254740991e15']) {
    it(`${literal} is a valid integer`, () => {
      expectOnlyLine(runText(withNumLigne(literal)), []);
    });
  }

  for (const literal of [
    '1.0000000000000001',
    '0.99999999999999999',
    '1.00000000000000000000000000001e0',
    '9007199254740992',
    '9007199254740993',
    '9007199254740991.5',
    '1e16',
    '123456789012345678901234567890',
    '-0',
    '-0.0',
    '0e10',
    '-1',
    '1e-1',
  ]) {
    it(`${literal} is DEM-01`, () => {
      expectOnlyLine(runText(withNumLigne(literal)), [['DEM-01', 'numLigne']]);
    });
  }

  it('the message shows numLigne as written', () => {
    const [message] = messagesOf(withNumLigne('1.0000000000000001'));
    expect(message).toContain('1.0000000000000001');
  });

  it('1.0 and 1 are the same integer for DEM-02', () => {
    const text = validText(2).replace('"numLigne": 2,', '"numLigne": 1.0,');
    expect(text).toContain('"numLigne": 1.0,');
    const rf = runText(text);
    expectLine(rf, 0, [['DEM-02', 'numLigne']]);
    expectLine(rf, 1, [['DEM-02', 'numLigne']]);
  });

  it('a numLigne that is not an integer as written is left out of DEM-02', () => {
    const text = validText(2).replace('"numLigne": 2,', '"numLigne": 1.0000000000000001,');
    const rf = runText(text);
    expectLine(rf, 0, []);
    expectLine(rf, 1, [['DEM-01', 'numLigne']]);
  });
});

describe('DEM-11: montantSegurHT judged as written', () => {
  for (const literal of ['12.340', '1250.00', '0.01', '1e-2', '0.1e-1', '100.001e1', '1.5E+3', '9007199254740993.25', '123456789012345678901234567890.12', '1e30']) {
    it(`${literal} is fine`, () => {
      expectOnlyLine(runText(withMontant(literal)), []);
    });
  }

  for (const literal of [
    '0.015',
    '12.3400000000000000001',
    '1250.0000000000000001',
    '0.29000000000000001',
    '123456789012345678901234567890.123',
    '9007199254740993.125',
    '1.005e0',
    '0e5',
    '0.000',
    '-0.00',
    '-12.5',
    '0.00000000000000000000000001',
  ]) {
    it(`${literal} is DEM-11`, () => {
      expectOnlyLine(runText(withMontant(literal)), [['DEM-11', 'commande.montantSegurHT']]);
    });
  }

  it('the message shows the amount as written', () => {
    const [message] = messagesOf(withMontant('12.3400000000000000001'));
    expect(message).toContain('12.3400000000000000001');
  });
});

describe('the return file keeps the values (equal as JSON values)', () => {
  it('amounts and line numbers written in another form come back equal as JSON values', () => {
    const text = withMontant('1250.500').replace('"numLigne": 1,', '"numLigne": 1.0e0,');
    const rf = runText(text);
    expectOnlyLine(rf, []);
    const line = lineOf(rf, 0);
    expect(line.numLigne).toBe(1);
    expect(line.commande.montantSegurHT).toBe(1250.5);
    expect(Object.keys(line).slice(0, 6)).toEqual(['numLigne', 'numeroEditeur', 'commande', 'beneficiaires', 'piecesJustificatives', 'scenarioInstallation']);
  });
});

describe('blank (DEM-15, DEM-19): what String.prototype.trim removes, nothing else (SPEC §4.2)', () => {
  const blanks: [string, string][] = [
    ['no-break spaces', '\u00a0\u00a0'],
    ['an ideographic space', '\u3000'],
    ['a BOM character', '\ufeff'],
    ['line and paragraph separators', '\u2028\u2029'],
    ['a vertical tab and a form feed', '\u000b\u000c'],
    ['an en quad and a narrow no-break space', '\u2000\u202f'],
  ];
  for (const [name, v] of blanks) {
    it(`${name} are blank: DEM-15 on nomClient, DEM-19 on nomRepresentant`, () => {
      const text = JSON.stringify(validFile(1), null, 2)
        .replace('"Centre hospitalier n°1"', JSON.stringify(v))
        .replace('"Jeanne Martin"', JSON.stringify(v));
      expectOnlyLine(runText(text), [
        ['DEM-15', 'beneficiaires.nomClient'],
        ['DEM-19', 'beneficiaires.nomRepresentant'],
      ]);
    });
  }

  for (const [name, v] of [
    ['U+001C', '\u001c'],
    ['U+001F', '\u001f'],
    ['U+0085', '\u0085'],
    ['U+200B (zero width space)', '\u200b'],
    ['U+180E (Mongolian vowel separator)', '\u180e'],
  ] as const) {
    it(`${name} is not blank`, () => {
      const text = JSON.stringify(validFile(1), null, 2)
        .replace('"Centre hospitalier n°1"', JSON.stringify(v))
        .replace('"Jeanne Martin"', JSON.stringify(v));
      expectOnlyLine(runText(text), []);
    });
  }
});
