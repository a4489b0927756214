/** SPEC §4.1: global checks (file rejected as FORMAT_INVALIDE), FMT-01..06, ENT-01..03, and AVT-02 (§4.3). */
import { describe, expect, it } from 'vitest';
import { bytesOf, validFile, validLine, DPI_ANS, DPI_SIRET } from '../../fixtures/deposit-files.js';
import {
  GLOBAL_LABELS,
  expectGlobal,
  expectJudged,
  fileWarningCodes,
  globalIssues,
  nestedArrays,
  run,
  runBytes,
  runText,
  type Json,
} from './helpers.js';

const validText = () => JSON.stringify(validFile(1), null, 2);

describe('FMT-01 — strict JSON', () => {
  const cases: [string, Uint8Array][] = [
    ['an empty file', Buffer.alloc(0)],
    ['a file of white space only', Buffer.from('  \n  ')],
    ['a syntax error (missing closing brace)', Buffer.from(validText().slice(0, -1))],
    ['a trailing comma', Buffer.from(validText().replace(/\n}$/, ',\n}'))],
    ['a line comment', Buffer.from(`// commentaire\n${validText()}`)],
    ['a block comment', Buffer.from(validText().replace('"numLigne"', '/* x */ "numLigne"'))],
    ['NaN as a number', Buffer.from(validText().replace('1250.5', 'NaN'))],
    ['Infinity as a number', Buffer.from(validText().replace('1250.5', 'Infinity'))],
    ['a number with a leading zero', Buffer.from(validText().replace('1250.5', '01250.5'))],
    ['a single-quoted string', Buffer.from(validText().replace('"TTC"', "'TTC'"))],
    ['trailing garbage after the top-level value', Buffer.from(`${validText()} x`)],
    ['two top-level values', Buffer.from(`${validText()}\n${validText()}`)],
    ['a duplicate BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(validText())])],
    [
      'invalid UTF-8 (a lone 0xFF byte in a string)',
      Buffer.concat([Buffer.from(validText().split('Centre')[0]!), Buffer.from([0xff]), Buffer.from(`Centre${validText().split('Centre')[1]}`)]),
    ],
    [
      'invalid UTF-8 (an overlong encoding C0 AF)',
      Buffer.concat([Buffer.from(validText().split('Centre')[0]!), Buffer.from([0xc0, 0xaf]), Buffer.from(`Centre${validText().split('Centre')[1]}`)]),
    ],
    [
      'invalid UTF-8 (a truncated multi-byte sequence)',
      Buffer.concat([Buffer.from(validText().split('Centre')[0]!), Buffer.from([0xe2, 0x82]), Buffer.from(`Centre${validText().split('Centre')[1]}`)]),
    ],
    [
      'invalid UTF-8 (an encoded surrogate ED A0 80)',
      Buffer.concat([Buffer.from(validText().split('Centre')[0]!), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`Centre${validText().split('Centre')[1]}`)]),
    ],
    ['nesting deeper than 20 levels (22)', Buffer.from(validText().replace('1250.5', nestedArrays(18)))],
    ['a top-level array nested 25 levels', Buffer.from(nestedArrays(25))],
  ];
  for (const [name, bytes] of cases) {
    it(`fires on ${name}`, () => {
      const rf = runBytes(bytes);
      expectGlobal(rf, ['FMT-01']);
      const e = rf.resultat.erreurs[0]!;
      expect(Number.isInteger(e.ligne) && e.ligne! >= 1, `ligne ${e.ligne}`).toBe(true);
      expect(Number.isInteger(e.colonne) && e.colonne! >= 1, `colonne ${e.colonne}`).toBe(true);
      expect(e.message.startsWith(GLOBAL_LABELS['FMT-01']!)).toBe(true);
      expect(rf.resultat.nombreDemandes).toBe(0);
    });
  }

  it('gives the line and column (from 1) of the error', () => {
    const rf = runText('{\n  "siret": x\n}');
    expectGlobal(rf, ['FMT-01']);
    expect(rf.resultat.erreurs[0]!.ligne).toBe(2);
    expect(rf.resultat.erreurs[0]!.colonne).toBe(12);
  });

  it('gives line 1, column 1 for an empty file', () => {
    const rf = runBytes(Buffer.alloc(0));
    expect(rf.resultat.erreurs[0]!.ligne).toBe(1);
    expect(rf.resultat.erreurs[0]!.colonne).toBe(1);
  });

  it('does not fire on a valid file', () => {
    expectJudged(runText(validText()));
  });

  it('does not fire on a valid file with one leading BOM', () => {
    const rf = runBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validText())]));
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('does not fire on a valid file using non-ASCII UTF-8 and \\u escapes', () => {
    const text = validText().replace('Centre hospitalier', 'Hôpital Saint-Éloi \\u00e9');
    expect(runText(text).resultat.statut).toBe('VALIDE');
  });

  it('does not fire on nesting of exactly 20 levels (it is a DEM-00 for the leaf instead)', () => {
    // root (1) > lignesImport (2) > line (3) > commande (4) > 16 nested arrays = 20 levels.
    const rf = runText(validText().replace('1250.5', nestedArrays(16)));
    expectJudged(rf);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(rf.lignesImport![0]!.erreurs.map((e) => `${e.code} @ ${e.champ}`)).toEqual(['DEM-00 @ commande.montantSegurHT']);
  });
});

describe('FMT-02 — missing, unexpected, repeated keys and wrong containers', () => {
  const fmt02 = (mutate: (f: Json) => void, champs: string[]) => () => {
    const file = validFile(1);
    mutate(file);
    const rf = run(file);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual([...new Set(champs.map((c) => `FMT-02 @ ${c}`))].sort());
    for (const e of rf.resultat.erreurs) expect(e.message.startsWith(GLOBAL_LABELS['FMT-02']!)).toBe(true);
  };

  it('fires on a missing top-level key (siret), without FMT-05 or ENT-02', fmt02((f) => delete f.siret, ['siret']));
  it('fires on a missing numeroAns, without FMT-06 or ENT-01', fmt02((f) => delete f.numeroAns, ['numeroAns']));
  it('fires on a missing lignesImport', fmt02((f) => delete f.lignesImport, ['lignesImport']));
  it('fires twice on SIRET instead of siret (unexpected SIRET, missing siret)', fmt02((f) => {
    f.SIRET = f.siret;
    delete f.siret;
  }, ['SIRET', 'siret']));
  it('fires on an unexpected top-level key', fmt02((f) => (f.resultat = {}), ['resultat']));
  it('fires on an unexpected key in a line', fmt02((f) => (f.lignesImport[0].commentaire = 'x'), ['lignesImport[0].commentaire']));
  it('fires on a missing line key (numLigne)', fmt02((f) => delete f.lignesImport[0].numLigne, ['lignesImport[0].numLigne']));
  it('fires on a missing commande key', fmt02((f) => delete f.lignesImport[0].commande.regimeTVA, ['lignesImport[0].commande.regimeTVA']));
  it('fires on a case-mismatched key in beneficiaires', fmt02((f) => {
    const b = f.lignesImport[0].beneficiaires;
    b.finessPmsi = b.FINESSPMSI;
    delete b.FINESSPMSI;
  }, ['lignesImport[0].beneficiaires.finessPmsi', 'lignesImport[0].beneficiaires.FINESSPMSI']));
  it('fires on a missing representative key (not nullable-by-absence)', fmt02(
    (f) => delete f.lignesImport[0].beneficiaires.nomRepresentant,
    ['lignesImport[0].beneficiaires.nomRepresentant'],
  ));
  it('fires on a missing key inside a piecesJustificatives object', fmt02(
    (f) => delete f.lignesImport[0].piecesJustificatives[0].formatFichier,
    ['lignesImport[0].piecesJustificatives[0].formatFichier'],
  ));
  it('fires on an unexpected key inside a piecesJustificatives object', fmt02(
    (f) => (f.lignesImport[0].piecesJustificatives[0].taille = 12),
    ['lignesImport[0].piecesJustificatives[0].taille'],
  ));
  it('fires on a missing scenario flag', fmt02(
    (f) => delete f.lignesImport[0].scenarioInstallation.isFluxEntrantDepuisRI,
    ['lignesImport[0].scenarioInstallation.isFluxEntrantDepuisRI'],
  ));
  it('fires on a missing datePrevisionnelleLivraison', fmt02(
    (f) => delete f.lignesImport[0].scenarioInstallation.datePrevisionnelleLivraison,
    ['lignesImport[0].scenarioInstallation.datePrevisionnelleLivraison'],
  ));
  it('fires on a PFI flag in a DPI file', fmt02(
    (f) => (f.lignesImport[0].scenarioInstallation.isFluxSortantVersDMP = true),
    ['lignesImport[0].scenarioInstallation.isFluxSortantVersDMP'],
  ));
  it('fires on lignesImport not an array', fmt02((f) => (f.lignesImport = { 0: f.lignesImport[0] }), ['lignesImport']));
  it('fires on lignesImport null', fmt02((f) => (f.lignesImport = null), ['lignesImport']));
  it('fires on a line that is not an object', fmt02((f) => (f.lignesImport = [f.lignesImport[0], 'ligne']), ['lignesImport[1]']));
  it('fires on a line that is null', fmt02((f) => (f.lignesImport = [null]), ['lignesImport[0]']));
  it('fires on a line that is an array', fmt02((f) => (f.lignesImport = [[]]), ['lignesImport[0]']));
  it('fires on commande null', fmt02((f) => (f.lignesImport[0].commande = null), ['lignesImport[0].commande']));
  it('fires on beneficiaires an array', fmt02((f) => (f.lignesImport[0].beneficiaires = []), ['lignesImport[0].beneficiaires']));
  it('fires on scenarioInstallation a string', fmt02((f) => (f.lignesImport[0].scenarioInstallation = 'DPI'), ['lignesImport[0].scenarioInstallation']));
  it('fires on piecesJustificatives an object', fmt02(
    (f) => (f.lignesImport[0].piecesJustificatives = f.lignesImport[0].piecesJustificatives[0]),
    ['lignesImport[0].piecesJustificatives'],
  ));
  it('fires on piecesJustificatives null', fmt02((f) => (f.lignesImport[0].piecesJustificatives = null), ['lignesImport[0].piecesJustificatives']));
  it('fires on a piecesJustificatives entry that is not an object', fmt02(
    (f) => f.lignesImport[0].piecesJustificatives.push('HOP-DPI-Va2-FAC-ED00001.pdf'),
    ['lignesImport[0].piecesJustificatives[1]'],
  ));
  it('fires on a piecesJustificatives entry that is null', fmt02(
    (f) => (f.lignesImport[0].piecesJustificatives = [null]),
    ['lignesImport[0].piecesJustificatives[0]'],
  ));

  for (const [name, text] of [
    ['an array', '[]'],
    ['a string', '"fichier"'],
    ['null', 'null'],
    ['a number', '42'],
  ] as const) {
    it(`fires on a top level that is ${name}, with champ ""`, () => {
      const rf = runText(text);
      expectGlobal(rf, ['FMT-02']);
      expect(rf.resultat.erreurs.some((e) => e.champ === '')).toBe(true);
      expect(rf.resultat.nombreDemandes).toBe(0);
    });
  }

  it('fires on a repeated top-level key', () => {
    const text = validText().replace(`"siret": "${DPI_SIRET}",`, `"siret": "${DPI_SIRET}",\n  "siret": "${DPI_SIRET}",`);
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ siret']);
  });

  it('fires on a repeated key inside a piecesJustificatives object', () => {
    const text = validText().replace('"formatFichier": "PDF"', '"formatFichier": "PDF",\n          "formatFichier": "JPG"');
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ lignesImport[0].piecesJustificatives[0].formatFichier']);
  });

  it('fires on a repeated key inside commande', () => {
    const text = validText().replace('"regimeTVA": "TTC",', '"regimeTVA": "TTC",\n        "regimeTVA": "TTC",');
    const rf = runText(text);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ lignesImport[0].commande.regimeTVA']);
  });

  it('checks the flags of the chosen solution: a DPI file simulated as PFI has 5 unexpected and 7 missing flags', () => {
    const rf = run(validFile(1, 'DPI'), { numeroAns: DPI_ANS, logiciel: 'PFI' });
    expectGlobal(rf, ['FMT-02']);
    const base = 'lignesImport[0].scenarioInstallation.';
    const expected = [
      'isProSanteConnectNeeded', 'isFluxSortantDMPVersPFI', 'isFluxSortantMSSVersPFI', 'isFluxEntrantMSSDepuisPFI', 'isFluxEntrantDepuisRI',
      'isFluxEntrantDepuisDPI', 'isFluxEntrantDepuisRIS', 'isFluxEntrantDepuisSGL', 'isFluxSortantVersDPI', 'isFluxSortantVersRIS',
      'isFluxSortantVersDMP', 'isFluxSortantParMSS',
    ].map((f) => `FMT-02 @ ${base}${f}`).sort();
    expect(globalIssues(rf)).toEqual(expected);
  });

  it('reports every FMT-02 path found, at least the first 100', () => {
    const file = validFile(150);
    file.lignesImport.forEach((l: Json) => (l.extra = true));
    const rf = run(file);
    expectGlobal(rf, ['FMT-02']);
    const champs = new Set(rf.resultat.erreurs.map((e) => e.champ));
    expect(champs.size).toBeGreaterThanOrEqual(100);
    for (const c of champs) expect(c).toMatch(/^lignesImport\[\d+\]\.extra$/);
    expect(champs.has('lignesImport[0].extra')).toBe(true);
  });

  it('reports FMT-02 in several lines together', () => {
    const file = validFile(3);
    delete file.lignesImport[0].numeroEditeur;
    file.lignesImport[2].beneficiaires.fax = '';
    const rf = run(file);
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ lignesImport[0].numeroEditeur', 'FMT-02 @ lignesImport[2].beneficiaires.fax']);
    expect(rf.resultat.nombreDemandes).toBe(3);
  });

  it('does not fire when the representative fields are null (they are present)', () => {
    const file = validFile(1);
    Object.assign(file.lignesImport[0].beneficiaires, { nomRepresentant: null, emailRepresentant: null, telephoneRepresentant: null });
    expect(run(file).resultat.statut).toBe('VALIDE');
  });

  it('does not fire on a leaf of the wrong type (that is a line error DEM-00)', () => {
    const file = validFile(1);
    file.lignesImport[0].commande.montantSegurHT = { valeur: 1 };
    file.lignesImport[0].piecesJustificatives[0].nomFichier = null;
    const rf = run(file);
    expectJudged(rf);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
  });

  it('does not fire on a valid PFI file simulated as PFI', () => {
    expect(run(validFile(2, 'PFI'), {}, 'PFI').resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-03 — 1 to 200 lines', () => {
  it('fires on an empty lignesImport, with champ lignesImport', () => {
    const file = validFile(1);
    file.lignesImport = [];
    const rf = run(file);
    expectGlobal(rf, ['FMT-03']);
    expect(globalIssues(rf)).toEqual(['FMT-03 @ lignesImport']);
    expect(rf.resultat.nombreDemandes).toBe(0);
    expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['FMT-03']!)).toBe(true);
  });

  it('fires on 201 lines, and nombreDemandes is 201', () => {
    const rf = run(validFile(201));
    expectGlobal(rf, ['FMT-03']);
    expect(rf.resultat.nombreDemandes).toBe(201);
  });

  it('does not fire on 200 lines', () => {
    const rf = run(validFile(200));
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.resultat.nombreDemandes).toBe(200);
  });

  it('does not fire on 1 line', () => {
    expect(run(validFile(1)).resultat.statut).toBe('VALIDE');
  });

  it('still checks a file of more than 200 lines for FMT-02', () => {
    const file = validFile(205);
    delete file.lignesImport[204].commande.typePrestation;
    const rf = run(file);
    expectGlobal(rf, ['FMT-02', 'FMT-03']);
    expect(globalIssues(rf)).toContain('FMT-02 @ lignesImport[204].commande.typePrestation');
  });
});

describe('FMT-04 — at most 5 MB (5 242 880 bytes)', () => {
  const padded = (size: number) => {
    const base = bytesOf(validFile(1));
    return Buffer.concat([base, Buffer.alloc(size - base.length, 0x20)]);
  };

  it('fires on a file of 5 242 881 bytes, with champ ""', () => {
    const rf = runBytes(padded(5 * 1048576 + 1));
    expectGlobal(rf, ['FMT-04']);
    expect(globalIssues(rf)).toEqual(['FMT-04 @ ']);
    expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['FMT-04']!)).toBe(true);
  });

  it('is alone, even for a supplier whose solution is not referenced (the file is not read; SPEC §4.1)', () => {
    const rf = runBytes(padded(5 * 1048576 + 1), { fournisseur: null });
    expect(globalIssues(rf)).toEqual(['FMT-04 @ ']);
    expect(rf.resultat.nombreDemandes).toBe(0);
  });

  it('does not fire on a file of exactly 5 242 880 bytes', () => {
    const rf = runBytes(padded(5 * 1048576));
    expect(rf.resultat.statut).toBe('VALIDE');
  });
});

describe('FMT-05 — siret is a string of 14 digits', () => {
  const cases: [string, unknown][] = [
    ['13 digits', '4030807060002'],
    ['15 digits', '403080706000200'],
    ['a letter', '4030807060002A'],
    ['spaces', '403 080 706 00020'],
    ['a number', 40308070600020],
    ['null', null],
    ['an empty string', ''],
  ];
  for (const [name, siret] of cases) {
    it(`fires on ${name}, without ENT-02 or AVT-02`, () => {
      const file = validFile(1);
      file.siret = siret;
      const rf = run(file);
      expectGlobal(rf, ['FMT-05']);
      expect(globalIssues(rf)).toEqual(['FMT-05 @ siret']);
      expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['FMT-05']!)).toBe(true);
      expect(fileWarningCodes(rf)).toEqual([]);
      expect(rf.resultat.nombreDemandes).toBe(1);
    });
  }

  it('fires even when ENT-02 is not checked (no supplier SIRET)', () => {
    const file = validFile(1);
    file.siret = '123';
    expectGlobal(run(file, { siret: undefined }), ['FMT-05']);
  });

  it('does not fire on 14 digits', () => {
    expectJudged(run(validFile(1)));
  });
});

describe('FMT-06 — numeroAns is a string of 10 characters [A-Za-z0-9]', () => {
  const cases: [string, unknown][] = [
    ['9 characters', 'MJCDPI001'],
    ['11 characters', 'MJCDPI00011'],
    ['an underscore', 'MJCDPI_001'],
    ['an accented letter', 'MJCDPÉ0001'],
    ['a number', 1234567890],
    ['null', null],
  ];
  for (const [name, numeroAns] of cases) {
    it(`fires on ${name}, without ENT-01`, () => {
      const file = validFile(1);
      file.numeroAns = numeroAns;
      const rf = run(file);
      expectGlobal(rf, ['FMT-06']);
      expect(globalIssues(rf)).toEqual(['FMT-06 @ numeroAns']);
      expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['FMT-06']!)).toBe(true);
    });
  }

  it('does not fire on a well-formed numéro ANS in lower case (but ENT-01 does: the comparison is case-sensitive)', () => {
    const file = validFile(1);
    file.numeroAns = 'mjcdpi0001';
    const rf = run(file);
    expectGlobal(rf, ['ENT-01']);
    expect(globalIssues(rf)).toEqual(['ENT-01 @ numeroAns']);
  });
});

describe('ENT-01 — numeroAns matches the chosen one', () => {
  it('fires when the file names another solution', () => {
    const file = validFile(1);
    file.numeroAns = 'MJCDPI0002';
    const rf = run(file);
    expectGlobal(rf, ['ENT-01']);
    expect(globalIssues(rf)).toEqual(['ENT-01 @ numeroAns']);
    expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['ENT-01']!)).toBe(true);
  });

  it('fires when the chosen solution differs from the file', () => {
    expectGlobal(run(validFile(1), { numeroAns: 'MJCDPI0009' }), ['ENT-01']);
  });

  it('does not fire when they are equal', () => {
    expectJudged(run(validFile(1)));
  });

  it('resultat.numeroAns is the chosen one', () => {
    const rf = run(validFile(1), { numeroAns: 'MJCDPI0009' });
    expect(rf.resultat.numeroAns).toBe('MJCDPI0009');
  });
});

describe('ENT-02 — siret matches the signed-in supplier', () => {
  it('fires when the SIRETs differ', () => {
    const rf = run(validFile(1), { siret: '40208090600010' });
    expectGlobal(rf, ['ENT-02']);
    expect(globalIssues(rf)).toEqual(['ENT-02 @ siret']);
    expect(rf.resultat.erreurs[0]!.message.startsWith(GLOBAL_LABELS['ENT-02']!)).toBe(true);
  });

  it('does not fire when they are equal', () => {
    expectJudged(run(validFile(1)));
  });

  it('is not checked without a supplier SIRET (offline)', () => {
    const file = validFile(1);
    file.siret = '40208090600010';
    expect(run(file, { siret: undefined }).resultat.statut).toBe('VALIDE');
  });

  it('needs FMT-05 to pass', () => {
    const file = validFile(1);
    file.siret = '40208';
    expectGlobal(run(file), ['FMT-05']);
  });
});

describe('ENT-03 — solution of this supplier and enrolment VALIDE', () => {
  const ent03Champ = (rf: ReturnType<typeof run>) => {
    // The spec does not name ENT-03's field: it is about the chosen solution ("" for the file or numeroAns).
    const e = rf.resultat.erreurs.find((x) => x.code === 'ENT-03')!;
    expect(['', 'numeroAns']).toContain(e.champ);
    expect(e.message.startsWith(GLOBAL_LABELS['ENT-03']!)).toBe(true);
  };

  it('fires when the enrolment is not VALIDE', () => {
    const rf = run(validFile(1), { fournisseur: { statutEnrolement: 'EN_ATTENTE', solutions: [DPI_ANS] } });
    expectGlobal(rf, ['ENT-03']);
    ent03Champ(rf);
  });

  it('fires when the chosen solution is not one of the supplier', () => {
    const rf = run(validFile(1), { fournisseur: { statutEnrolement: 'VALIDE', solutions: ['CJMPFI0001'] } });
    expectGlobal(rf, ['ENT-03']);
    ent03Champ(rf);
  });

  it('fires when the supplier is unknown (null)', () => {
    const rf = run(validFile(1), { fournisseur: null });
    expectGlobal(rf, ['ENT-03']);
    ent03Champ(rf);
  });

  it('compares the numéro ANS case-sensitively', () => {
    const rf = run(validFile(1), { fournisseur: { statutEnrolement: 'VALIDE', solutions: ['mjcdpi0001'] } });
    expectGlobal(rf, ['ENT-03']);
  });

  it('does not fire for an enrolled supplier owning the solution', () => {
    const rf = run(validFile(1), { fournisseur: { statutEnrolement: 'VALIDE', solutions: ['XXXDPI0001', DPI_ANS] } });
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('is not checked when the supplier standing is absent (offline)', () => {
    expect(run(validFile(1)).resultat.statut).toBe('VALIDE');
  });
});

describe('global errors are reported together', () => {
  it('FMT-05 and FMT-06 together', () => {
    const file = validFile(1);
    file.siret = '1';
    file.numeroAns = '1';
    expectGlobal(run(file), ['FMT-05', 'FMT-06']);
  });

  it('ENT-01, ENT-02 and ENT-03 together', () => {
    const file = validFile(1);
    file.numeroAns = 'MJCDPI0002';
    const rf = run(file, { siret: '40208090600010', fournisseur: { statutEnrolement: 'EN_ATTENTE', solutions: [DPI_ANS] } });
    expectGlobal(rf, ['ENT-01', 'ENT-02', 'ENT-03']);
  });

  it('FMT-02, FMT-03, FMT-05 and ENT-01 together', () => {
    const file = validFile(201);
    file.lignesImport[3].intrus = 1;
    file.siret = 'abc';
    file.numeroAns = 'AAAAAAAAAA';
    expectGlobal(run(file), ['FMT-02', 'FMT-03', 'FMT-05', 'ENT-01']);
  });

  it('FMT-03 with an empty lignesImport and FMT-02 elsewhere', () => {
    const file = validFile(1);
    file.lignesImport = [];
    file.extra = 1;
    expectGlobal(run(file), ['FMT-02', 'FMT-03']);
  });

  it('ENT-02 and FMT-02 together', () => {
    const file = validFile(1);
    delete file.lignesImport[0].commande.typePrestation;
    expectGlobal(run(file, { siret: '40208090600010' }), ['FMT-02', 'ENT-02']);
  });

  it('a missing siret and a missing numeroAns are only FMT-02 even with ENT checks on', () => {
    const file = validFile(1);
    delete file.siret;
    delete file.numeroAns;
    const rf = run(file, { fournisseur: { statutEnrolement: 'VALIDE', solutions: [DPI_ANS] } });
    expectGlobal(rf, ['FMT-02']);
    expect(globalIssues(rf)).toEqual(['FMT-02 @ numeroAns', 'FMT-02 @ siret']);
  });
});

describe('AVT-02 — SIRET check (file-level warning)', () => {
  const avt = (siret: string) => {
    const file = validFile(1);
    file.siret = siret;
    return run(file, { siret });
  };
  const avtChamp = (rf: ReturnType<typeof run>) => {
    // The field of a file-level warning about the siret: "siret" (or "" for the whole file).
    for (const w of rf.resultat.avertissements) expect(['siret', '']).toContain(w.champ);
  };

  it('fires on a SIRET failing Luhn (non La Poste, even with a digit sum multiple of 5)', () => {
    const rf = avt(DPI_SIRET); // Luhn fails, digit sum 25
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
    avtChamp(rf);
    expect(rf.lignesImport![0]!.avertissements).toEqual([]);
  });

  it('does not fire on a SIRET passing Luhn', () => {
    const rf = avt('40308070600027');
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.resultat.avertissements).toEqual([]);
  });

  it('does not fire on a La Poste SIRET failing Luhn but with a digit sum multiple of 5', () => {
    const rf = avt('35600000000001');
    expect(rf.resultat.avertissements).toEqual([]);
  });

  it('does not fire on a La Poste SIRET passing Luhn', () => {
    const rf = avt('35600000000014');
    expect(rf.resultat.avertissements).toEqual([]);
  });

  it('fires on a La Poste SIRET failing both rules', () => {
    const rf = avt('35600000000000');
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('is reported on a FORMAT_INVALIDE file when FMT-05 passes (with FMT-02)', () => {
    const file = validFile(1);
    delete file.lignesImport[0].numLigne;
    const rf = run(file);
    expectGlobal(rf, ['FMT-02']);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
    avtChamp(rf);
  });

  it('is reported with ENT-02 (the file siret is well formed)', () => {
    const rf = run(validFile(1), { siret: '40308070600027' });
    expectGlobal(rf, ['ENT-02']);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });

  it('is reported with FMT-03 and ENT-03', () => {
    const file = validFile(1);
    file.lignesImport = [];
    const rf = run(file, { fournisseur: null });
    expectGlobal(rf, ['FMT-03', 'ENT-03']);
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });

  it('is reported on an EN_ERREUR file', () => {
    const file = validFile(1);
    file.lignesImport[0].commande.typePrestation = 'V3';
    const rf = run(file);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(fileWarningCodes(rf)).toEqual(['AVT-02']);
  });

  it('is not reported when FMT-05 fails', () => {
    const file = validFile(1);
    file.siret = '4030807060002';
    expect(run(file).resultat.avertissements).toEqual([]);
  });

  it('is not reported when the file is not JSON', () => {
    expect(runText(`{"siret": "${DPI_SIRET}",`).resultat.avertissements).toEqual([]);
  });
});

describe('a valid line stays valid in any position', () => {
  it('validLine fixtures are valid', () => {
    const file = validFile(1);
    file.lignesImport = [validLine(7), validLine(3)];
    expect(run(file).resultat.statut).toBe('VALIDE');
  });
});
