import type { ArchiveRecord } from '../../domain/archive-record.js';
import { ARCHIVE_LEASE, COMMIT_LEASE, SIMULATION_LEASE, TECHNICAL_FAILURE, leaseStep } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { giveUpArchive } from '../attachments/unpack-uploaded-archive.js';
import { giveUpLeasedJob } from '../leased-job.js';
import { readArchiveKey, readImportKey, readUploadKey, type ImportOwner } from '../object-keys.js';

/** What giving a piece of work up did. */
export type GiveUpOutcome =
  /** Not a key of the service. */
  | { kind: 'ignored'; reason: string }
  /** Nothing left to give up: the work is done (a final state), or no such record for this supplier. */
  | { kind: 'settled' }
  /** A worker holds a live lease on it: ask again once it has expired. */
  | { kind: 'held' }
  /** The failure is recorded: ERREUR_TECHNIQUE (simulation), REFUSEE ERREUR_TECHNIQUE (archive), `erreurTechnique` (import). */
  | { kind: 'gaveUp'; subject: 'simulation' | 'archive' | 'import' };

/**
 * An event whose deliveries are all spent (SPEC §6: on AWS, the failure queue's consumer): the
 * work its object names is given up for good through the same lease rules as the functions — the
 * lease taken (free, or expired) and the failure recorded. Idempotent: anything already final is
 * left as it is, and a live lease is left to its holder (`held`: the message comes back later).
 */
export async function giveUpFailedEvent(stores: Stores, runtime: Runtime, key: string): Promise<GiveUpOutcome> {
  const upload = readUploadKey(key);
  if (upload) return giveUpSimulation(stores, runtime, upload);
  const archive = readArchiveKey(key);
  if (archive) return giveUpArchiveWork(stores, runtime, archive);
  const commit = readImportKey(key);
  if (commit) return giveUpCommit(stores, commit);
  return { kind: 'ignored', reason: 'not a key of the service' };
}

/** The simulation of an import given up: ERREUR_TECHNIQUE; the supplier deposits again. */
export async function giveUpSimulation(stores: Stores, runtime: Runtime, owner: ImportOwner): Promise<GiveUpOutcome> {
  const rule = SIMULATION_LEASE;
  const done = await giveUpLeasedJob<ImportRecord>(
    rule,
    {
      acquire: (worker, now, until) => stores.imports.acquireLease(owner.identifiant, owner.siret, rule, worker, now, until),
      async whenBusy() {
        const current = await stores.imports.get(owner.identifiant);
        return current && current.siret === owner.siret ? leaseStep(rule, current.statut) : 'stop';
      },
      giveUp: async (_record, worker) => {
        await stores.imports.settleLease(owner.identifiant, rule, worker, { statut: rule.failed, erreurTechnique: TECHNICAL_FAILURE.simulation });
      },
    },
    runtime,
  );
  return done === 'gaveUp' ? { kind: 'gaveUp', subject: 'simulation' } : { kind: done };
}

/** The unpacking of an archive given up: REFUSEE ERREUR_TECHNIQUE, its permits removed; the supplier sends it again. */
export async function giveUpArchiveWork(
  stores: Stores,
  runtime: Runtime,
  owner: { siret: string; identifiantImport: number; identifiant: number },
): Promise<GiveUpOutcome> {
  const rule = ARCHIVE_LEASE;
  const done = await giveUpLeasedJob<ArchiveRecord>(
    rule,
    {
      acquire: (worker, now, until) => stores.archives.acquireLease(owner.identifiantImport, owner.identifiant, owner.siret, rule, worker, now, until),
      async whenBusy() {
        const current = await stores.archives.get(owner.identifiantImport, owner.identifiant);
        return current && current.siret === owner.siret ? leaseStep(rule, current.statut) : 'stop';
      },
      giveUp: (archive, worker) => giveUpArchive(stores, runtime, archive, worker),
    },
    runtime,
  );
  return done === 'gaveUp' ? { kind: 'gaveUp', subject: 'archive' } : { kind: done };
}

/**
 * The commit of an import given up, as the commit itself gives up after its last attempt: it stays
 * IMPORT_EN_COURS with `erreurTechnique`, and `POST /importer` sends it again (the commit is idempotent).
 */
async function giveUpCommit(stores: Stores, owner: ImportOwner): Promise<GiveUpOutcome> {
  const current = await stores.imports.get(owner.identifiant);
  if (!current || current.siret !== owner.siret || current.statut !== COMMIT_LEASE.running || current.erreurTechnique) return { kind: 'settled' };
  const recorded = await stores.imports.transition(owner.identifiant, COMMIT_LEASE.running, { set: { erreurTechnique: TECHNICAL_FAILURE.commit } });
  return recorded ? { kind: 'gaveUp', subject: 'import' } : { kind: 'settled' };
}
