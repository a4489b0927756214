import { randomUUID } from 'node:crypto';
import { config } from '../../shared/config.js';
import { unpackArchive, type AcceptedFile } from '../../shared/attachments/unpack-archive.js';
import { MAX_ARCHIVE_BYTES, archiveSizeRefusal, type ExpectedAttachment } from '../../shared/domain/attachments.js';
import type { ArchiveRecord } from '../../shared/domain/archive-record.js';
import { mapLimit } from '../../shared/lib/map-limit.js';
import { logger } from '../../shared/observability/logger.js';
import { claimArchive, getArchive, settleArchive } from '../../shared/store/archives-repository.js';
import { attachmentKey, readArchiveKey } from '../../shared/store/object-keys.js';
import { getObjectBytes, putObject } from '../../shared/store/object-store.js';
import { getImport } from '../../shared/store/imports-repository.js';
import { markReceived, requestsOfImport } from '../../shared/store/requests-repository.js';

/** Longer than the function's timeout. */
export const LEASE_MS = 150_000;
export const MAX_ATTEMPTS = 3;
const POLL_MS = 100;

const CONTENT_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' };

/**
 * Unpacks an attachments archive (SPEC §7): every file judged, accepted ones stored under their
 * request and marked received; an archive-level refusal stores nothing. Idempotent on replayed
 * or concurrent events; failures are retried, then recorded on the archive.
 */
export async function unzipArchive(key: string, eventSize: number): Promise<void> {
  const owner = readArchiveKey(key);
  if (!owner) {
    logger.warn('object ignored: not an archive key of the service', { key });
    return;
  }
  const worker = randomUUID();
  const archive = await claim(owner.identifiantImport, owner.identifiant, owner.siret, worker);
  if (!archive) return;
  try {
    await judge(archive, key, eventSize, worker);
  } catch (error) {
    const attempts = archive.tentatives ?? 1;
    logger.error('archive failed', { identifiant: archive.identifiant, attempts, error: error as Error });
    if (attempts >= MAX_ATTEMPTS) {
      await settleArchive(archive.identifiantImport, archive.identifiant, worker, {
        statut: 'REFUSEE',
        fichiers: [],
        code: 'ERREUR_TECHNIQUE',
        message: "Une erreur technique a empêché le traitement de l'archive ; envoyez-la à nouveau.",
      });
      return;
    }
    await settleArchive(archive.identifiantImport, archive.identifiant, worker, { release: new Date(Date.now() - 1) });
    throw error;
  }
}

async function claim(identifiantImport: number, identifiant: number, siret: string, worker: string): Promise<ArchiveRecord | undefined> {
  for (;;) {
    const now = new Date();
    const claimed = await claimArchive(identifiantImport, identifiant, siret, worker, now, new Date(now.getTime() + LEASE_MS));
    if (claimed) return claimed;
    const current = await getArchive(identifiantImport, identifiant);
    if (!current || current.siret !== siret || current.statut !== 'EN_COURS') return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function judge(archive: ArchiveRecord, key: string, eventSize: number, worker: string): Promise<void> {
  const settle = (outcome: Parameters<typeof settleArchive>[3]) => settleArchive(archive.identifiantImport, archive.identifiant, worker, outcome);

  // Only an IMPORTE import takes attachments (SPEC §6): an archive uploaded after Finish is refused.
  const imported = await getImport(archive.identifiantImport);
  if (imported?.statut !== 'IMPORTE') {
    await settle({
      statut: 'REFUSEE',
      fichiers: [],
      code: 'ETAT_INCOMPATIBLE',
      message: `L'import est à l'état ${imported?.statut ?? 'inconnu'} : il ne reçoit plus de pièces justificatives`,
    });
    return;
  }

  // The upload policy caps the size; the event and the read check it again.
  const tooLarge = archiveSizeRefusal(eventSize);
  const object = tooLarge
    ? undefined
    : eventSize === 0
      ? { bytes: Buffer.alloc(0), size: 0 }
      : await getObjectBytes(config().uploadsBucket, key, MAX_ARCHIVE_BYTES);
  if (!tooLarge && !object) throw new Error(`archive vanished: ${key}`);
  const refusedForSize = tooLarge ?? archiveSizeRefusal(object!.size);
  if (refusedForSize) {
    await settle({ statut: 'REFUSEE', fichiers: [], ...refusedForSize });
    return;
  }

  const requests = await requestsOfImport(imported);
  const expected = new Map<string, ExpectedAttachment>();
  for (const r of requests) for (const p of r.piecesAttendues) expected.set(p.nomFichier, { numeroDossier: r.numeroDossier, nomFichier: p.nomFichier });

  const verdict = await unpackArchive(object!.bytes, expected);
  if (verdict.refused) {
    await settle({ statut: 'REFUSEE', fichiers: [], ...verdict.refused });
    return;
  }

  // A document received again replaces the earlier copy: the last one in the archive wins.
  const latest = new Map<string, AcceptedFile>();
  for (const file of verdict.accepted) latest.set(file.nomFichier, file);
  await mapLimit([...latest.values()], 8, (file) =>
    putObject(
      config().documentsBucket,
      attachmentKey(archive.siret, archive.identifiantImport, file.numeroDossier, file.nomFichier),
      file.bytes,
      CONTENT_TYPES[file.nomFichier.slice(-3).toLowerCase()] ?? 'application/octet-stream',
    ),
  );
  const received = new Map<string, number[]>();
  for (const r of requests) {
    const indexes = r.piecesAttendues.flatMap((p, i) => (latest.has(p.nomFichier) && !p.recue ? [i] : []));
    if (indexes.length > 0) received.set(r.numeroDossier, indexes);
  }
  await mapLimit([...received], 8, ([numeroDossier, indexes]) => markReceived(numeroDossier, indexes));

  const recorded = await settle({ statut: 'TRAITEE', fichiers: verdict.files });
  if (recorded) logger.info('archive unpacked', { identifiant: archive.identifiant, fichiers: verdict.files.length, acceptes: latest.size });
}
