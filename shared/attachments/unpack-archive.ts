/**
 * Unpacks an attachment archive held in memory (a ZIP needs random access; it is at most 20 MB)
 * with yauzl, judging every entry by SPEC §7. yauzl reads the directory and the local headers;
 * each entry is then inflated by zlib with a ceiling on its output, so that it stops past its
 * limit whatever its header says (streaming through yauzl cost 8 times plain inflation).
 */
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_UNPACKED_BYTES,
  contentRefusal,
  declaredSizeRefusal,
  entryRefusal,
  isSkipped,
  isUnsafePath,
  unpackedTotalRefusal,
  unreadableArchive,
  type ExpectedAttachment,
  type PieceRefusal,
} from '../domain/attachments.js';
import type { ArchiveFile } from '../domain/archive-record.js';

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
    return { refused: unreadableArchive(`l'archive est illisible (${(error as Error).message})`) };
  }
  try {
    const entries = await readEntries(zip);
    const declared = declaredSizeRefusal(zip.entryCount, entries);
    if (declared) return { refused: declared };

    const files: FileVerdict[] = [];
    const accepted: AcceptedFile[] = [];
    let budget = MAX_UNPACKED_BYTES;
    for (const entry of entries) {
      const raw = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const path = raw.replace(/\\/g, '/');
      if (isSkipped(path) && !isUnsafePath(path)) continue;
      const judged = entryRefusal(path, entry.isEncrypted(), expected);
      if ('refusal' in judged) {
        files.push({ nom: raw, statut: 'REFUSE', ...judged.refusal });
        continue;
      }
      const { bytes, unpacked } = await unpackEntry(zip, archive, entry, Math.min(MAX_ATTACHMENT_BYTES + 1, budget + 1));
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
    return { refused: unreadableArchive(`l'archive est endommagée (${(error as Error).message})`) };
  } finally {
    zip.close();
  }
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
 * Inflates one entry, keeping at most `limit` - 1 bytes: zlib stops as soon as the output would
 * pass that, whatever the headers say, and `unpacked` then tells that the limit was passed. Data
 * that cannot be inflated (corrupt, truncated, unknown method) refuses the archive.
 */
async function unpackEntry(zip: ZipFile, archive: Buffer, entry: Entry, limit: number): Promise<{ bytes: Buffer; unpacked: number }> {
  const name = () => entry.fileNameRaw.toString('utf8');
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
  const raw = archive.subarray(fileDataStart, fileDataStart + entry.compressedSize);
  if (raw.length < entry.compressedSize) throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » est tronqué`));
  if (entry.compressionMethod === STORED) return raw.length < limit ? { bytes: raw, unpacked: raw.length } : { bytes: EMPTY, unpacked: limit };
  if (entry.compressionMethod !== DEFLATED) {
    throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » utilise une méthode de compression inconnue (${entry.compressionMethod})`));
  }
  try {
    const bytes = inflateRawSync(raw, { maxOutputLength: limit - 1 });
    return { bytes, unpacked: bytes.length };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { bytes: EMPTY, unpacked: limit };
    throw new ArchiveRefused(unreadableArchive(`le fichier « ${name()} » est endommagé (${(error as Error).message})`));
  }
}

const STORED = 0;
const DEFLATED = 8;
const EMPTY = Buffer.alloc(0);
