import { checkFileHeader, checkStanding } from './global-checks.js';
import { globalIssue, type Issue } from './issue.js';
import { checkLines } from './lines/check-lines.js';
import type { RawLine } from './lines/line.js';
import { formatInvalidReturnFile, judgedReturnFile, type ResultatHeader, type ReturnFile } from './return-file.js';
import type { SimulationSettings } from './settings.js';
import { parseStrictJson } from './strict-json.js';
import { judgeStructure } from './structure.js';

/** FMT-04: 5 MB, where 1 MB = 1 048 576 bytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The simulation (SPEC §4–§5): a file's bytes and the settings in, the return file out.
 * Global checks first (any error rejects the file as FORMAT_INVALIDE), then every line.
 * Pure: no I/O and no clock; it never throws on any input.
 */
export function simulate(bytes: Uint8Array, settings: SimulationSettings): ReturnFile {
  if (bytes.length > MAX_FILE_BYTES) return simulateOversized(bytes.length, settings);
  const header = headerOf(settings);
  const standing = checkStanding(settings.numeroAns, settings.fournisseur);
  const withStanding = (errors: Issue[]) => (standing ? [...errors, standing] : errors);

  const parsed = parseStrictJson(bytes);
  if (!parsed.ok) {
    const { ligne, colonne, raison } = parsed.error;
    const fmt01: Issue = { ...globalIssue('FMT-01', '', `${raison} (ligne ${ligne}, colonne ${colonne})`), ligne, colonne };
    return formatInvalidReturnFile(header, withStanding([fmt01]), [], 0);
  }

  const file = parsed.value;
  const structure = judgeStructure(file, settings.logiciel, parsed.repeatedKeys);
  if (!isObject(file)) return formatInvalidReturnFile(header, withStanding(structure.global), [], 0);

  const fileHeader = checkFileHeader(file, settings);
  const lines = Array.isArray(file.lignesImport) ? file.lignesImport : [];
  const errors = withStanding([...structure.global, ...fileHeader.errors]);
  if (errors.length > 0) return formatInvalidReturnFile(header, errors, fileHeader.warnings, lines.length);

  const rawLines = lines as RawLine[];
  const verdicts = checkLines(rawLines, structure.lineTypeErrors, { settings, today: settings.today });
  return judgedReturnFile(header, file, rawLines as unknown as Record<string, unknown>[], verdicts, fileHeader.warnings);
}

/** FMT-04: a file over 5 MB is rejected on its size alone, without reading it. */
export function simulateOversized(size: number, settings: SimulationSettings): ReturnFile {
  const standing = checkStanding(settings.numeroAns, settings.fournisseur);
  const detail = `le fichier fait ${size.toLocaleString('fr-FR')} octets, ${MAX_FILE_BYTES.toLocaleString('fr-FR')} au plus`;
  const errors = [globalIssue('FMT-04', '', detail), ...(standing ? [standing] : [])];
  return formatInvalidReturnFile(headerOf(settings), errors, [], 0);
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
