import { issueLabel, type Issue } from './issue.js';
import type { LineVerdict } from './lines/check-lines.js';
import type { TauxTva, TypeDemande } from './settings.js';

export type SimulationStatus = 'VALIDE' | 'EN_ERREUR' | 'FORMAT_INVALIDE';

/** The `resultat` object of the return file (SPEC §5). */
export interface Resultat {
  identifiantFichier: number | null;
  nomFichier: string;
  numeroAns: string;
  typeDemande: TypeDemande;
  tauxTva: TauxTva;
  dateSimulation: string;
  statut: SimulationStatus;
  nombreDemandes: number;
  nombreDemandesValides: number;
  nombreDemandesEnErreur: number;
  erreurs: Issue[];
  avertissements: Issue[];
}

/** What a line of the return file adds to the submitted line. */
export interface LineOutcome {
  codeTraitement: 'OK' | 'KO';
  libelleTraitement: string;
  erreurs: Issue[];
  avertissements: Issue[];
}

/** The return file: the submitted file, values unchanged, with `resultat` first and each line's outcome. */
export interface ReturnFile {
  resultat: Resultat;
  numeroAns?: unknown;
  siret?: unknown;
  lignesImport?: (Record<string, unknown> & LineOutcome)[];
}

export type ResultatHeader = Pick<Resultat, 'identifiantFichier' | 'nomFichier' | 'numeroAns' | 'typeDemande' | 'tauxTva' | 'dateSimulation'>;

export const VALID_LINE_LABEL = 'Demande valide';

/** A file rejected as a whole: `resultat` only (SPEC §5). */
export function formatInvalidReturnFile(header: ResultatHeader, erreurs: Issue[], avertissements: Issue[], nombreDemandes: number): ReturnFile {
  return {
    resultat: {
      ...header,
      statut: 'FORMAT_INVALIDE',
      nombreDemandes,
      nombreDemandesValides: 0,
      nombreDemandesEnErreur: 0,
      erreurs,
      avertissements,
    },
  };
}

/** A file whose lines were judged: each line gets its outcome; VALIDE when every line is OK. */
export function judgedReturnFile(
  header: ResultatHeader,
  file: Record<string, unknown>,
  lines: readonly Record<string, unknown>[],
  verdicts: readonly LineVerdict[],
  avertissements: Issue[],
): ReturnFile {
  const outcomes = lines.map((line, i) => ({ ...line, ...lineOutcome(verdicts[i]!) }));
  const valid = outcomes.filter((l) => l.codeTraitement === 'OK').length;
  return {
    resultat: {
      ...header,
      statut: valid === lines.length ? 'VALIDE' : 'EN_ERREUR',
      nombreDemandes: lines.length,
      nombreDemandesValides: valid,
      nombreDemandesEnErreur: lines.length - valid,
      erreurs: [],
      avertissements,
    },
    ...file,
    lignesImport: outcomes,
  };
}

function lineOutcome(verdict: LineVerdict): LineOutcome {
  const ok = verdict.errors.length === 0;
  return {
    codeTraitement: ok ? 'OK' : 'KO',
    libelleTraitement: ok ? VALID_LINE_LABEL : verdict.errors.map(issueLabel).join(' ; '),
    erreurs: verdict.errors,
    avertissements: verdict.warnings,
  };
}

/** Adds warnings found outside the file (AVT-03, from stored data) to each line they concern. */
export function addLineWarnings(returnFile: ReturnFile, warningsByLine: ReadonlyMap<number, Issue[]>): void {
  returnFile.lignesImport?.forEach((line, index) => {
    const extra = warningsByLine.get(index);
    if (extra) line.avertissements.push(...extra);
  });
}

/** The return file's bytes: UTF-8 JSON indented by two spaces. */
export function serializeReturnFile(returnFile: ReturnFile): Buffer {
  return Buffer.from(`${JSON.stringify(returnFile, null, 2)}\n`, 'utf8');
}
