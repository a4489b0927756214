import type { ArchiveRecord } from '../domain/archive-record.js';
import type { ArchiveStatus, LeaseRule } from '../domain/import-lifecycle.js';

/** An archive's verdict, written when its unpacking ends. */
export type ArchiveVerdictFields = Pick<ArchiveRecord, 'statut' | 'fichiers' | 'code' | 'message'>;

/** The attachments archives (table `Archives`, key (identifiantImport, identifiant)). */
export interface ArchiveStore {
  create(record: ArchiveRecord): Promise<void>;
  get(identifiantImport: number, identifiant: number): Promise<ArchiveRecord | undefined>;
  /** An import's archives, newest first, as last written (strongly consistent). */
  listOfImport(identifiantImport: number): Promise<ArchiveRecord[]>;
  /** As ImportStore.acquireLease, counting `tentatives`. */
  acquireLease(identifiantImport: number, identifiant: number, siret: string, rule: LeaseRule<ArchiveStatus>, worker: string, now: Date, until: Date): Promise<ArchiveRecord | undefined>;
  /**
   * Records the verdict if `worker` still holds the lease and its deadline is after `now`; false
   * otherwise. This write commits the archive: the documents of a TRAITEE archive are received.
   */
  settleLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, verdict: ArchiveVerdictFields, now: Date): Promise<boolean>;
  /** Gives the lease back for a retry (its deadline set to `at`), if `worker` still holds it. */
  releaseLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, at: Date): Promise<boolean>;
  /** Every archive in one of `statuts`, in no order: a full scan, as ImportStore.listByStatus (local stack, operators). */
  listByStatus(statuts: readonly ArchiveStatus[]): Promise<ArchiveRecord[]>;
}
