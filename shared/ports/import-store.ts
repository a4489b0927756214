import type { ImportStatus, LeaseRule } from '../domain/import-lifecycle.js';
import type { ImportRecord } from '../domain/import-record.js';
import type { TypeDemande } from '../domain/settings.js';
import type { Page, PagePosition } from './page.js';

/** What a move of an import writes besides its state: fields set, counters added, fields removed. */
export interface ImportChange {
  set?: Partial<ImportRecord>;
  add?: Partial<Record<'tentativesImport' | 'tentativesSimulation', number>>;
  remove?: (keyof ImportRecord)[];
}

export interface ImportFilters {
  numeroAns?: string;
  typeDemande?: TypeDemande;
  /** UTC instants, inclusive start and exclusive end. */
  from?: Date;
  to?: Date;
}

/** The imports (table `Imports`). Every write that depends on a state is conditional on it. */
export interface ImportStore {
  /** Creates the import; fails if its identifiant exists. */
  create(record: ImportRecord): Promise<void>;
  /** Strongly consistent. */
  get(identifiant: number): Promise<ImportRecord | undefined>;
  /** Applies `change` if the import is in state `from`; the new record, or undefined when it was not (someone moved it). */
  transition(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined>;
  /**
   * Takes the lease of `rule` for `worker` until `until`: from `rule.from`, or from `rule.running`
   * once the holder's deadline is before `now`; only if the import is this supplier's. Sets the
   * state to `rule.running`, counts the attempt (`tentativesSimulation`). The record, or undefined.
   */
  acquireLease(identifiant: number, siret: string, rule: LeaseRule<ImportStatus>, worker: string, now: Date, until: Date): Promise<ImportRecord | undefined>;
  /**
   * If `worker` still holds the lease (state `rule.running`): writes `fields` and, unless `keepLease`,
   * drops the lease. False when it no longer holds it (another attempt took over).
   */
  settleLease(identifiant: number, rule: LeaseRule<ImportStatus>, worker: string, fields: Partial<ImportRecord>, keepLease?: boolean): Promise<boolean>;
  /** A supplier's imports, newest first. */
  list(siret: string, filters: ImportFilters, limit: number, after?: PagePosition): Promise<Page<ImportRecord>>;

  /**
   * Adds `permit` to the import's archive permits (`archivesEnCours`) if it is in state `state`;
   * false when it is not (or is missing). One conditional write (SPEC §7).
   */
  takePermit(identifiant: number, state: ImportStatus, permit: string): Promise<boolean>;
  /** Removes `permit` (exactly as kept) if the import holds it; false when it does not. An import left with none holds no attribute. */
  dropPermit(identifiant: number, permit: string): Promise<boolean>;
  /** As `transition`, and only if the import holds no archive permit: one conditional write (Finish). */
  transitionWithoutPermits(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined>;
  /**
   * Every import in one of `statuts`, in no order. A full scan of the table (DynamoDB `Scan`): for
   * the local stack when it starts and for operators, never on a supplier's request path (no
   * function of the AWS stack is granted it).
   */
  listByStatus(statuts: readonly ImportStatus[]): Promise<ImportRecord[]>;
}
