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

/**
 * What the checks found, before it is written as a return file: the file rejected as a whole, or
 * its lines judged one by one. Stored data can add warnings to the judged lines (AVT-03) before
 * the return file is built.
 */
export type Judgement =
  | { kind: 'formatInvalid'; header: ResultatHeader; erreurs: Issue[]; avertissements: Issue[]; nombreDemandes: number }
  | {
      kind: 'judged';
      header: ResultatHeader;
      file: Record<string, unknown>;
      lines: readonly Record<string, unknown>[];
      verdicts: readonly LineVerdict[];
      avertissements: Issue[];
    };

/** The lines judged one by one; none when the file was rejected as a whole. */
export function judgedLines(judgement: Judgement): readonly Record<string, unknown>[] {
  return judgement.kind === 'judged' ? judgement.lines : [];
}

/**
 * The return file (SPEC §5): `resultat` only for a file rejected as a whole; otherwise each line
 * with its outcome, and VALIDE when every line is OK. `lineWarnings` (by line index) come after
 * the line's own warnings.
 */
export function buildReturnFile(judgement: Judgement, lineWarnings: ReadonlyMap<number, Issue[]> = new Map()): ReturnFile {
  if (judgement.kind === 'formatInvalid') {
    const { header, erreurs, avertissements, nombreDemandes } = judgement;
    return {
      resultat: { ...header, statut: 'FORMAT_INVALIDE', nombreDemandes, nombreDemandesValides: 0, nombreDemandesEnErreur: 0, erreurs, avertissements },
    };
  }
  const { header, file, lines, verdicts, avertissements } = judgement;
  const outcomes = lines.map((line, i) => ({ ...line, ...lineOutcome(verdicts[i]!, lineWarnings.get(i) ?? []) }));
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

function lineOutcome(verdict: LineVerdict, extraWarnings: readonly Issue[]): LineOutcome {
  const ok = verdict.errors.length === 0;
  return {
    codeTraitement: ok ? 'OK' : 'KO',
    libelleTraitement: ok ? VALID_LINE_LABEL : verdict.errors.map(issueLabel).join(' ; '),
    erreurs: verdict.errors,
    avertissements: [...verdict.warnings, ...extraWarnings],
  };
}

/** The return file's bytes: UTF-8 JSON indented by two spaces. */
export function serializeReturnFile(returnFile: ReturnFile): Buffer {
  return Buffer.from(`${JSON.stringify(returnFile, null, 2)}\n`, 'utf8');
}
