/** Edge cases derived from the spec's wording (strict JSON, key matching, value judgement, lengths). */
import { describe, expect, it } from 'vitest';
import { validFile, DPI_SIRET } from '../../fixtures/deposit-files.js';
import { expectGlobal, expectOnlyLine, globalIssues, oneLine, run, runBytes, runText } from './helpers.js';

const validText = () => JSON.stringify(validFile(1), null, 2);

describe('FMT-01 — more strict-JSON cases', () => {
  const cases: [string, string][] = [
    ['a raw tab inside a string', validText().replace('Centre hospitalier', 'Centre\thospitalier')],
    ['a raw newline inside a string', validText().replace('Centre hospitalier', 'Centre\nhospitalier')],
    ['an invalid escape \\x', validText().replace('Centre hospitalier', 'Centre\\x41')],
    ['a short \\u escape', validText().replace('Centre hospitalier', 'Centre\\u00e')],
    ['a plus sign before a number', validText().replace('"numLigne": 1,', '"numLigne": +1,')],
    ['a hexadecimal number', validText().replace('"numLigne": 1,', '"numLigne": 0x1,')],
    ['a number ending with a dot', validText().replace('"numLigne": 1,', '"numLigne": 1.,')],
    ['a number starting with a dot', validText().replace('1250.5', '.5')],
    ['an incomplete exponent', validText().replace('1250.5', '1250e')],
    ['-Infinity', validText().replace('1250.5', '-Infinity')],
    ['an unquoted key', validText().replace('"numLigne"', 'numLigne')],
    ['True instead of true', validText().replace(/false|true/, 'True')],
    ['undefined as a value', validText().replace('"TTC"', 'undefined')],
    ['a BOM after white space', ` \uFEFF${validText()}`],
    ['a 25-level nesting of objects', `${'{"a":'.repeat(25)}1${'}'.repeat(25)}`],
  ];
  for (const [name, text] of cases) {
    it(`fires on ${name}`, () => expectGlobal(runText(text), ['FMT-01']));
  }

  it('fires on a UTF-16 file (FF FE BOM)', () => {
    expectGlobal(runBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validText(), 'utf16le')])), ['FMT-01']);
  });

  it('counts CRLF as one line break for the line number', () => {
    const rf = runText('{\r\n  "siret": x\r\n}');
    expectGlobal(rf, ['FMT-01']);
    expect(rf.resultat.erreurs[0]!.ligne).toBe(2);
    expect(rf.resultat.erreurs[0]!.colonne).toBe(12);
  });

  it('does not fire on CRLF line endings and tabs between tokens', () => {
    const text = validText().replace(/\n/g, '\r\n').replace(/ {2}/g, '\t');
    expect(runText(text).resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-02 — keys are matched exactly, whatever their name', () => {
  it('a repeated key written with an escape (\\u0073iret is siret) is repeated', () => {
    const text = validText().replace(`"siret": "${DPI_SIRET}",`, `"siret": "${DPI_SIRET}",\n  "\\u0073iret": "${DPI_SIRET}",`);
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ siret']);
  });

  it('a key written with an escape is that key (\\u0073iret alone is siret, fine)', () => {
    const text = validText().replace('"siret":', '"\\u0073iret":');
    expect(runText(text).resultat.statut).toBe('VALIDE');
  });

  it('__proto__ at the top level is an unexpected key', () => {
    const text = validText().replace('{\n', '{\n  "__proto__": {"x": 1},\n');
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ __proto__']);
  });

  it('__proto__ holding a missing key does not supply it', () => {
    const file = validFile(1);
    delete file.lignesImport[0].numLigne;
    const text = JSON.stringify(file, null, 2).replace('"numeroEditeur"', '"__proto__": {"numLigne": 1},\n      "numeroEditeur"');
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ lignesImport[0].__proto__', 'FMT-02 @ lignesImport[0].numLigne']);
  });

  for (const k of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
    it(`"${k}" in beneficiaires is an unexpected key`, () => {
      const file = validFile(1);
      file.lignesImport[0].beneficiaires[k] = 'x';
      const rf = run(file);
      expectGlobal(rf, ['FMT-02']);
      expect(globalIssues(rf)).toEqual([`FMT-02 @ lignesImport[0].beneficiaires.${k}`]);
    });
  }

  it('an empty piecesJustificatives object misses both keys', () => {
    const file = validFile(1);
    file.lignesImport[0].piecesJustificatives = [{}];
    const rf = run(file);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual([
      'FMT-02 @ lignesImport[0].piecesJustificatives[0].formatFichier',
      'FMT-02 @ lignesImport[0].piecesJustificatives[0].nomFichier',
    ]);
  });

  it('a repeated scenario flag is FMT-02 even with the same value', () => {
    const text = validText().replace('"isProSanteConnectNeeded": false,', '"isProSanteConnectNeeded": false,\n        "isProSanteConnectNeeded": false,');
    expect(text).toContain('"isProSanteConnectNeeded": false,\n        "isProSanteConnectNeeded"');
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ lignesImport[0].scenarioInstallation.isProSanteConnectNeeded']);
  });
});

describe('DEM-11 — two decimals judged on the decimal form, not on binary arithmetic', () => {
  for (const v of [0.57, 1.13, 4.35, 8.04, 19.99, 0.07, 1.15, 1234567.89, 99999999.99, 10.1, 0.3]) {
    it(`does not fire on ${v}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.montantSegurHT = v))), []);
    });
  }
  for (const v of [0.001, 0.575, 8.045, 2.675, 1234567.891, 0.333]) {
    it(`fires on ${v}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.commande.montantSegurHT = v))), [['DEM-11', 'commande.montantSegurHT']]);
    });
  }
});

describe('DEM-01 — more values', () => {
  it('fires on -0', () => {
    const text = validText().replace('"numLigne": 1,', '"numLigne": -0,');
    expectOnlyLine(runText(text), [['DEM-01', 'numLigne']]);
  });

  it('does not fire on 1E2 (the integer 100)', () => {
    const text = validText().replace('"numLigne": 1,', '"numLigne": 1E2,');
    expectOnlyLine(runText(text), []);
  });
});

describe('lengths are counted in characters', () => {
  it('nomClient of 100 emoji (100 characters) is fine', () => {
    expectOnlyLine(run(oneLine((l) => (l.beneficiaires.nomClient = '🏥'.repeat(100)))), []);
  });

  it('nomClient of 101 emoji fires DEM-15', () => {
    expectOnlyLine(run(oneLine((l) => (l.beneficiaires.nomClient = '🏥'.repeat(101)))), [['DEM-15', 'beneficiaires.nomClient']]);
  });
});

describe('DEM-16 / DEM-17 — a few more', () => {
  for (const v of ['Jean.Dupont@CH-Exemple.FR', 'a_b%c@x.y.z.museum']) {
    it(`DEM-16 does not fire on ${v}`, () => expectOnlyLine(run(oneLine((l) => (l.beneficiaires.emailClient = v))), []));
  }
  for (const v of ['a@b.xn--p1ai', 'a@b.c', 'a@b.fr\n', 'a@b..', 'a@', 'a(b)@c.fr', 'a@b.fr,c@d.fr']) {
    it(`DEM-16 fires on ${JSON.stringify(v)}`, () =>
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.emailClient = v))), [['DEM-16', 'beneficiaires.emailClient']]));
  }
  for (const v of ['+33912345678', '+33700000000', '+100000000']) {
    it(`DEM-17 does not fire on ${v}`, () => expectOnlyLine(run(oneLine((l) => (l.beneficiaires.telephoneClient = v))), []));
  }
  for (const v of ['+33145678901\n', '+33１45678901', '++33145678901', '+(33)145678901', '+33.145678901']) {
    it(`DEM-17 fires on ${JSON.stringify(v)}`, () =>
      expectOnlyLine(run(oneLine((l) => (l.beneficiaires.telephoneClient = v))), [['DEM-17', 'beneficiaires.telephoneClient']]));
  }
});

describe('DEM-05 / DEM-26 — more date texts', () => {
  for (const d of ['13/10/2023\n', '13/1O/2023', '+3/10/2023', '13/10/+023', '31/09/2023', '29/02/2100', '30/02/2000']) {
    it(`DEM-05 fires on ${JSON.stringify(d)}`, () =>
      expectOnlyLine(run(oneLine((l) => (l.commande.dateEditionCommande = d))), [['DEM-05', 'commande.dateEditionCommande']]));
  }
});
