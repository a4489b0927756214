import { unpackArchive, type AcceptedFile } from '../../attachments/unpack-archive.js';
import type { ArchiveRecord } from '../../domain/archive-record.js';
import { MAX_ARCHIVE_BYTES, archiveSizeRefusal, type ExpectedAttachment } from '../../domain/attachments.js';
import {
  ARCHIVE_LEASE,
  ARCHIVE_PERMIT,
  ARCHIVE_VERDICT,
  TECHNICAL_FAILURE,
  archiveRefusedForState,
  leaseStep,
  permitOf,
  permitsOfArchive,
  takesArchives,
  type ArchiveStatus,
} from '../../domain/import-lifecycle.js';
import type { DemandeRecord } from '../../domain/demande-record.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { ArchiveVerdictFields } from '../../ports/archive-store.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { runLeasedJob } from '../leased-job.js';
import { dropReplacedCopies } from './replaced-copies.js';
import { archiveDocumentsFolder, attachmentKey, readArchiveKey } from '../object-keys.js';
import type { UploadedObject } from '../uploads.js';

const CONTENT_TYPES: Record<string, string> = { pdf: 'application/pdf', jpg: 'image/jpeg', png: 'image/png' };

export type UnpackOutcome =
  /** Not an archive key of the service, or no such archive for this supplier. */
  | { kind: 'ignored'; reason: string }
  /** A duplicate event: the archive was judged already. */
  | { kind: 'alreadyDone'; statut: ArchiveStatus }
  | { kind: 'judged'; verdict: ArchiveVerdictFields; acceptes: number }
  /** This attempt's lease was taken over meanwhile: its verdict was not recorded. */
  | { kind: 'superseded' }
  /** The last attempt failed: REFUSEE ERREUR_TECHNIQUE recorded. */
  | { kind: 'gaveUp'; attempts: number; error: unknown };

export interface UnpackHooks {
  /** Called once the archive is judged, before anything is stored: a test holds the unpacking there. */
  beforeStoring?: () => Promise<void> | void;
}

/**
 * Unpacks an attachments archive (SPEC §7): every file judged, accepted ones stored under their
 * request; an archive-level refusal stores nothing; an archive of an import that no longer takes
 * them is refused ETAT_INCOMPATIBLE. Idempotent on replayed or concurrent events; failures are
 * retried, then recorded on the archive.
 *
 * One write commits an archive: its verdict. Accepted files are first written under the archive's
 * own folder, where nothing reads them; the verdict TRAITEE, recorded only while this attempt holds
 * the lease (and so the permit), makes them received (received-documents.ts). An archive that ends
 * refused, given up or after Finish brought nothing: its folder is emptied.
 *
 * Finish and archives never cross: before anything is stored, the unpacking takes a permit on
 * the import item, a write conditional on the import being IMPORTE, and gives it back once its
 * verdict is recorded (or it failed); Finish moves the import on only while it holds no permit.
 * Whichever write comes first wins: a Finish during the unpacking is refused ARCHIVES_EN_COURS, an
 * unpacking after Finish is refused ETAT_INCOMPATIBLE before it writes anything.
 */
export async function unpackUploadedArchive(stores: Stores, runtime: Runtime, object: UploadedObject, hooks: UnpackHooks = {}): Promise<UnpackOutcome> {
  const owner = readArchiveKey(object.key);
  if (!owner) return { kind: 'ignored', reason: 'not an archive key of the service' };
  const rule = ARCHIVE_LEASE;
  const { identifiantImport, identifiant } = owner;
  let outcome: UnpackOutcome = { kind: 'ignored', reason: 'no such archive for this supplier' };
  const settle = async (worker: string, verdict: Judged) => {
    const recorded = await stores.archives.settleLease(identifiantImport, identifiant, rule, worker, verdict.fields, runtime.now());
    outcome = recorded ? { kind: 'judged', verdict: verdict.fields, acceptes: verdict.acceptes } : { kind: 'superseded' };
    if (!recorded) return;
    // a judged archive's documents replace earlier copies; what killed attempts of a refused one wrote is removed
    if (verdict.fields.statut === ARCHIVE_VERDICT.judged) await dropReplacedCopies(stores, owner, verdict.fields.fichiers);
    else await removeDocumentsOf(stores, owner);
  };
  await runLeasedJob<ArchiveRecord>(
    rule,
    {
      acquire: (worker, now, until) => stores.archives.acquireLease(identifiantImport, identifiant, owner.siret, rule, worker, now, until),
      async whenBusy() {
        const current = await stores.archives.get(identifiantImport, identifiant);
        if (!current || current.siret !== owner.siret) return 'stop';
        outcome = { kind: 'alreadyDone', statut: current.statut };
        return leaseStep(rule, current.statut);
      },
      attempt: (archive) => archive.tentatives ?? 1,
      async run(archive, worker) {
        // the permit lasts as long as this attempt's lease
        const permit = permitOf({ archive: identifiant, until: archive.traitementJusqua!, worker });
        if (!(await stores.imports.takePermit(identifiantImport, ARCHIVE_PERMIT.takenIn, permit))) {
          // Finish came first (or the import is gone): nothing of the archive is kept
          const current = await stores.imports.get(identifiantImport);
          return settle(worker, refused(archiveRefusedForState(current?.statut)));
        }
        try {
          await settle(worker, await judge(stores, archive, object, hooks));
        } finally {
          // a permit left behind (this write failed) expires with the lease: Finish removes it then
          await stores.imports.dropPermit(identifiantImport, permit).catch(() => false);
        }
      },
      release: async (_archive, worker, at) => {
        await stores.archives.releaseLease(identifiantImport, identifiant, rule, worker, at);
      },
      giveUp: async (archive, worker, error) => {
        await giveUpArchive(stores, runtime, archive, worker);
        outcome = { kind: 'gaveUp', attempts: archive.tentatives ?? 1, error };
      },
    },
    runtime,
  );
  return outcome;
}

/**
 * Records the archive's failure for good (REFUSEE ERREUR_TECHNIQUE) for the holder of its lease,
 * removes what its earlier attempts wrote, and the permits they left on the import: they were
 * killed (their lease is over, since this worker holds it), so those permits hold nothing any more.
 */
export async function giveUpArchive(stores: Stores, runtime: Runtime, archive: ArchiveRecord, worker: string): Promise<void> {
  const fields: ArchiveVerdictFields = { statut: ARCHIVE_LEASE.failed, fichiers: [], code: 'ERREUR_TECHNIQUE', message: TECHNICAL_FAILURE.archive };
  if (!(await stores.archives.settleLease(archive.identifiantImport, archive.identifiant, ARCHIVE_LEASE, worker, fields, runtime.now()))) return;
  await removeDocumentsOf(stores, archive);
  const imported = await stores.imports.get(archive.identifiantImport);
  for (const kept of permitsOfArchive(imported?.archivesEnCours, archive.identifiant)) await stores.imports.dropPermit(archive.identifiantImport, kept);
}

/** Empties the folder where an archive's accepted files are written: an archive that ends refused keeps nothing. */
function removeDocumentsOf(stores: Stores, archive: { siret: string; identifiantImport: number; identifiant: number }): Promise<number> {
  return stores.objects.removeUnder('documents', archiveDocumentsFolder(archive.siret, archive.identifiantImport, archive.identifiant));
}

type Judged = { fields: ArchiveVerdictFields; acceptes: number };
const refused = (refusal: Pick<ArchiveVerdictFields, 'code' | 'message'>): Judged => ({
  fields: { statut: ARCHIVE_VERDICT.refused, fichiers: [], ...refusal },
  acceptes: 0,
});

async function judge(stores: Stores, archive: ArchiveRecord, object: UploadedObject, hooks: UnpackHooks): Promise<Judged> {
  // Only an IMPORTE import takes attachments (SPEC §6); the permit held keeps it so meanwhile.
  const imported = await stores.imports.get(archive.identifiantImport);
  if (!imported || !takesArchives(imported)) return refused(archiveRefusedForState(imported?.statut));

  // The upload policy caps the size; the event and the read check it again.
  const tooLarge = archiveSizeRefusal(object.size);
  if (tooLarge) return refused(tooLarge);
  const read = object.size === 0 ? { bytes: Buffer.alloc(0), size: 0 } : await stores.objects.read('televersements', object.key, MAX_ARCHIVE_BYTES);
  if (!read) throw new Error(`archive vanished: ${object.key}`);
  const refusedForSize = archiveSizeRefusal(read.size);
  if (refusedForSize) return refused(refusedForSize);

  const requests = await stores.demandes.getMany(imported.dossiers ?? []);
  const verdict = await unpackArchive(read.bytes, expectedOf(requests));
  if (verdict.refused) return refused(verdict.refused);

  // A document received again replaces the earlier copy: the last one in the archive wins.
  const latest = new Map<string, AcceptedFile>();
  for (const file of verdict.accepted) latest.set(file.nomFichier, file);
  await hooks.beforeStoring?.();
  await storeDocuments(stores, archive, latest);
  return { fields: { statut: ARCHIVE_VERDICT.judged, fichiers: verdict.files }, acceptes: latest.size };
}

function expectedOf(requests: readonly DemandeRecord[]): Map<string, ExpectedAttachment> {
  const expected = new Map<string, ExpectedAttachment>();
  for (const r of requests) for (const p of r.piecesAttendues) expected.set(p.nomFichier, { numeroDossier: r.numeroDossier, nomFichier: p.nomFichier });
  return expected;
}

/** Writes each accepted document under the archive's folder, then its request: not received until the verdict is recorded. */
async function storeDocuments(stores: Stores, archive: ArchiveRecord, latest: ReadonlyMap<string, AcceptedFile>): Promise<void> {
  await mapLimit([...latest.values()], 8, (file) =>
    stores.objects.write(
      'documents',
      attachmentKey(archive.siret, archive.identifiantImport, archive.identifiant, file.numeroDossier, file.nomFichier),
      file.bytes,
      CONTENT_TYPES[file.nomFichier.slice(-3).toLowerCase()] ?? 'application/octet-stream',
    ),
  );
}
