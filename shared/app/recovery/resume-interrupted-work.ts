import type { ArchiveRecord } from '../../domain/archive-record.js';
import { ARCHIVE_LEASE, ARCHIVE_PERMIT, COMMIT_LEASE, SIMULATION_LEASE, TAKEN_UP_AT_START } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { archiveKey, importKey, uploadKey } from '../object-keys.js';
import type { UploadedObject } from '../uploads.js';
import { giveUpArchiveWork, giveUpSimulation } from './give-up.js';

/** What a start found left over by the previous process, and what it did about it. */
export interface Resumption {
  /** Objects of the uploads bucket whose event is to be delivered again (to simulate, import or unpack). */
  redeliver: UploadedObject[];
  /** Leases and permits of the previous process given back. */
  released: number;
  /** Work given up for good (in progress, but its uploaded object is gone or cannot be read). */
  gaveUp: number;
  /**
   * The records whose taking up failed (each named, with the error), absent when none did: one
   * record that cannot be taken up never keeps the others from being taken up.
   */
  failed?: string[];
}

/** Reads of an object before it counts as unreadable (an object a kill left half-written: its store answers 5xx). */
const OBJECT_READS = 3;
const OBJECT_RETRY_MS = 100;
const UNREADABLE = 'unreadable';

/**
 * When the local stack starts (SPEC §6: nothing stays in progress), it takes up what the previous
 * process left: that process is dead, so its leases are too. Each is given back (its deadline set
 * just past; the attempt it stood for was counted when it was taken, so the next one counts on —
 * and past the last one records the failure instead of running), its archive permits removed, and
 * the object the work started from is delivered again: imports waiting for their simulation
 * (EN_ATTENTE_FICHIER with an uploaded file: its event was lost) or in it, imports being imported
 * (their copy under `imports/`), archives waiting (uploaded) or being unpacked. Work in progress
 * whose object is gone, or cannot be read (the previous process died writing it), cannot be
 * resumed: it is given up (ERREUR_TECHNIQUE, REFUSEE); an upload that cannot be read, with nothing
 * in progress, is left to the supplier, who uploads again. An import being imported whose copy
 * never came is left to `POST /importer`, which sends it again; one whose copy cannot be read is
 * copied again (the copy is the service's own). Each record is taken up on its own: one that
 * fails is named in `failed`, and the others are taken up all the same.
 *
 * Reads whole tables (ImportStore.listByStatus): for the local stack's start, not for AWS.
 */
export async function resumeInterruptedWork(stores: Stores, runtime: Runtime): Promise<Resumption> {
  const out: Resumption = { redeliver: [], released: 0, gaveUp: 0 };
  const past = new Date(runtime.now().getTime() - 1);
  const imports = await stores.imports.listByStatus([...TAKEN_UP_AT_START.imports, ARCHIVE_PERMIT.takenIn]);
  await mapLimit(imports, 8, (record) => onItsOwn(out, `import ${record.identifiant}`, () => resumeImport(stores, runtime, record, past, out)));
  const archives = await stores.archives.listByStatus(TAKEN_UP_AT_START.archives);
  await mapLimit(archives, 8, (archive) =>
    onItsOwn(out, `archive ${archive.identifiant} de l'import ${archive.identifiantImport}`, () => resumeArchive(stores, runtime, archive, past, out)),
  );
  return out;
}

async function onItsOwn(out: Resumption, what: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    (out.failed ??= []).push(`${what} : ${(error as Error)?.name ?? 'Error'} ${(error as Error)?.message ?? String(error)}`.trim());
  }
}

/** An uploaded object's size; undefined when there is none; UNREADABLE when every read of it failed. */
async function objectSize(stores: Stores, runtime: Runtime, key: string): Promise<number | undefined | typeof UNREADABLE> {
  for (let read = 1; ; read++) {
    try {
      return await stores.objects.size('televersements', key);
    } catch (error) {
      if (read >= OBJECT_READS) return UNREADABLE;
      await runtime.sleep(OBJECT_RETRY_MS);
    }
  }
}

async function resumeImport(stores: Stores, runtime: Runtime, record: ImportRecord, past: Date, out: Resumption): Promise<void> {
  const { identifiant, siret } = record;
  // permits of archives the previous process was unpacking: theirs are taken again below
  for (const permit of record.archivesEnCours ?? []) if (await stores.imports.dropPermit(identifiant, permit)) out.released++;
  if (record.statut === SIMULATION_LEASE.from || record.statut === SIMULATION_LEASE.running) {
    const running = record.statut === SIMULATION_LEASE.running;
    if (running && record.traitementPar && (await stores.imports.settleLease(identifiant, SIMULATION_LEASE, record.traitementPar, { traitementJusqua: past.toISOString() }, true))) {
      out.released++;
    }
    const key = uploadKey(siret, identifiant);
    const size = await objectSize(stores, runtime, key);
    if (typeof size === 'number') out.redeliver.push({ key, size });
    else if (running && (await giveUpSimulation(stores, runtime, { siret, identifiant })).kind === 'gaveUp') out.gaveUp++;
  } else if (record.statut === COMMIT_LEASE.running) {
    const key = importKey(siret, identifiant);
    let size = await objectSize(stores, runtime, key);
    if (size === UNREADABLE && record.cleFichier) {
      await stores.objects.copy('documents', record.cleFichier, 'televersements', key);
      size = await objectSize(stores, runtime, key);
    }
    if (typeof size === 'number') out.redeliver.push({ key, size });
    else if (size === UNREADABLE) throw new Error(`${key} cannot be read, even copied again`);
  }
}

async function resumeArchive(stores: Stores, runtime: Runtime, archive: ArchiveRecord, past: Date, out: Resumption): Promise<void> {
  const { siret, identifiantImport, identifiant } = archive;
  const running = archive.statut === ARCHIVE_LEASE.running;
  // (its permit, if it had one, went with its import's: permits are only ever held by IMPORTE imports)
  if (running && archive.traitementPar && (await stores.archives.releaseLease(identifiantImport, identifiant, ARCHIVE_LEASE, archive.traitementPar, past))) {
    out.released++;
  }
  const key = archiveKey(siret, identifiantImport, identifiant);
  const size = await objectSize(stores, runtime, key);
  if (typeof size === 'number') out.redeliver.push({ key, size });
  else if (running && (await giveUpArchiveWork(stores, runtime, { siret, identifiantImport, identifiant })).kind === 'gaveUp') out.gaveUp++;
}
