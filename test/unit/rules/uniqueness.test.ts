/** SPEC §4.2: uniqueness in the file, DEM-02, DEM-04, DEM-14, DEM-25, and what each compares. */
import { describe, expect, it } from 'vitest';
import { expectLine, lineWarnings, lines, run, runText } from './helpers.js';

const F = 'beneficiaires.FINESSPMSI';

describe('DEM-02 — numLigne unique in the file', () => {
  it('fires on every line sharing a number, not on the others', () => {
    const rf = run(lines(3, (ls) => (ls[1].numLigne = 1)));
    expectLine(rf, 0, [['DEM-02', 'numLigne']]);
    expectLine(rf, 1, [['DEM-02', 'numLigne']]);
    expectLine(rf, 2, []);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(rf.resultat.nombreDemandes).toBe(3);
    expect(rf.resultat.nombreDemandesValides).toBe(1);
    expect(rf.resultat.nombreDemandesEnErreur).toBe(2);
  });

  it('fires on three lines sharing a number', () => {
    const rf = run(lines(4, (ls) => ls.slice(1).forEach((l) => (l.numLigne = 9))));
    expectLine(rf, 0, []);
    for (const i of [1, 2, 3]) expectLine(rf, i, [['DEM-02', 'numLigne']]);
  });

  it('compares values: 1.0 and 1 are the same number', () => {
    const text = JSON.stringify(lines(2, (ls) => (ls[1].numLigne = 1)), null, 2).replace('"numLigne": 1,', '"numLigne": 1.0,');
    expect(text).toContain('"numLigne": 1.0,');
    const rf = runText(text);
    expectLine(rf, 0, [['DEM-02', 'numLigne']]);
    expectLine(rf, 1, [['DEM-02', 'numLigne']]);
  });

  it('does not fire on distinct numbers in any order', () => {
    const rf = run(lines(3, (ls) => {
      ls[0].numLigne = 5;
      ls[1].numLigne = 3;
      ls[2].numLigne = 100;
    }));
    expect(rf.resultat.statut).toBe('VALIDE');
  });

  it('compares only values passing DEM-01: 0 twice is DEM-01 on each, no DEM-02', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.numLigne = 0))));
    expectLine(rf, 0, [['DEM-01', 'numLigne']]);
    expectLine(rf, 1, [['DEM-01', 'numLigne']]);
  });

  it('compares only values passing DEM-01: 1.5 twice', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.numLigne = 1.5))));
    expectLine(rf, 0, [['DEM-01', 'numLigne']]);
    expectLine(rf, 1, [['DEM-01', 'numLigne']]);
  });

  it('compares only values passing DEM-00: "1" and 1', () => {
    const rf = run(lines(2, (ls) => {
      ls[0].numLigne = '1';
      ls[1].numLigne = 1;
    }));
    expectLine(rf, 0, [['DEM-00', 'numLigne']]);
    expectLine(rf, 1, []);
  });
});

describe('DEM-04 — numeroEditeur unique in the file', () => {
  it('fires on every line sharing it (their files distinct), not on the others', () => {
    const rf = run(lines(3, (ls) => {
      ls[2].numeroEditeur = 'ED00001';
      ls[2].piecesJustificatives[0].nomFichier = 'HOP-DPI-Va2-BDC-ED00001-2.pdf';
    }));
    expectLine(rf, 0, [['DEM-04', 'numeroEditeur']]);
    expectLine(rf, 1, []);
    expectLine(rf, 2, [['DEM-04', 'numeroEditeur']]);
  });

  it('fires together with DEM-25 when the two lines also name the same file', () => {
    const rf = run(lines(2, (ls) => {
      ls[1].numeroEditeur = 'ED00001';
      ls[1].piecesJustificatives[0].nomFichier = 'HOP-DPI-Va2-BDC-ED00001.pdf';
    }));
    const both: [string, string][] = [['DEM-04', 'numeroEditeur'], ['DEM-25', 'piecesJustificatives[0].nomFichier']];
    expectLine(rf, 0, both);
    expectLine(rf, 1, both);
  });

  it('compares only values passing DEM-03: an invalid value twice is DEM-03 on each, no DEM-04', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l, i) => {
      l.numeroEditeur = 'ED_1';
      l.piecesJustificatives[0].nomFichier = `HOP-DPI-Va2-BDC-ED_1-${i + 1}.pdf`;
    })));
    expectLine(rf, 0, [['DEM-03', 'numeroEditeur']]);
    expectLine(rf, 1, [['DEM-03', 'numeroEditeur']]);
  });

  it('compares only values passing DEM-03: 21 characters twice', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.numeroEditeur = 'E'.repeat(21)))));
    expectLine(rf, 0, [['DEM-03', 'numeroEditeur']]);
    expectLine(rf, 1, [['DEM-03', 'numeroEditeur']]);
  });

  it('does not fire on distinct values', () => {
    expect(run(lines(3, () => {})).resultat.statut).toBe('VALIDE');
  });
});

describe('DEM-14 — FINESSPMSI unique in the file', () => {
  it('fires on every line sharing it, not on the others', () => {
    const rf = run(lines(3, (ls) => (ls[2].beneficiaires.FINESSPMSI = ls[0].beneficiaires.FINESSPMSI)));
    expectLine(rf, 0, [['DEM-14', F]]);
    expectLine(rf, 1, []);
    expectLine(rf, 2, [['DEM-14', F]]);
  });

  it('fires on a shared 2A FINESS', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.beneficiaires.FINESSPMSI = '2A1234562'))));
    expectLine(rf, 0, [['DEM-14', F]]);
    expectLine(rf, 1, [['DEM-14', F]]);
  });

  it('fires on a shared FINESS with a wrong check digit, with AVT-01 on each line', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.beneficiaires.FINESSPMSI = '000000019'))));
    expectLine(rf, 0, [['DEM-14', F]]);
    expectLine(rf, 1, [['DEM-14', F]]);
    expect(lineWarnings(rf, 0)).toEqual([`AVT-01 @ ${F}`]);
    expect(lineWarnings(rf, 1)).toEqual([`AVT-01 @ ${F}`]);
  });

  it('compares only values passing DEM-13', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.beneficiaires.FINESSPMSI = '12345'))));
    expectLine(rf, 0, [['DEM-13', F]]);
    expectLine(rf, 1, [['DEM-13', F]]);
  });

  it('compares only values passing DEM-00', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => (l.beneficiaires.FINESSPMSI = 18))));
    expectLine(rf, 0, [['DEM-00', F]]);
    expectLine(rf, 1, [['DEM-00', F]]);
  });

  it('does not fire on distinct values', () => {
    expect(run(lines(5, () => {})).resultat.statut).toBe('VALIDE');
  });
});

describe('DEM-25 — nomFichier unique across lines', () => {
  it('fires on every line naming the file, with the index of the entry in each line', () => {
    const rf = run(lines(3, (ls) => ls[1].piecesJustificatives.push({ nomFichier: 'HOP-DPI-Va2-BDC-ED00001.pdf', formatFichier: 'PDF' })));
    expectLine(rf, 0, [['DEM-25', 'piecesJustificatives[0].nomFichier']]);
    // Named for another line's numeroEditeur: also DEM-22.
    expectLine(rf, 1, [['DEM-22', 'piecesJustificatives[1].nomFichier'], ['DEM-25', 'piecesJustificatives[1].nomFichier']]);
    expectLine(rf, 2, []);
  });

  it('compares names failing DEM-21 too', () => {
    const long = `${'L'.repeat(100)}.pdf`;
    const rf = run(lines(2, (ls) => ls.forEach((l) => l.piecesJustificatives.push({ nomFichier: long, formatFichier: 'PDF' }))));
    const expected: [string, string][] = [['DEM-21', 'piecesJustificatives[1].nomFichier'], ['DEM-25', 'piecesJustificatives[1].nomFichier']];
    expectLine(rf, 0, expected);
    expectLine(rf, 1, expected);
  });

  it('compares names failing DEM-22 too, in three lines', () => {
    const rf = run(lines(3, (ls) => ls.forEach((l) => l.piecesJustificatives.push({ nomFichier: 'scan.png', formatFichier: 'PNG' }))));
    for (const i of [0, 1, 2]) {
      expectLine(rf, i, [['DEM-22', 'piecesJustificatives[1].nomFichier'], ['DEM-25', 'piecesJustificatives[1].nomFichier']]);
    }
  });

  it('compares names of lines whose numeroEditeur is invalid', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => {
      l.numeroEditeur = 'BAD_ED';
      l.piecesJustificatives[0].nomFichier = 'HOP-DPI-Va2-BDC-BAD_ED.pdf';
    })));
    // DEM-04 compares only valid numeroEditeur; DEM-25 every string nomFichier.
    const expected: [string, string][] = [['DEM-03', 'numeroEditeur'], ['DEM-25', 'piecesJustificatives[0].nomFichier']];
    expectLine(rf, 0, expected);
    expectLine(rf, 1, expected);
  });

  it('does not compare non-string names (DEM-00)', () => {
    const rf = run(lines(2, (ls) => ls.forEach((l) => l.piecesJustificatives.push({ nomFichier: 42, formatFichier: 'PDF' }))));
    expectLine(rf, 0, [['DEM-00', 'piecesJustificatives[1].nomFichier']]);
    expectLine(rf, 1, [['DEM-00', 'piecesJustificatives[1].nomFichier']]);
  });

  it('does not fire on distinct names', () => {
    expect(run(lines(3, () => {})).resultat.statut).toBe('VALIDE');
  });
});
