/**
 * Unpacks an attachment archive held in memory (a ZIP needs random access; it is at most 20 MB)
 * with yauzl, judging every entry by SPEC §7. yauzl reads the directory and the local headers;
 * each entry is then inflated by zlib with a ceiling on its output, so that it stops past its
 * limit whatever its header says (streaming through yauzl cost 8 times plain inflation).
 *
 * Integrity (SPEC §7): the entry count is judged from the end of central directory before any
 * entry is read; every entry is located (local header to end of data) before anything is
 * inflated, and entries sharing bytes with one another or with the central directory refuse the
 * archive; every entry unpacked whole has its CRC-32 checked against the directory's.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_UNPACKED_BYTES,
  contentRefusal,
  crcRefusal,
  declaredSizeRefusal,
  entryCountRefusal,
  entryRefusal,
  isSkipped,
  isUnsafePath,
  MAX_RATIO,
  overlapRefusal,
  ratioRefusal,
  unpackedTotalRefusal,
  unreadableArchive,
  type ExpectedAttachment,
  type PieceRefusal,
} from '../domain/attachments.js';
import type { ArchiveFile } from '../domain/archive-record.js';
import { zipFailureInFrench } from './zip-failure.js';

/** A file's verdict; `nom` is its full entry name. */
export type FileVerdict = ArchiveFile;

export interface AcceptedFile extends ExpectedAttachment {
  bytes: Buffer;
}

export type ArchiveVerdict = { refused: PieceRefusal } | { refused?: undefined; files: FileVerdict[]; accepted: AcceptedFile[] };

class ArchiveRefused extends Error {
  constructor(readonly refusal: PieceRefusal) {
    super(refusal.message);
  }
}

export async function unpackArchive(archive: Buffer, expected: ReadonlyMap<string, ExpectedAttachment>): Promise<ArchiveVerdict> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, strictFileNames: true });
  } catch (error) {
    return { refused: unreadableArchive(`l'archive est illisible : ${zipFailureInFrench(error)}`) };
  }
  try {
    // PJ-03 on the count the end of central directory declares: refused before reading any entry
    const tooMany = entryCountRefusal(zip.entryCount);
    if (tooMany) return { refused: tooMany };
    const directoryStart = centralDirectoryStart(zip);
    const entries = await readEntries(zip);
    const located = await locateEntries(zip, entries);
    const overlap = overlapRefusal(located.map(({ entry, fileDataStart }) => spanOf(entry, fileDataStart)), directoryStart ?? archive.length);
    if (overlap) return { refused: overlap };
    const declared = declaredSizeRefusal(zip.entryCount, entries);
    if (declared) return { refused: declared };

    const files: FileVerdict[] = [];
    const accepted: AcceptedFile[] = [];
    let budget = MAX_UNPACKED_BYTES;
    for (const { entry, fileDataStart } of located) {
      const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const path = raw.replace(/\\/g, '/');
      if (isSkipped(path) && !isUnsafePath(path)) continue;
      const judged = entryRefusal(path, entry.isEncrypted(), expected);
      if ('refusal' in judged) {
        files.push({ nom: raw, statut: 'REFUSE', ...judged.refusal });
        continue;
      }
      const { bytes, unpacked } = unpackEntry(archive, entry, fileDataStart, budget);
      budget -= unpacked;
      if (budget < 0) return { refused: unpackedTotalRefusal() };
      const refused = contentRefusal(judged.format, unpacked, bytes);
      if (refused) {
        files.push({ nom: raw, statut: 'REFUSE', ...refused });
        continue;
      }
      files.push({ nom: raw, statut: 'ACCEPTE', code: null, message: null, numeroDossier: judged.match.numeroDossier, nomFichier: judged.match.nomFichier });
      accepted.push({ ...judged.match, bytes });
    }
    return { files, accepted };
  } catch (error) {
    if (error instanceof ArchiveRefused) return { refused: error.refusal };
    return { refused: unreadableArchive(`l'archive est endommagée : ${zipFailureInFrench(error)}`) };
  } finally {
    zip.close();
  }
}

/**
 * Where the central directory starts, as the end of central directory record (or its ZIP64
 * counterpart) gives it: yauzl starts reading entries there. Undefined should yauzl ever keep it elsewhere.
 */
function centralDirectoryStart(zip: ZipFile): number | undefined {
  const cursor = (zip as unknown as { readEntryCursor?: unknown }).readEntryCursor;
  return typeof cursor === 'number' ? cursor : undefined;
}

interface LocatedEntry {
  entry: Entry;
  fileDataStart: number;
}

/** Every entry's local header read (nothing inflated): where its data starts. */
async function locateEntries(zip: ZipFile, entries: readonly Entry[]): Promise<LocatedEntry[]> {
  const located: LocatedEntry[] = [];
  for (const entry of entries) {
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    located.push({ entry, fileDataStart });
  }
  return located;
}

function spanOf(entry: Entry, fileDataStart: number): { name: string; start: number; end: number } {
  return { name: entry.fileNameRaw.toString('utf8'), start: entry.relativeOffsetOfLocalHeader, end: fileDataStart + entry.compressedSize };
}

/** Every entry of the central directory (nothing is inflated yet). */
function readEntries(zip: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/**
 * Unpacks one entry, inflating at most what the limits allow: zlib stops as soon as the output
 * would pass the file's 3 MB, what is left of the archive's 200 MB, or 100 times the entry's
 * compressed size, whatever the headers say; `unpacked` then tells that a limit was passed
 * (PJ-07 for the file, PJ-03 for the archive). An entry unpacked whole must have the CRC-32 the
 * directory declares. Data that cannot be inflated (corrupt, truncated, unknown method), or
 * whose CRC-32 differs, refuses the archive (PJ-02).
 */
function unpackEntry(archive: Buffer, entry: Entry, fileDataStart: number, budget: number): { bytes: Buffer; unpacked: number } {
  const name = () => entry.fileNameRaw.toString('utf8');
  const ratioCeiling = MAX_RATIO * entry.compressedSize;
  const limit = Math.min(MAX_ATTACHMENT_BYTES, budget, ratioCeiling) + 1;
  const raw = archive.subarray(fileDataStart, fileDataStart + entry.compressedSize);
  if (raw.length < entry.compressedSize) throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » est tronqué`));
  let bytes: Buffer;
  if (entry.compressionMethod === STORED) {
    if (raw.length >= limit) return { bytes: EMPTY, unpacked: limit };
    bytes = raw;
  } else if (entry.compressionMethod === DEFLATED) {
    let inflated: Buffer | undefined;
    try {
      inflated = inflateRawSync(raw, { maxOutputLength: limit });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') {
        throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » est endommagé : ${zipFailureInFrench(error)}`));
      }
    }
    if (inflated === undefined || inflated.length >= limit) {
      if (limit - 1 === ratioCeiling) throw new ArchiveRefused(ratioRefusal()); // past 100:1 on the bytes actually inflated
      return { bytes: EMPTY, unpacked: limit };
    }
    bytes = inflated;
  } else {
    throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » utilise une méthode de compression inconnue (${entry.compressionMethod})`));
  }
  if (crc32(bytes) !== entry.crc32) throw new ArchiveRefused(crcRefusal(name()));
  return { bytes, unpacked: bytes.length };
}

const STORED = 0;
const DEFLATED = 8;
const EMPTY = Buffer.alloc(0);
