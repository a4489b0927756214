import { labelOf, type RuleCode } from './catalogue.js';
import { formatOfName, MAX_FILE_NAME_LENGTH, type FileFormat } from './nomenclature.js';

/** The rules on attachment archives and the files in them (SPEC §7). */

const MB = 1024 * 1024;
export const MAX_ARCHIVE_BYTES = 20 * MB;
export const MAX_ENTRIES = 1000;
export const MAX_UNPACKED_BYTES = 200 * MB;
export const MAX_RATIO = 100;
export const MAX_ATTACHMENT_BYTES = 3 * MB;

export type PieceCode = Extract<RuleCode, `PJ-${string}`>;

export interface PieceRefusal {
  code: PieceCode;
  message: string;
}

function refusal(code: PieceCode, detail: string): PieceRefusal {
  return { code, message: `${labelOf(code)} : ${detail}` };
}

const megabytes = (bytes: number) => `${(bytes / MB).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} Mo`;

/** PJ-01, on the archive's size. */
export function archiveSizeRefusal(size: number): PieceRefusal | undefined {
  return size > MAX_ARCHIVE_BYTES ? refusal('PJ-01', `l'archive fait ${megabytes(size)}, 20 Mo au plus`) : undefined;
}

export const unreadableArchive = (detail: string): PieceRefusal => refusal('PJ-02', detail);

/** What an archive declares of an entry, before anything is unpacked. */
export interface DeclaredEntry {
  compressedSize: number;
  uncompressedSize: number;
}

/** PJ-03 on the entry count the end of central directory declares, judged before any entry is read. */
export function entryCountRefusal(entryCount: number): PieceRefusal | undefined {
  if (entryCount > MAX_ENTRIES) return refusal('PJ-03', `${entryCount.toLocaleString('fr-FR')} fichiers, ${MAX_ENTRIES.toLocaleString('fr-FR')} au plus`);
  return undefined;
}

/** PJ-03 on the declared sizes: entries, total, and each entry's compression ratio. */
export function declaredSizeRefusal(entryCount: number, entries: readonly DeclaredEntry[]): PieceRefusal | undefined {
  const tooMany = entryCountRefusal(entryCount);
  if (tooMany) return tooMany;
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    const ratio = e.compressedSize > 0 ? e.uncompressedSize / e.compressedSize : e.uncompressedSize > 0 ? Infinity : 0;
    if (ratio > MAX_RATIO) return ratioRefusal();
  }
  if (total > MAX_UNPACKED_BYTES) return refusal('PJ-03', `${megabytes(total)} une fois décompressée, 200 Mo au plus`);
  return undefined;
}

/** PJ-03: an entry inflates to more than MAX_RATIO times its compressed size (declared, or on the bytes actually inflated). */
export const ratioRefusal = (): PieceRefusal => refusal('PJ-03', `un fichier se décompresse plus de ${MAX_RATIO} fois sa taille compressée`);

/** Where an entry lies in the archive: from its local header to the end of its compressed data. */
export interface EntrySpan {
  name: string;
  start: number;
  end: number;
}

/**
 * PJ-02 when entries share bytes with one another or with the central directory (SPEC §7: the
 * overlapping-entries bomb, where many directory records point at the same compressed data).
 * `directoryStart`: where the central directory begins; everything from there on (directory and
 * end records) belongs to no entry.
 */
export function overlapRefusal(spans: readonly EntrySpan[], directoryStart: number): PieceRefusal | undefined {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < sorted.length; i++) {
    const span = sorted[i]!;
    if (span.end > directoryStart) {
      return unreadableArchive(`les données du fichier « ${span.name} » empiètent sur le répertoire central de l'archive`);
    }
    const next = sorted[i + 1];
    if (next && next.start < span.end) {
      return unreadableArchive(`les fichiers « ${span.name} » et « ${next.name} » partagent les mêmes données dans l'archive`);
    }
  }
  return undefined;
}

/** PJ-02: an entry whose bytes, once unpacked, do not have the CRC-32 the archive declares. */
export const crcRefusal = (name: string): PieceRefusal =>
  unreadableArchive(`le contrôle d'intégrité (CRC-32) du fichier « ${name} » ne correspond pas à son contenu`);

/** PJ-03 on the bytes actually unpacked, whatever the headers said. */
export const unpackedTotalRefusal = (): PieceRefusal => refusal('PJ-03', `plus de 200 Mo une fois décompressée`);

/** A name with `/` as separator: the path's last part. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Directories, macOS resource forks and hidden files are passed over silently. */
export function isSkipped(path: string): boolean {
  return path.endsWith('/') || path.startsWith('__MACOSX/') || baseName(path).startsWith('.');
}

/** Absolute, with a `..` part, or with a drive letter (`\` already read as `/`). */
export function isUnsafePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').includes('..');
}

/** A document the import expects: its request and its name as the JSON file gave it. */
export interface ExpectedAttachment {
  numeroDossier: string;
  nomFichier: string;
}

/** Finds the expected document a base name stands for: the exact name, or the same with its extension in another case. */
export function matchExpected(base: string, expected: ReadonlyMap<string, ExpectedAttachment>): ExpectedAttachment | undefined {
  const exact = expected.get(base);
  if (exact) return exact;
  const format = formatOfName(base);
  if (!format) return undefined;
  const stem = base.slice(0, -4);
  return expected.get(`${stem}.${format.toLowerCase()}`) ?? expected.get(`${stem}.${format}`);
}

/** The refusals known before unpacking a file, in the order SPEC §7 gives: PJ-10, PJ-04, PJ-05, PJ-06, PJ-09. */
export function entryRefusal(
  path: string,
  encrypted: boolean,
  expected: ReadonlyMap<string, ExpectedAttachment>,
): { refusal: PieceRefusal } | { match: ExpectedAttachment; format: FileFormat } {
  if (isUnsafePath(path)) return { refusal: refusal('PJ-10', `« ${path} » sort du dossier de l'archive`) };
  const base = baseName(path);
  const length = [...base].length;
  if (length > MAX_FILE_NAME_LENGTH) return { refusal: refusal('PJ-04', `${length} caractères, ${MAX_FILE_NAME_LENGTH} au plus`) };
  const format = formatOfName(base);
  if (!format) return { refusal: refusal('PJ-05', `« ${base} »`) };
  const match = matchExpected(base, expected);
  if (!match) return { refusal: refusal('PJ-06', `« ${base} » n'est cité par aucune demande importée de ce fichier`) };
  if (encrypted) return { refusal: refusal('PJ-09', `« ${base} » est protégé par un mot de passe`) };
  return { match, format };
}

const MAGIC: Record<FileFormat, number[]> = {
  PDF: [0x25, 0x50, 0x44, 0x46, 0x2d],
  PNG: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  JPG: [0xff, 0xd8, 0xff],
};

/** The refusals known once a file is unpacked: PJ-07 (on the bytes actually read), then PJ-08. */
export function contentRefusal(format: FileFormat, unpackedBytes: number, head: Uint8Array): PieceRefusal | undefined {
  if (unpackedBytes > MAX_ATTACHMENT_BYTES) return refusal('PJ-07', `plus de 3 Mo une fois décompressé`);
  const magic = MAGIC[format];
  if (head.length < magic.length || magic.some((b, i) => head[i] !== b)) {
    return refusal('PJ-08', `le contenu n'est pas celui d'un fichier ${format}`);
  }
  return undefined;
}
