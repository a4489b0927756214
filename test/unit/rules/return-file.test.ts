/** SPEC §4 (issues) and §5: the shape of the return file. */
import { describe, expect, it } from 'vitest';
import { validFile, DPI_ANS, DPI_SIRET } from '../../fixtures/deposit-files.js';
import { GLOBAL_LABELS, lines, run, runBytes, runText, settings, type Json } from './helpers.js';
import type { ReturnFile } from '../../../shared/domain/return-file.js';

const OUTCOME_KEYS = ['codeTraitement', 'libelleTraitement', 'erreurs', 'avertissements'];

function withoutOutcome(line: Json): Json {
  const copy = { ...line };
  for (const k of OUTCOME_KEYS) delete copy[k];
  return copy;
}

/** `libelleTraitement` is each error as `CODE : message` joined by ` ; ` — order carries no meaning. */
function expectLabelMatches(line: Json): void {
  const labels: string[] = line.erreurs.map((e: Json) => `${e.code} : ${e.message}`);
  if (labels.length === 0) {
    expect(line.libelleTraitement).toBe('Demande valide');
    return;
  }
  const lib: string = line.libelleTraitement;
  expect(lib.length).toBe(labels.reduce((n, l) => n + l.length, 0) + 3 * (labels.length - 1));
  for (const l of labels) expect(lib).toContain(l);
  if (labels.length === 1) expect(lib).toBe(labels[0]);
  else expect(lib.split(' ; ').length).toBeGreaterThanOrEqual(labels.length);
}

function expectWellFormedIssues(issues: Json[]): void {
  for (const i of issues) {
    expect(typeof i.code).toBe('string');
    expect(i.code).toMatch(/^(FMT|ENT|DEM|AVT)-\d\d$/);
    expect(typeof i.message).toBe('string');
    expect(i.message.trim().length).toBeGreaterThan(0);
    if (i.code !== 'FMT-01') expect(typeof i.champ).toBe('string');
  }
}

describe('return file of a VALIDE simulation', () => {
  const file = validFile(2);
  const s = settings();
  const rf = run(file);

  it('has a resultat with the settings and the counts', () => {
    expect(rf.resultat).toMatchObject({
      identifiantFichier: 7647,
      nomFichier: 'depot.json',
      numeroAns: DPI_ANS,
      typeDemande: 'AVANCE',
      tauxTva: 20,
      dateSimulation: s.dateSimulation,
      statut: 'VALIDE',
      nombreDemandes: 2,
      nombreDemandesValides: 2,
      nombreDemandesEnErreur: 0,
      erreurs: [],
    });
    expect(Array.isArray(rf.resultat.avertissements)).toBe(true);
  });

  it('is the submitted file plus resultat', () => {
    expect(Object.keys(rf).sort()).toEqual(['lignesImport', 'numeroAns', 'resultat', 'siret']);
    expect(rf.numeroAns).toBe(file.numeroAns);
    expect(rf.siret).toBe(file.siret);
    expect(rf.lignesImport).toHaveLength(2);
  });

  it('keeps each line unchanged and adds exactly the four outcome keys', () => {
    rf.lignesImport!.forEach((line, i) => {
      expect(Object.keys(line).sort()).toEqual([...Object.keys(file.lignesImport[i]), ...OUTCOME_KEYS].sort());
      expect(withoutOutcome(line)).toEqual(file.lignesImport[i]);
      expect(line.codeTraitement).toBe('OK');
      expect(line.libelleTraitement).toBe('Demande valide');
      expect(line.erreurs).toEqual([]);
      expect(line.avertissements).toEqual([]);
    });
  });

  it('carries SOLDE, 8.5 %, a null identifiantFichier and the file name through', () => {
    const solde = lines(1, (ls) => ls[0].piecesJustificatives = [
      { nomFichier: 'HOP-DPI-Va2-FAC-ED00001.pdf', formatFichier: 'PDF' },
      { nomFichier: 'HOP-DPI-Va2-VA-ED00001.pdf', formatFichier: 'PDF' },
    ]);
    const r = run(solde, { typeDemande: 'SOLDE', tauxTva: 8.5, identifiantFichier: null, nomFichier: 'mon-depot.json', numeroAns: DPI_ANS });
    expect(r.resultat).toMatchObject({ identifiantFichier: null, nomFichier: 'mon-depot.json', typeDemande: 'SOLDE', tauxTva: 8.5, statut: 'VALIDE' });
  });

  it('is plain JSON (serializes and parses back equal)', () => {
    expect(JSON.parse(JSON.stringify(rf))).toEqual(rf);
  });
});

describe('return file of an EN_ERREUR simulation', () => {
  const file = validFile(3);
  file.lignesImport[1].commande.typePrestation = 'V3';
  file.lignesImport[1].commande.montantSegurHT = 0.015;
  file.lignesImport[1].beneficiaires.FINESSPMSI = '000000019'; // AVT-01 (warning, not in the label)
  file.lignesImport[2].numLigne = '3'; // DEM-00: kept as submitted
  file.lignesImport[2].beneficiaires.nomRepresentant = null;
  const rf = run(file);

  it('is EN_ERREUR with the counts', () => {
    expect(rf.resultat).toMatchObject({ statut: 'EN_ERREUR', nombreDemandes: 3, nombreDemandesValides: 1, nombreDemandesEnErreur: 2, erreurs: [] });
  });

  it('gives each line codeTraitement and a libelleTraitement built from its errors only', () => {
    const ls = rf.lignesImport!;
    expect(ls.map((l) => l.codeTraitement)).toEqual(['OK', 'KO', 'KO']);
    for (const l of ls) {
      expectLabelMatches(l);
      expectWellFormedIssues(l.erreurs);
      expectWellFormedIssues(l.avertissements);
    }
    expect(ls[1]!.libelleTraitement).not.toContain('AVT-01');
    expect(ls[1]!.avertissements.map((w) => w.code)).toEqual(['AVT-01']);
    expect(new Set(ls[1]!.erreurs.map((e) => e.code))).toEqual(new Set(['DEM-11', 'DEM-12']));
    expect(ls[1]!.libelleTraitement).toContain(' ; ');
  });

  it('keeps the submitted values unchanged, even wrong ones', () => {
    rf.lignesImport!.forEach((line, i) => expect(withoutOutcome(line)).toEqual(file.lignesImport[i]));
    expect(rf.lignesImport![2]!.numLigne).toBe('3');
    expect(rf.numeroAns).toBe(file.numeroAns);
    expect(rf.siret).toBe(file.siret);
  });

  it('is the same for a line with a single error: libelle = "CODE : message"', () => {
    const e = rf.lignesImport![0]!;
    expect(e.libelleTraitement).toBe('Demande valide');
    const r = run(lines(1, (ls) => (ls[0].commande.typePrestation = 'V9')));
    const l = r.lignesImport![0]!;
    expect(l.libelleTraitement).toBe(`DEM-12 : ${l.erreurs[0]!.message}`);
  });
});

describe('values unchanged as JSON values', () => {
  it('1250.00 may come back as 1250, and text is kept byte for byte', () => {
    const text = JSON.stringify(validFile(1), null, 2)
      .replace('"montantSegurHT": 1250.5', '"montantSegurHT": 1250.00')
      .replace('Centre hospitalier', 'Hôpital « Sainte-Anne » \\u00e0 Paris\\t');
    const rf = runText(text);
    expect(rf.resultat.statut).toBe('VALIDE');
    const original = JSON.parse(text);
    expect(withoutOutcome(rf.lignesImport![0])).toEqual(original.lignesImport[0]);
    expect(rf.lignesImport![0]!.commande).toMatchObject({ montantSegurHT: 1250 });
  });

  it('keeps the order of the lines', () => {
    const file = validFile(4);
    file.lignesImport.reverse();
    const rf = run(file);
    expect(rf.lignesImport!.map((l) => l.numLigne)).toEqual([4, 3, 2, 1]);
  });
});

describe('return file of a FORMAT_INVALIDE simulation', () => {
  const only = (rf: ReturnFile) => {
    expect(rf.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(Object.keys(rf)).toEqual(['resultat']);
    expect(rf.resultat.nombreDemandesValides).toBe(0);
    expect(rf.resultat.nombreDemandesEnErreur).toBe(0);
    expect(rf.resultat.erreurs.length).toBeGreaterThan(0);
    expectWellFormedIssues(rf.resultat.erreurs);
    for (const e of rf.resultat.erreurs) {
      const label = GLOBAL_LABELS[e.code];
      expect(label, `${e.code} is a global code`).toBeDefined();
      expect(e.message.startsWith(label!), `${e.code}: ${e.message}`).toBe(true);
    }
  };

  it('holds resultat only; nombreDemandes is the number of lines (FMT-02)', () => {
    const file = validFile(7);
    file.lignesImport[6].extra = null;
    const rf = run(file);
    only(rf);
    expect(rf.resultat.nombreDemandes).toBe(7);
    expect(rf.resultat).toMatchObject({ identifiantFichier: 7647, nomFichier: 'depot.json', numeroAns: DPI_ANS, typeDemande: 'AVANCE', tauxTva: 20 });
  });

  it('nombreDemandes is 0 when lignesImport is not an array', () => {
    const file = validFile(2);
    file.lignesImport = 'deux lignes';
    const rf = run(file);
    only(rf);
    expect(rf.resultat.nombreDemandes).toBe(0);
  });

  it('nombreDemandes is 0 when lignesImport is missing', () => {
    const rf = run({ numeroAns: DPI_ANS, siret: DPI_SIRET });
    only(rf);
    expect(rf.resultat.nombreDemandes).toBe(0);
  });

  it('FMT-01 has ligne and colonne', () => {
    const rf = runText('{"numeroAns": "MJCDPI0001",\n "siret": }');
    only(rf);
    const e = rf.resultat.erreurs[0]!;
    expect(e.code).toBe('FMT-01');
    expect(e.ligne).toBe(2);
    expect(e.colonne).toBe(11);
  });

  it('lists every global error with its champ', () => {
    const file = validFile(1);
    file.siret = '123';
    file.numeroAns = 'MJCDPI0002';
    file.lignesImport[0].commande.extra = 1;
    const rf = run(file, { fournisseur: null });
    only(rf);
    const byCode = Object.fromEntries(rf.resultat.erreurs.map((e) => [e.code, e.champ]));
    expect(Object.keys(byCode).sort()).toEqual(['ENT-01', 'ENT-03', 'FMT-02', 'FMT-05']);
    expect(byCode['FMT-02']).toBe('lignesImport[0].commande.extra');
    expect(byCode['FMT-05']).toBe('siret');
    expect(byCode['ENT-01']).toBe('numeroAns');
  });

  it('never judges a line (no outcome anywhere)', () => {
    const file = validFile(2);
    file.lignesImport[0].commande.typePrestation = 'V3';
    const rf = run(file, { siret: '40208090600010' });
    only(rf);
    expect(JSON.stringify(rf)).not.toContain('codeTraitement');
    expect(JSON.stringify(rf)).not.toContain('DEM-');
  });

  it('is a FORMAT_INVALIDE for a file of bytes that are not JSON at all', () => {
    const rf = runBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]));
    only(rf);
    expect(rf.resultat.nombreDemandes).toBe(0);
  });
});

describe('issues', () => {
  it('a line error has code, champ relative to the line and message; warnings too', () => {
    const rf = run(lines(2, (ls) => {
      ls[1].commande.montantSegurHT = -3;
      ls[1].beneficiaires.FINESSPMSI = '000000027';
    }));
    const l = rf.lignesImport![1]!;
    expect(l.erreurs).toEqual([{ code: 'DEM-11', champ: 'commande.montantSegurHT', message: expect.any(String) }]);
    expect(l.avertissements).toEqual([{ code: 'AVT-01', champ: 'beneficiaires.FINESSPMSI', message: expect.any(String) }]);
  });

  it('all errors of a line are reported, not just the first', () => {
    const rf = run(lines(1, (ls) => {
      const l = ls[0];
      l.numLigne = 0;
      l.numeroEditeur = 'X'.repeat(30);
      l.commande.typePrestation = '';
      l.commande.regimeTVA = '';
      l.beneficiaires.emailClient = '';
      l.beneficiaires.telephoneClient = '';
      l.scenarioInstallation.datePrevisionnelleLivraison = '';
    }));
    expect(new Set(rf.lignesImport![0]!.erreurs.map((e) => e.code))).toEqual(
      new Set(['DEM-01', 'DEM-03', 'DEM-12', 'DEM-09', 'DEM-16', 'DEM-17', 'DEM-26']),
    );
  });
});
