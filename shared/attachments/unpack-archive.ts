/**
 * Unpacks an attachment archive held in memory (a ZIP needs random access; it is at most 20 MB)
 * with yauzl, judging every entry by SPEC §7. Entries are read lazily, one at a time; each is
 * counted byte by byte as it is inflated and stopped past its limit, whatever its header says.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_UNPACKED_BYTES,
  contentRefusal,
  declaredSizeRefusal,
  entryRefusal,
  isSkipped,
  unpackedTotalRefusal,
  unreadableArchive,
  type ExpectedAttachment,
  type PieceRefusal,
} from '../domain/attachments.js';

export interface FileVerdict {
  /** The full entry name. */
  nom: string;
  statut: 'ACCEPTE' | 'REFUSE';
  code?: string;
  message?: string;
  numeroDossier?: string;
  nomFichier?: string;
}

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
      if (isSkipped(path)) continue;
      const judged = entryRefusal(path, entry.isEncrypted(), expected);
      if ('refusal' in judged) {
        files.push({ nom: raw, statut: 'REFUSE', ...judged.refusal });
        continue;
      }
      const { bytes, unpacked } = await unpackEntry(zip, entry, Math.min(MAX_ATTACHMENT_BYTES + 1, budget + 1));
      budget -= unpacked;
      if (budget < 0) return { refused: unpackedTotalRefusal() };
      const refused = contentRefusal(judged.format, unpacked, bytes);
      if (refused) {
        files.push({ nom: raw, statut: 'REFUSE', ...refused });
        continue;
      }
      files.push({ nom: raw, statut: 'ACCEPTE', numeroDossier: judged.match.numeroDossier, nomFichier: judged.match.nomFichier });
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
 * Inflates one entry, keeping at most `limit` bytes: past it, reading stops and `unpacked` tells
 * that the limit was passed. A stream that fails (corrupt data, unknown method) refuses the archive.
 */
function unpackEntry(zip: ZipFile, entry: Entry, limit: number): Promise<{ bytes: Buffer; unpacked: number }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(new ArchiveRefused(unreadableArchive(`le fichier « ${entry.fileNameRaw.toString('utf8')} » ne peut pas être décompressé`)));
        return;
      }
      const chunks: Buffer[] = [];
      let unpacked = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        resolve({ bytes: Buffer.concat(chunks), unpacked });
      };
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        unpacked += chunk.length;
        if (unpacked >= limit) {
          // Past the limit: stop inflating now. Only the count matters from here on.
          stream.destroy();
          finish();
          return;
        }
        chunks.push(chunk);
      });
      stream.once('end', finish);
      stream.once('error', (e: Error) => {
        if (done) return;
        done = true;
        reject(new ArchiveRefused(unreadableArchive(`le fichier « ${entry.fileNameRaw.toString('utf8')} » est endommagé (${e.message})`)));
      });
    });
  });
}
