import { issueLabel, type Issue } from './issue.js';
import type { LineVerdict } from './lines/check-lines.js';
import type { TauxTva, TypeDemande } from './settings.js';
import { stringifyEchoingNumbers } from './json-echo.js';
import { carryNumbersAsWritten } from './strict-json.js';

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
      /** Some number of the file is beyond what a double holds: the return file echoes it as written. */
      inexactNumbers?: boolean;
    };

/** Return files whose lines hold numbers to echo as written (see json-echo.ts). */
const echoingNumbers = new WeakSet<ReturnFile>();

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
  const { header, file, lines, verdicts, avertissements, inexactNumbers } = judgement;
  const outcomes = lines.map((line, i) => withOutcome(line, verdicts[i]!, lineWarnings.get(i) ?? []));
  if (inexactNumbers) outcomes.forEach((out, i) => carryNumbersAsWritten(lines[i]!, out));
  const valid = outcomes.filter((l) => l.codeTraitement === 'OK').length;
  const returnFile: ReturnFile = {
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
  if (inexactNumbers) {
    carryNumbersAsWritten(file, returnFile);
    echoingNumbers.add(returnFile);
  }
  return returnFile;
}

/**
 * The submitted line with its outcome after its own members: `{ ...line, ...outcome }`, a member
 * the line already has keeping its place. Written out by hand: adding members to a spread copy
 * takes V8's slow path, ten times the cost of the whole copy at 200 lines.
 */
function withOutcome(line: Record<string, unknown>, verdict: LineVerdict, extraWarnings: readonly Issue[]): Record<string, unknown> & LineOutcome {
  const out: Record<string, unknown> = {};
  // Object(): as a spread, nothing from null and the characters of a string (a judged line is an object)
  for (const key of Object.keys(Object(line))) {
    // a member named __proto__ (the strict reader keeps it as data) must not set the prototype
    if (key === '__proto__') Object.defineProperty(out, key, { value: line[key], enumerable: true, configurable: true, writable: true });
    else out[key] = line[key];
  }
  const ok = verdict.errors.length === 0;
  out.codeTraitement = ok ? 'OK' : 'KO';
  out.libelleTraitement = ok ? VALID_LINE_LABEL : verdict.errors.map(issueLabel).join(' ; ');
  out.erreurs = verdict.errors;
  out.avertissements = extraWarnings.length === 0 ? [...verdict.warnings] : [...verdict.warnings, ...extraWarnings];
  return out as Record<string, unknown> & LineOutcome;
}

const NEWLINE = 0x0a;

/** The return file's bytes: UTF-8 JSON indented by two spaces, and a final newline. */
export function serializeReturnFile(returnFile: ReturnFile): Buffer {
  const text = echoingNumbers.has(returnFile) ? stringifyEchoingNumbers(returnFile) : JSON.stringify(returnFile, null, 2);
  // encoded once into a buffer one byte longer: no second copy of the text to append the newline
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(text, 'utf8') + 1);
  bytes.write(text, 0, 'utf8');
  bytes[bytes.length - 1] = NEWLINE;
  return bytes;
}
