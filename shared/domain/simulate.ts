import { checkFileHeader, checkStanding } from './global-checks.js';
import { globalIssue, type Issue } from './issue.js';
import { checkLines } from './lines/check-lines.js';
import type { RawLine } from './lines/line.js';
import { buildReturnFile, type Judgement, type ResultatHeader, type ReturnFile } from './return-file.js';
import type { SimulationSettings } from './settings.js';
import { parseStrictJson } from './strict-json.js';
import { judgeStructure } from './structure.js';

/** FMT-04: 5 MB, where 1 MB = 1 048 576 bytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The simulation (SPEC §4–§5): a file's bytes and the settings in, the return file out.
 * Pure: no I/O and no clock; it never throws on any input. The service judges, looks at stored
 * data for the judged lines (AVT-03), then builds the return file: `judgeFile`, `buildReturnFile`.
 */
export function simulate(bytes: Uint8Array, settings: SimulationSettings): ReturnFile {
  return buildReturnFile(judgeFile(bytes, settings));
}

/** FMT-04: a file over 5 MB is rejected on its size alone, without reading it. */
export function simulateOversized(size: number, settings: SimulationSettings): ReturnFile {
  return buildReturnFile(judgeOversized(size, settings));
}

/** Global checks first (any error rejects the file as FORMAT_INVALIDE), then every line. */
export function judgeFile(bytes: Uint8Array, settings: SimulationSettings): Judgement {
  if (bytes.length > MAX_FILE_BYTES) return judgeOversized(bytes.length, settings);
  const header = headerOf(settings);
  const standing = checkStanding(settings.numeroAns, settings.fournisseur);
  const withStanding = (errors: Issue[]) => (standing ? [...errors, standing] : errors);
  const invalid = (erreurs: Issue[], avertissements: Issue[] = [], nombreDemandes = 0): Judgement => ({
    kind: 'formatInvalid',
    header,
    erreurs,
    avertissements,
    nombreDemandes,
  });

  const parsed = parseStrictJson(bytes);
  if (!parsed.ok) {
    const { ligne, colonne, raison } = parsed.error;
    const fmt01: Issue = { ...globalIssue('FMT-01', '', `${raison} (ligne ${ligne}, colonne ${colonne})`), ligne, colonne };
    return invalid(withStanding([fmt01]));
  }

  const file = parsed.value;
  const structure = judgeStructure(file, settings.logiciel, parsed.repeatedKeys);
  if (!isObject(file)) return invalid(withStanding(structure.global));

  const fileHeader = checkFileHeader(file, settings);
  const lines = Array.isArray(file.lignesImport) ? file.lignesImport : [];
  const errors = withStanding([...structure.global, ...fileHeader.errors]);
  if (errors.length > 0) return invalid(errors, fileHeader.warnings, lines.length);

  const rawLines = lines as RawLine[];
  const verdicts = checkLines(rawLines, structure.lineTypeErrors, { settings, today: settings.today });
  return {
    kind: 'judged',
    header,
    file,
    lines: rawLines as unknown as Record<string, unknown>[],
    verdicts,
    avertissements: fileHeader.warnings,
    inexactNumbers: parsed.inexactNumbers,
  };
}

/** FMT-04 on the size alone. */
export function judgeOversized(size: number, settings: SimulationSettings): Judgement {
  // not read: FMT-04 alone, no other code (SPEC §4.1)
  const detail = `le fichier fait ${size.toLocaleString('fr-FR')} octets, ${MAX_FILE_BYTES.toLocaleString('fr-FR')} au plus`;
  return { kind: 'formatInvalid', header: headerOf(settings), erreurs: [globalIssue('FMT-04', '', detail)], avertissements: [], nombreDemandes: 0 };
}

function headerOf(settings: SimulationSettings): ResultatHeader {
  return {
    identifiantFichier: settings.identifiantFichier,
    nomFichier: settings.nomFichier,
    numeroAns: settings.numeroAns,
    typeDemande: settings.typeDemande,
    tauxTva: settings.tauxTva,
    dateSimulation: settings.dateSimulation,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
