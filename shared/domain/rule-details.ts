/**
 * What the catalogue does not say of each rule: the field it judges (the `champ` its issues carry)
 * and the rules it waits on (SPEC §4.2's dependencies, §7's order of refusals). Published by
 * GET /documentation; a unit test holds the fields against the issues the checks really emit.
 */
import type { RuleCode } from './catalogue.js';
import { IMPORT_CHECK_FIELDS } from './import-checks.js';

/**
 * The field a rule judges, as its issues name it (line rules: relative to the line, `[i]` for the
 * attachment's index); null when it judges the whole file, any field, or an archive.
 */
export const RULE_FIELDS: Record<RuleCode, string | null> = {
  'FMT-01': null,
  'FMT-02': null,
  'FMT-03': 'lignesImport',
  'FMT-04': null,
  'FMT-05': 'siret',
  'FMT-06': 'numeroAns',
  'ENT-01': 'numeroAns',
  'ENT-02': 'siret',
  'ENT-03': null,
  'DEM-00': null,
  'DEM-01': 'numLigne',
  'DEM-02': 'numLigne',
  'DEM-03': 'numeroEditeur',
  'DEM-04': 'numeroEditeur',
  'DEM-05': 'commande.dateEditionCommande',
  'DEM-06': 'commande.dateSignatureCommande',
  'DEM-07': 'commande.dateSignatureCommande',
  'DEM-08': 'commande.dateSignatureCommande',
  'DEM-09': 'commande.regimeTVA',
  'DEM-10': 'commande.regimeTVA',
  'DEM-11': 'commande.montantSegurHT',
  'DEM-12': 'commande.typePrestation',
  'DEM-13': 'beneficiaires.FINESSPMSI',
  'DEM-14': 'beneficiaires.FINESSPMSI',
  'DEM-15': 'beneficiaires.nomClient',
  'DEM-16': 'beneficiaires.emailClient',
  'DEM-17': 'beneficiaires.telephoneClient',
  'DEM-18': 'beneficiaires',
  // the failing one of the three representative fields
  'DEM-19': null,
  'DEM-20': 'piecesJustificatives',
  'DEM-21': 'piecesJustificatives[i].nomFichier',
  'DEM-22': 'piecesJustificatives[i].nomFichier',
  'DEM-23': 'piecesJustificatives[i].formatFichier',
  'DEM-24': 'piecesJustificatives',
  'DEM-25': 'piecesJustificatives[i].nomFichier',
  'DEM-26': 'scenarioInstallation.datePrevisionnelleLivraison',
  'DEM-27': 'scenarioInstallation.datePrevisionnelleLivraison',
  'AVT-01': 'beneficiaires.FINESSPMSI',
  'AVT-02': 'siret',
  // the field of the import check it forecasts
  'AVT-03': null,
  ...IMPORT_CHECK_FIELDS,
  'PJ-01': null,
  'PJ-02': null,
  'PJ-03': null,
  'PJ-04': null,
  'PJ-05': null,
  'PJ-06': null,
  'PJ-07': null,
  'PJ-08': null,
  'PJ-09': null,
  'PJ-10': null,
};

/** A file of an archive gets the first refusal that applies, in this order (SPEC §7). */
export const FILE_REFUSAL_ORDER = ['PJ-10', 'PJ-04', 'PJ-05', 'PJ-06', 'PJ-09', 'PJ-07', 'PJ-08'] as const satisfies readonly RuleCode[];

const ARCHIVE_REFUSALS = ['PJ-01', 'PJ-02', 'PJ-03'] as const satisfies readonly RuleCode[];

/** Rules judged only when others pass (SPEC §4.1, §4.2). */
const NEEDS: Partial<Record<RuleCode, readonly RuleCode[]>> = {
  'ENT-01': ['FMT-06'],
  'ENT-02': ['FMT-05'],
  'DEM-07': ['DEM-05', 'DEM-06'],
  'DEM-08': ['DEM-06'],
  'DEM-10': ['DEM-09'],
  'DEM-19': ['DEM-18'],
  'DEM-22': ['DEM-21', 'DEM-03'],
  'DEM-27': ['DEM-06', 'DEM-26'],
  'AVT-01': ['DEM-13'],
  'AVT-02': ['FMT-05'],
};

/** Dependencies that are not "judged only if these pass", in words. */
const OTHER_DEPENDENCIES: Partial<Record<RuleCode, string>> = {
  'FMT-04': "Un fichier de plus de 5 Mo n'est pas lu : FMT-04 est alors la seule erreur",
  'FMT-05': "FMT-05 n'est jugée que si la balise siret est présente",
  'FMT-06': "FMT-06 n'est jugée que si la balise numeroAns est présente",
  'DEM-02': 'DEM-02 ne compare que les numLigne qui passent DEM-00 et DEM-01',
  'DEM-04': 'DEM-04 ne compare que les numeroEditeur qui passent DEM-03',
  'DEM-14': 'DEM-14 ne compare que les FINESS PMSI qui passent DEM-13',
  'DEM-23': "DEM-23 ne vérifie la concordance avec l'extension que si nomFichier finit par .pdf, .jpg ou .png",
  'DEM-24': "DEM-24 n'est jugée que si DEM-20 et DEM-03 passent et si chaque nomFichier de la ligne passe DEM-21 et DEM-22",
  'AVT-03': "AVT-03 annonce dès la simulation un rejet IMP-01, IMP-02 ou IMP-03 au vu des données enregistrées",
};

function list(codes: readonly string[]): string {
  return codes.length === 1 ? codes[0]! : `${codes.slice(0, -1).join(', ')} et ${codes[codes.length - 1]}`;
}

function fileRefusalDependency(code: RuleCode): string | undefined {
  const rank = (FILE_REFUSAL_ORDER as readonly RuleCode[]).indexOf(code);
  if (rank < 0) return undefined;
  const before = [...ARCHIVE_REFUSALS, ...FILE_REFUSAL_ORDER.slice(0, rank)];
  return `${code} n'est jugée que si ${list(before)} passent (un fichier refusé reçoit le premier code applicable dans l'ordre ${FILE_REFUSAL_ORDER.join(', ')})`;
}

/** The rule's dependency on others, in French, or null when it is judged on its own. */
export function ruleDependency(code: RuleCode): string | null {
  const needs = NEEDS[code];
  if (needs) return `${code} n'est jugée que si ${list(needs)} ${needs.length > 1 ? 'passent' : 'passe'}`;
  return OTHER_DEPENDENCIES[code] ?? fileRefusalDependency(code) ?? null;
}
