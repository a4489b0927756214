/**
 * GET /documentation is read from the code the checks run: every rule code once, each field it
 * names the one its issues carry, each limit the one the checks apply (shown by their behaviour),
 * the fields those of the JSON Schemas, the states those of the lifecycle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentation, LIMITES } from '../../../shared/app/documentation/documentation.js';
import { exampleFile, EXAMPLE_FILES } from '../../../shared/app/documentation/examples.js';
import { archiveSizeRefusal, contentRefusal, declaredSizeRefusal, entryCountRefusal, entryRefusal } from '../../../shared/domain/attachments.js';
import { RULES, type RuleCode } from '../../../shared/domain/catalogue.js';
import { DEMANDE_STATUSES } from '../../../shared/domain/demande-record.js';
import { ARCHIVE_STATUSES, IMPORT_STATUSES } from '../../../shared/domain/import-lifecycle.js';
import { readAttachmentName } from '../../../shared/domain/nomenclature.js';
import { RULE_FIELDS } from '../../../shared/domain/rule-details.js';
import type { Logiciel } from '../../../shared/domain/settings.js';
import { simulate } from '../../../shared/domain/simulate.js';
import { settingsFor, validFile } from '../../fixtures/deposit-files.js';
import { lines, nestedArrays, oneLine, run, runBytes, type Json } from '../rules/helpers.js';

const doc = documentation();
const ROOT = join(import.meta.dirname, '../../..');
const SPEC = join(ROOT, '../shared/spec/SPEC.md');

describe('GET /documentation — the rules', () => {
  it('lists every code of the catalogue exactly once, with its label', () => {
    expect(doc.regles.map((r) => r.code)).toEqual(Object.keys(RULES));
    for (const r of doc.regles) expect(r.libelle).toBe(RULES[r.code].label);
  });

  it.skipIf(!existsSync(SPEC))('holds every code the specification names in §4 and §7, and no other', () => {
    const codes = new Set(readFileSync(SPEC, 'utf8').match(/\b(?:FMT|ENT|DEM|AVT|IMP)-\d\d\b|\bPJ-\d\d\b/g));
    expect(new Set(doc.regles.map((r) => r.code))).toEqual(codes);
  });

  it('gives each rule its scope in French, as SPEC §4 and §7 do', () => {
    const scope = (code: string) => doc.regles.find((r) => r.code === code)!.portee;
    expect(new Set(doc.regles.map((r) => r.portee))).toEqual(new Set(['fichier', 'ligne', 'avertissement', 'import', 'archive', 'pièce']));
    expect([scope('FMT-01'), scope('ENT-03'), scope('DEM-00'), scope('AVT-03'), scope('IMP-01')]).toEqual(['fichier', 'fichier', 'ligne', 'avertissement', 'import']);
    expect(['PJ-01', 'PJ-02', 'PJ-03'].map(scope)).toEqual(['archive', 'archive', 'archive']);
    expect(['PJ-04', 'PJ-05', 'PJ-06', 'PJ-07', 'PJ-08', 'PJ-09', 'PJ-10'].map(scope)).toEqual(Array(7).fill('pièce'));
  });

  it('says what each rule waits on (SPEC §4.2, §7)', () => {
    const dependency = (code: string) => doc.regles.find((r) => r.code === code)!.dependance;
    expect(dependency('DEM-07')).toBe("DEM-07 n'est jugée que si DEM-05 et DEM-06 passent");
    expect(dependency('DEM-08')).toBe("DEM-08 n'est jugée que si DEM-06 passe");
    expect(dependency('ENT-01')).toBe("ENT-01 n'est jugée que si FMT-06 passe");
    expect(dependency('DEM-24')).toContain('DEM-21 et DEM-22');
    expect(dependency('PJ-05')).toMatch(/^PJ-05 n'est jugée que si PJ-01, PJ-02, PJ-03, PJ-10 et PJ-04 passent/);
    expect(dependency('DEM-12')).toBeNull();
  });
});

/** Files that break one rule each (at least), DPI, judged with the settings of the fixtures. */
const BROKEN: [string, Json][] = [
  ['FMT-03', { ...validFile(1), lignesImport: [] }],
  ['FMT-05', { ...validFile(1), siret: '123' }],
  ['FMT-06', { ...validFile(1), numeroAns: 'ABC' }],
  ['ENT-01', { ...validFile(1), numeroAns: 'MJCDPI0002' }],
  ['ENT-02', { ...validFile(1), siret: '40208090600010' }],
  ['AVT-02', { ...validFile(1), siret: '40308070600021' }],
  ['DEM-01', oneLine((l) => (l.numLigne = 0))],
  ['DEM-02', lines(2, (ls) => (ls[1].numLigne = 1))],
  ['DEM-03', oneLine((l) => (l.numeroEditeur = 'A B'))],
  ['DEM-04', lines(2, (ls) => (ls[1].numeroEditeur = ls[0].numeroEditeur))],
  ['DEM-05', oneLine((l) => (l.commande.dateEditionCommande = '31/02/2024'))],
  ['DEM-06', oneLine((l) => (l.commande.dateSignatureCommande = '31/02/2024'))],
  ['DEM-07', oneLine((l) => (l.commande.dateEditionCommande = '16/01/2024'))],
  ['DEM-08', oneLine((l) => (l.commande.dateSignatureCommande = '27/11/2026'))],
  ['DEM-09', oneLine((l) => (l.commande.regimeTVA = 'TVA'))],
  ['DEM-10', oneLine((l) => (l.commande.regimeTVA = 'HT'))],
  ['DEM-11', oneLine((l) => (l.commande.montantSegurHT = 0.015))],
  ['DEM-12', oneLine((l) => (l.commande.typePrestation = 'V3'))],
  ['DEM-13', oneLine((l) => (l.beneficiaires.FINESSPMSI = '12'))],
  ['DEM-14', lines(2, (ls) => (ls[1].beneficiaires.FINESSPMSI = ls[0].beneficiaires.FINESSPMSI))],
  ['DEM-15', oneLine((l) => (l.beneficiaires.nomClient = ' '))],
  ['DEM-16', oneLine((l) => (l.beneficiaires.emailClient = 'pas-un-mail'))],
  ['DEM-17', oneLine((l) => (l.beneficiaires.telephoneClient = '0145678901'))],
  ['DEM-18', oneLine((l) => (l.beneficiaires.nomRepresentant = null))],
  ['DEM-20', oneLine((l) => (l.piecesJustificatives = []))],
  ['DEM-21', oneLine((l) => (l.piecesJustificatives[0].nomFichier = `${'A'.repeat(101)}.pdf`))],
  ['DEM-22', oneLine((l) => (l.piecesJustificatives[0].nomFichier = 'bon.pdf'))],
  ['DEM-23', oneLine((l) => (l.piecesJustificatives[0].formatFichier = 'PNG'))],
  ['DEM-24', oneLine((l) => (l.piecesJustificatives[0].nomFichier = l.piecesJustificatives[0].nomFichier.replace('BDC', 'FAC')))],
  ['DEM-25', oneLine((l) => l.piecesJustificatives.push({ ...l.piecesJustificatives[0] }))],
  ['DEM-26', oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '2024-06-15'))],
  ['DEM-27', oneLine((l) => (l.scenarioInstallation.datePrevisionnelleLivraison = '14/01/2024'))],
  ['AVT-01', oneLine((l) => (l.beneficiaires.FINESSPMSI = '000000019'))],
];

describe('GET /documentation — the field of each rule is the one its issues name', () => {
  for (const [code, file] of BROKEN) {
    it(code, () => {
      const rf = run(file);
      const issues = [...rf.resultat.erreurs, ...rf.resultat.avertissements, ...(rf.lignesImport ?? []).flatMap((l: Json) => [...l.erreurs, ...l.avertissements])];
      const mine = issues.filter((i) => i.code === code);
      expect(mine.length, JSON.stringify(issues)).toBeGreaterThan(0);
      for (const issue of mine) expect(issue.champ.replace(/\[\d+\]/g, '[i]')).toBe(RULE_FIELDS[code as RuleCode]);
    });
  }

  it('covers every rule of the file whose field is given (the import checks name theirs from the same table)', () => {
    const named = (Object.keys(RULE_FIELDS) as RuleCode[]).filter((c) => RULE_FIELDS[c] !== null && !c.startsWith('IMP-'));
    expect(BROKEN.map(([code]) => code).sort()).toEqual(named.sort());
  });
});

describe('GET /documentation — the limits are those the checks apply', () => {
  it('are the sizes and counts of SPEC §3 and §7', () => {
    expect(doc.limites).toMatchObject({
      tailleMaxFichierOctets: 5 * 1024 * 1024,
      nombreMaxDemandes: 200,
      tailleMaxArchiveOctets: 20 * 1024 * 1024,
      tailleMaxPieceOctets: 3 * 1024 * 1024,
      nombreMaxEntreesArchive: 1000,
      tailleMaxDecompresseeOctets: 200 * 1024 * 1024,
      ratioMaxCompression: 100,
      longueurMaxNomPiece: 100,
      profondeurMaxJson: 20,
      longueurMaxNomClient: 100,
    });
  });

  it('file size, line count, nesting and name length: one past the limit fails, at the limit passes', () => {
    const text = JSON.stringify(validFile(1));
    const padded = (size: number) => Buffer.from(text + ' '.repeat(size - Buffer.byteLength(text)));
    expect(runBytes(padded(LIMITES.tailleMaxFichierOctets)).resultat.statut).toBe('VALIDE');
    expect(runBytes(padded(LIMITES.tailleMaxFichierOctets + 1)).resultat.erreurs.map((e) => e.code)).toEqual(['FMT-04']);
    expect(run(validFile(LIMITES.nombreMaxDemandes)).resultat.statut).toBe('VALIDE');
    expect(run(validFile(LIMITES.nombreMaxDemandes + 1)).resultat.erreurs.map((e) => e.code)).toContain('FMT-03');
    const nested = (depth: number) => Buffer.from(`{"numeroAns":"MJCDPI0001","siret":"40308070600020","lignesImport":[],"x":${nestedArrays(depth - 1)}}`);
    expect(runBytes(nested(LIMITES.profondeurMaxJson)).resultat.erreurs.map((e) => e.code)).not.toContain('FMT-01');
    expect(runBytes(nested(LIMITES.profondeurMaxJson + 1)).resultat.erreurs.map((e) => e.code)).toEqual(['FMT-01']);
    const named = (n: number) => run(oneLine((l) => (l.beneficiaires.nomClient = 'x'.repeat(n)))).lignesImport![0]!.erreurs.map((e: Json) => e.code);
    expect(named(LIMITES.longueurMaxNomClient)).toEqual([]);
    expect(named(LIMITES.longueurMaxNomClient + 1)).toEqual(['DEM-15']);
  });

  it('archives and their files: one past the limit is refused with its code, at the limit passes', () => {
    expect(archiveSizeRefusal(LIMITES.tailleMaxArchiveOctets)).toBeUndefined();
    expect(archiveSizeRefusal(LIMITES.tailleMaxArchiveOctets + 1)?.code).toBe('PJ-01');
    expect(entryCountRefusal(LIMITES.nombreMaxEntreesArchive)).toBeUndefined();
    expect(entryCountRefusal(LIMITES.nombreMaxEntreesArchive + 1)?.code).toBe('PJ-03');
    const half = LIMITES.tailleMaxDecompresseeOctets / 2;
    expect(declaredSizeRefusal(2, [{ compressedSize: half, uncompressedSize: half }, { compressedSize: half, uncompressedSize: half }])).toBeUndefined();
    expect(declaredSizeRefusal(2, [{ compressedSize: half, uncompressedSize: half }, { compressedSize: half, uncompressedSize: half + 1 }])?.code).toBe('PJ-03');
    expect(declaredSizeRefusal(1, [{ compressedSize: 10, uncompressedSize: 10 * LIMITES.ratioMaxCompression }])).toBeUndefined();
    expect(declaredSizeRefusal(1, [{ compressedSize: 10, uncompressedSize: 10 * LIMITES.ratioMaxCompression + 1 }])?.code).toBe('PJ-03');
    const pdf = Buffer.from('%PDF-1.7');
    expect(contentRefusal('PDF', LIMITES.tailleMaxPieceOctets, pdf)).toBeUndefined();
    expect(contentRefusal('PDF', LIMITES.tailleMaxPieceOctets + 1, pdf)?.code).toBe('PJ-07');
    const expected = (name: string) => new Map([[name, { numeroDossier: 'FINHOP000001M0', nomFichier: name }]]);
    const name = (n: number) => `${'a'.repeat(n - 4)}.pdf`;
    expect(entryRefusal(name(LIMITES.longueurMaxNomPiece), false, expected(name(LIMITES.longueurMaxNomPiece)))).not.toHaveProperty('refusal');
    expect(entryRefusal(name(LIMITES.longueurMaxNomPiece + 1), false, expected(name(LIMITES.longueurMaxNomPiece + 1)))).toMatchObject({ refusal: { code: 'PJ-04' } });
  });
});

/** Every path of a JSON value with its JSON type, paths written as `champs` writes them (lines relative, `[i]` for attachments). */
function pathsOf(value: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.set(path, child === null ? 'null' : Array.isArray(child) ? 'array' : typeof child);
    if (Array.isArray(child)) for (const item of child) pathsOf(item, key === 'lignesImport' && prefix === '' ? '' : `${path}[i]`, out);
    else if (child !== null && typeof child === 'object') pathsOf(child, path, out);
  }
  return out;
}

const FRENCH_TYPES: Record<string, string[]> = {
  string: ['texte', 'texte ou null'],
  null: ['texte ou null'],
  number: ['nombre'],
  boolean: ['booléen'],
  object: ['objet'],
  array: ['tableau', "tableau d'objets"],
};

describe('GET /documentation — the fields of the file', () => {
  it('are those of the JSON Schemas: every key of a valid file of each logiciel, with its type, and nothing else', () => {
    for (const logiciel of ['DPI', 'PFI'] as Logiciel[]) {
      const paths = pathsOf(validFile(1, logiciel));
      const documented = doc.champs.filter((c) => c.logiciels.includes(logiciel));
      expect(documented.map((c) => c.chemin).sort()).toEqual([...paths.keys()].sort());
      for (const field of documented) expect(FRENCH_TYPES[paths.get(field.chemin)!], field.chemin).toContain(field.type);
    }
  });

  it('say which are required, their constraint, and which logiciel a scenario flag belongs to', () => {
    const field = (chemin: string) => doc.champs.find((c) => c.chemin === chemin)!;
    expect(doc.champs.every((c) => c.obligatoire)).toBe(true);
    expect(field('commande.montantSegurHT')).toMatchObject({ niveau: 'ligne', type: 'nombre', logiciels: ['DPI', 'PFI'] });
    expect(field('commande.montantSegurHT').contrainte).toContain('deux décimales');
    expect(field('siret')).toMatchObject({ niveau: 'fichier', type: 'texte', contrainte: '14 chiffres' });
    expect(field('lignesImport')).toMatchObject({ niveau: 'fichier', type: "tableau d'objets" });
    expect(field('beneficiaires.nomRepresentant').type).toBe('texte ou null');
    expect(field('scenarioInstallation.isProSanteConnectNeeded').logiciels).toEqual(['DPI']);
    expect(field('scenarioInstallation.isFluxSortantParMSS').logiciels).toEqual(['PFI']);
    expect(field('piecesJustificatives[i].formatFichier')).toMatchObject({ niveau: 'ligne', type: 'texte' });
  });
});

describe('GET /documentation — nomenclature, states, schemas and examples', () => {
  it('gives the nomenclature with examples that the checks accept', () => {
    expect(doc.nomenclature.types.map((t) => t.code)).toEqual(['BDC', 'FAC', 'VA', 'MOM']);
    expect(doc.nomenclature.formats).toEqual(['PDF', 'JPG', 'PNG']);
    expect(doc.nomenclature.modele).toBe('HOP-<LOGICIEL>-Va2-<BDC|FAC|VA|MOM>-<numeroEditeur>[-<n>].<pdf|jpg|png>');
    expect(doc.nomenclature.exemples.length).toBeGreaterThanOrEqual(4);
    for (const name of doc.nomenclature.exemples) {
      const [, logiciel, numeroEditeur] = /^HOP-(DPI|PFI)-Va2-(?:BDC|FAC|VA|MOM)-(.+?)(?:-[1-9][0-9]?)?\.[a-zA-Z]+$/.exec(name)!;
      expect(readAttachmentName(name, logiciel as Logiciel, numeroEditeur!), name).toBeDefined();
    }
    expect(doc.nomenclature.piecesRequises.map((p) => p.typeDemande)).toEqual(['AVANCE', 'SOLDE']);
  });

  it('labels every state of imports, archives and requests, once, with a DSFR tone', () => {
    expect(doc.etats.imports.map((s) => s.code)).toEqual([...IMPORT_STATUSES]);
    expect(doc.etats.archives.map((s) => s.code)).toEqual([...ARCHIVE_STATUSES]);
    expect(doc.etats.demandes.map((s) => s.code)).toEqual([...DEMANDE_STATUSES]);
    expect(doc.etats.paiements.map((s) => s.code)).toEqual(['AUCUN_PAIEMENT_EN_COURS']);
    const all = [...doc.etats.imports, ...doc.etats.archives, ...doc.etats.demandes, ...doc.etats.paiements];
    for (const s of all) {
      expect(['succes', 'erreur', 'avertissement', 'info', 'nouveau']).toContain(s.tonalite);
      expect(s.libelle).not.toMatch(/_/);
    }
    const final = (list: typeof all) => list.filter((s) => s.final).map((s) => s.code);
    expect(final(doc.etats.imports)).toEqual(['FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR', 'SIMULATION_VALIDE', 'IMPORTE', 'TERMINE', 'ERREUR_TECHNIQUE']);
    expect(final(doc.etats.archives)).toEqual(['TRAITEE', 'REFUSEE']);
    expect(final(doc.etats.demandes)).toEqual(['REJETEE', 'DECIDEE_ET_PAYEE']);
    expect(doc.etats.demandes.find((s) => s.code === 'INCOMPLETE')!.libelle).toBe('Incomplète');
  });

  it('links the two JSON Schemas and the two example files', () => {
    expect(doc.schemas).toEqual([
      { logiciel: 'DPI', url: '/schemas/DPI' },
      { logiciel: 'PFI', url: '/schemas/PFI' },
    ]);
    expect(doc.exemples).toEqual([
      { nom: 'dpi-avance-valide.json', logiciel: 'DPI', url: '/documentation/exemples/dpi-avance-valide.json' },
      { nom: 'pfi-avance-valide.json', logiciel: 'PFI', url: '/documentation/exemples/pfi-avance-valide.json' },
    ]);
  });

  it('serves the programme’s examples as published (equal as JSON), and they simulate as examples/README.md says', () => {
    const settings: Record<string, Parameters<typeof settingsFor>[1]> = { 'dpi-avance-valide.json': { tauxTva: 20 }, 'pfi-avance-valide.json': { tauxTva: 0 } };
    for (const { nom, logiciel } of EXAMPLE_FILES) {
      const published = readFileSync(join(ROOT, 'test/fixtures/examples', nom), 'utf8');
      const served = exampleFile(nom)!;
      expect(JSON.parse(served.bytes.toString('utf8'))).toEqual(JSON.parse(published));
      expect(simulate(served.bytes, settingsFor(logiciel, settings[nom])).resultat.statut).toBe('VALIDE');
    }
    expect(exampleFile('autre.json')).toBeUndefined();
    expect(exampleFile('../package.json')).toBeUndefined();
  });
});
