/** SPEC §4.2: DEM-00 (wrong JSON type / null) and the identification of a line, DEM-01, DEM-03. */
import { describe, expect, it } from 'vitest';
import { validFile } from '../../fixtures/deposit-files.js';
import { expectOnlyLine, oneLine, run, runText, type Json } from './helpers.js';

describe('DEM-00 — wrong JSON type or null, on that field only', () => {
  const cases: [string, (l: Json) => void, string][] = [
    ['numLigne as a string', (l) => (l.numLigne = '1'), 'numLigne'],
    ['numLigne null', (l) => (l.numLigne = null), 'numLigne'],
    ['numLigne a boolean', (l) => (l.numLigne = true), 'numLigne'],
    ['numeroEditeur a number', (l) => (l.numeroEditeur = 1), 'numeroEditeur'],
    ['numeroEditeur null', (l) => (l.numeroEditeur = null), 'numeroEditeur'],
    ['dateEditionCommande null', (l) => (l.commande.dateEditionCommande = null), 'commande.dateEditionCommande'],
    ['dateSignatureCommande a number', (l) => (l.commande.dateSignatureCommande = 20240115), 'commande.dateSignatureCommande'],
    ['regimeTVA a boolean', (l) => (l.commande.regimeTVA = true), 'commande.regimeTVA'],
    ['montantSegurHT a string', (l) => (l.commande.montantSegurHT = '1250.50'), 'commande.montantSegurHT'],
    ['montantSegurHT null', (l) => (l.commande.montantSegurHT = null), 'commande.montantSegurHT'],
    ['typePrestation an array', (l) => (l.commande.typePrestation = ['V2']), 'commande.typePrestation'],
    ['FINESSPMSI a number', (l) => (l.beneficiaires.FINESSPMSI = 18), 'beneficiaires.FINESSPMSI'],
    ['nomClient null', (l) => (l.beneficiaires.nomClient = null), 'beneficiaires.nomClient'],
    ['emailClient an object', (l) => (l.beneficiaires.emailClient = { a: 1 }), 'beneficiaires.emailClient'],
    ['telephoneClient a number', (l) => (l.beneficiaires.telephoneClient = 33145678901), 'beneficiaires.telephoneClient'],
    ['telephoneClient null', (l) => (l.beneficiaires.telephoneClient = null), 'beneficiaires.telephoneClient'],
    ['nomFichier a number', (l) => (l.piecesJustificatives.push({ nomFichier: 7, formatFichier: 'PDF' })), 'piecesJustificatives[1].nomFichier'],
    ['formatFichier null', (l) => (l.piecesJustificatives[0].formatFichier = null), 'piecesJustificatives[0].formatFichier'],
    ['datePrevisionnelleLivraison null', (l) => (l.scenarioInstallation.datePrevisionnelleLivraison = null), 'scenarioInstallation.datePrevisionnelleLivraison'],
    ['a flag as the string "true"', (l) => (l.scenarioInstallation.isProSanteConnectNeeded = 'true'), 'scenarioInstallation.isProSanteConnectNeeded'],
    ['a flag null', (l) => (l.scenarioInstallation.isFluxEntrantDepuisRI = null), 'scenarioInstallation.isFluxEntrantDepuisRI'],
    ['a flag as 0', (l) => (l.scenarioInstallation.isFluxSortantMSSVersPFI = 0), 'scenarioInstallation.isFluxSortantMSSVersPFI'],
  ];
  for (const [name, mutate, champ] of cases) {
    it(`fires on ${name}, and on that field only`, () => {
      const rf = run(oneLine(mutate));
      expectOnlyLine(rf, [['DEM-00', champ]]);
      const e = rf.lignesImport![0]!.erreurs[0]!;
      expect(e.message.startsWith('Le champ'), e.message).toBe(true);
      expect(e.message).toContain('doit être');
    });
  }

  it('fires on a representative field of the wrong type (a number)', () => {
    const rf = run(oneLine((l) => (l.beneficiaires.telephoneRepresentant = 33612345678)));
    // DEM-19 (which needs a string) cannot be judged; DEM-18 is not concerned (all three are filled).
    expectOnlyLine(rf, [['DEM-00', 'beneficiaires.telephoneRepresentant']]);
  });

  it('fires on a PFI flag of the wrong type in a PFI file', () => {
    const rf = run(oneLine((l) => (l.scenarioInstallation.isFluxSortantParMSS = 'non'), 'PFI'), {}, 'PFI');
    expectOnlyLine(rf, [['DEM-00', 'scenarioInstallation.isFluxSortantParMSS']]);
  });

  it('reports several DEM-00 of one line together', () => {
    const rf = run(oneLine((l) => {
      l.numLigne = '1';
      l.commande.montantSegurHT = '10';
      l.beneficiaires.nomClient = 3;
    }));
    expectOnlyLine(rf, [
      ['DEM-00', 'numLigne'],
      ['DEM-00', 'commande.montantSegurHT'],
      ['DEM-00', 'beneficiaires.nomClient'],
    ]);
  });

  it('does not fire on null representative fields (string or null)', () => {
    const rf = run(oneLine((l) => Object.assign(l.beneficiaires, { nomRepresentant: null, emailRepresentant: null, telephoneRepresentant: null })));
    expectOnlyLine(rf, []);
  });

  it('does not fire on false flags', () => {
    const rf = run(oneLine((l) => {
      for (const k of Object.keys(l.scenarioInstallation)) if (k.startsWith('is')) l.scenarioInstallation[k] = false;
    }));
    expectOnlyLine(rf, []);
  });

  it('does not fire on true flags', () => {
    const rf = run(oneLine((l) => {
      for (const k of Object.keys(l.scenarioInstallation)) if (k.startsWith('is')) l.scenarioInstallation[k] = true;
    }));
    expectOnlyLine(rf, []);
  });
});

describe('DEM-01 — numLigne is an integer ≥ 1', () => {
  for (const [name, value] of [
    ['0', 0],
    ['-1', -1],
    ['1.5', 1.5],
    ['0.5', 0.5],
  ] as const) {
    it(`fires on ${name}`, () => {
      expectOnlyLine(run(oneLine((l) => (l.numLigne = value))), [['DEM-01', 'numLigne']]);
    });
  }

  it('does not fire on 1', () => {
    expectOnlyLine(run(oneLine((l) => (l.numLigne = 1))), []);
  });

  it('does not fire on a large integer (1234)', () => {
    expectOnlyLine(run(oneLine((l) => (l.numLigne = 1234))), []);
  });

  it('judges the value: 1.0 is the integer 1', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace('"numLigne": 1,', '"numLigne": 1.0,');
    expect(text).toContain('"numLigne": 1.0,');
    expectOnlyLine(runText(text), []);
  });

  it('judges the value: 1e0 is the integer 1', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace('"numLigne": 1,', '"numLigne": 1e0,');
    expectOnlyLine(runText(text), []);
  });

  it('judges the value: 2.50e0 is not an integer', () => {
    const text = JSON.stringify(validFile(1), null, 2).replace('"numLigne": 1,', '"numLigne": 2.50e0,');
    expectOnlyLine(runText(text), [['DEM-01', 'numLigne']]);
  });

  it('is not reported on top of DEM-00', () => {
    expectOnlyLine(run(oneLine((l) => (l.numLigne = '0'))), [['DEM-00', 'numLigne']]);
  });
});

describe('DEM-03 — numeroEditeur is 1 to 20 characters of [A-Za-z0-9-]', () => {
  // The attachment keeps its name for the original numeroEditeur: DEM-22 and DEM-24 need a valid
  // numeroEditeur, so only DEM-03 is expected.
  for (const [name, value] of [
    ['an empty string', ''],
    ['21 characters', 'A'.repeat(21)],
    ['an underscore', 'ED_00001'],
    ['a space', 'ED 00001'],
    ['a dot', 'ED.00001'],
    ['an accented letter', 'ÉD00001'],
    ['a slash', 'ED/00001'],
  ] as const) {
    it(`fires on ${name}, without DEM-22 or DEM-24`, () => {
      expectOnlyLine(run(oneLine((l) => (l.numeroEditeur = value))), [['DEM-03', 'numeroEditeur']]);
    });
  }

  for (const value of ['A', 'A'.repeat(20), 'ab-CD-09', '-', '00001']) {
    it(`does not fire on "${value}" (the attachment named after it)`, () => {
      const rf = run(oneLine((l) => {
        l.numeroEditeur = value;
        l.piecesJustificatives[0].nomFichier = `HOP-DPI-Va2-BDC-${value}.pdf`;
      }));
      expectOnlyLine(rf, []);
    });
  }

  it('fires with DEM-03 only even when the line has no BDC (DEM-24 needs a valid numeroEditeur)', () => {
    const rf = run(oneLine((l) => {
      l.numeroEditeur = 'ED_1';
      l.piecesJustificatives = [{ nomFichier: 'HOP-DPI-Va2-FAC-ED_1.pdf', formatFichier: 'PDF' }];
    }));
    expectOnlyLine(rf, [['DEM-03', 'numeroEditeur']]);
  });
});
