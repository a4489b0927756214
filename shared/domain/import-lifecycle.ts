/**
 * The lifecycle of an import (SPEC §6) and of its archives (SPEC §7): the states, the moves
 * between them, what each action of the supplier does in each state, and the leases under which
 * the functions hold an import or an archive while they work. The only place that knows them:
 * use cases ask it, stores turn its answers into conditional writes.
 */
import type { DemandeStatus } from './demande-record.js';
import type { SimulationStatus } from './return-file.js';

export const IMPORT_STATUSES = [
  'EN_ATTENTE_FICHIER',
  'SIMULATION_EN_COURS',
  'FORMAT_INVALIDE',
  'SIMULATION_EN_ERREUR',
  'SIMULATION_VALIDE',
  'IMPORT_EN_COURS',
  'IMPORTE',
  'TERMINE',
  /** Not in SPEC §6's chain: the simulation failed three times for a technical reason; the supplier deposits again. */
  'ERREUR_TECHNIQUE',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Every move an import can make (SPEC §6). */
export const IMPORT_TRANSITIONS: Readonly<Record<ImportStatus, readonly ImportStatus[]>> = {
  EN_ATTENTE_FICHIER: ['SIMULATION_EN_COURS'],
  SIMULATION_EN_COURS: ['FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR', 'SIMULATION_VALIDE', 'ERREUR_TECHNIQUE'],
  FORMAT_INVALIDE: [],
  SIMULATION_EN_ERREUR: [],
  SIMULATION_VALIDE: ['IMPORT_EN_COURS'],
  // the file no longer passes the checks at import: back to the simulation's verdict (SPEC §4.4)
  IMPORT_EN_COURS: ['IMPORTE', 'FORMAT_INVALIDE', 'SIMULATION_EN_ERREUR'],
  IMPORTE: ['TERMINE'],
  TERMINE: [],
  ERREUR_TECHNIQUE: [],
};

export function canMove(from: ImportStatus, to: ImportStatus): boolean {
  return IMPORT_TRANSITIONS[from].includes(to);
}

/** A new import waits for its file. */
export const NEW_IMPORT_STATUS: ImportStatus = 'EN_ATTENTE_FICHIER';

/** States a supplier waits on: a function is at work. */
export const IMPORT_IN_PROGRESS: readonly ImportStatus[] = ['EN_ATTENTE_FICHIER', 'SIMULATION_EN_COURS', 'IMPORT_EN_COURS'];

/**
 * What the local stack takes up when it starts (SPEC §6: nothing stays in progress): imports and
 * archives a function may have been working on, or whose upload event may have been lost, when
 * the previous process stopped.
 */
export const TAKEN_UP_AT_START = {
  imports: IMPORT_IN_PROGRESS,
  archives: ['EN_ATTENTE', 'EN_COURS'],
} as const satisfies { imports: readonly ImportStatus[]; archives: readonly ArchiveStatus[] };

/** States where the simulation is over, whatever its verdict. */
export const SIMULATION_OVER: readonly ImportStatus[] = ['SIMULATION_VALIDE', 'SIMULATION_EN_ERREUR', 'FORMAT_INVALIDE', 'ERREUR_TECHNIQUE'];

const AFTER_SIMULATION: Record<SimulationStatus, ImportStatus> = {
  VALIDE: 'SIMULATION_VALIDE',
  EN_ERREUR: 'SIMULATION_EN_ERREUR',
  FORMAT_INVALIDE: 'FORMAT_INVALIDE',
};

/** The import's state once the return file says `statut`. */
export function statusAfterSimulation(statut: SimulationStatus): ImportStatus {
  return AFTER_SIMULATION[statut];
}

/**
 * At import, the file is judged again: the state it falls back to when it no longer passes
 * (rules or reference data changed since the simulation); undefined when its lines are imported.
 */
export function fallbackAtCommit(statut: SimulationStatus): ImportStatus | undefined {
  const after = statusAfterSimulation(statut);
  return after === ACTIONS.importer.from ? undefined : after;
}

/** What a supplier asks of an import through the API. */
export type ImportAction = 'importer' | 'joindre' | 'terminer';

/**
 * What an action does in a state: it proceeds (the state it needs), changes nothing (it was done
 * already, or is being done), or is refused with a French message naming the state.
 */
export type ImportDecision = { kind: 'proceed' } | { kind: 'unchanged' } | { kind: 'refused'; code: 'ETAT_INCOMPATIBLE'; message: string };

interface ActionRule {
  /** The one state the action works from. */
  from: ImportStatus;
  /** The state it moves the import to, when it moves it. */
  to?: ImportStatus;
  /** States where it is already done or under way: asked again, it answers without change. */
  done: readonly ImportStatus[];
  /** What the refusal says is needed, after « L'import N est à l'état S : ». */
  needs: string;
}

const ACTIONS: Record<ImportAction, ActionRule> = {
  importer: { from: 'SIMULATION_VALIDE', to: 'IMPORT_EN_COURS', done: ['IMPORT_EN_COURS', 'IMPORTE', 'TERMINE'], needs: 'seul un import SIMULATION_VALIDE peut être importé' },
  joindre: { from: 'IMPORTE', done: [], needs: 'les pièces justificatives ne sont reçues que pour un import IMPORTE' },
  terminer: { from: 'IMPORTE', to: 'TERMINE', done: ['TERMINE'], needs: 'seul un import IMPORTE peut être terminé' },
};

/** A hint for the supplier after a refusal, where one helps. */
const HINTS: Partial<Record<ImportStatus, string>> = {
  SIMULATION_EN_ERREUR: 'corrigez le fichier et déposez-le à nouveau',
  FORMAT_INVALIDE: 'corrigez le fichier et déposez-le à nouveau',
  ERREUR_TECHNIQUE: 'déposez le fichier à nouveau',
};

export function decide(action: ImportAction, record: { identifiant: number; statut: ImportStatus }): ImportDecision {
  const rule = ACTIONS[action];
  if (record.statut === rule.from) return { kind: 'proceed' };
  if (rule.done.includes(record.statut)) return { kind: 'unchanged' };
  const hint = action === 'importer' ? HINTS[record.statut] : undefined;
  return {
    kind: 'refused',
    code: 'ETAT_INCOMPATIBLE',
    message: `L'import ${record.identifiant} est à l'état ${record.statut} : ${rule.needs}${hint ? ` ; ${hint}` : ''}`,
  };
}

/** The move an action makes when it proceeds: a conditional write from `from` to `to`. */
export function moveOf(action: 'importer' | 'terminer'): { from: ImportStatus; to: ImportStatus } {
  const rule = ACTIONS[action];
  return { from: rule.from, to: rule.to! };
}

/** At Finish, each request of the import moves on to be instructed (SPEC §6). */
export const REQUEST_MOVE_AT_FINISH = { from: 'INCOMPLETE', to: 'EN_COURS' } as const satisfies { from: DemandeStatus; to: DemandeStatus };

/** Whether an import takes attachments archives now (SPEC §6: only IMPORTE). */
export function takesArchives(record: { identifiant: number; statut: ImportStatus } | undefined): boolean {
  return record !== undefined && decide('joindre', record).kind === 'proceed';
}

/** An archive's states (SPEC §8): waiting for its upload, being unpacked, done, refused as a whole. */
export const ARCHIVE_STATUSES = ['EN_ATTENTE', 'EN_COURS', 'TRAITEE', 'REFUSEE'] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

/** A new archive waits for its upload. */
export const NEW_ARCHIVE_STATUS: ArchiveStatus = 'EN_ATTENTE';

/** An archive's verdict once unpacked: its files judged one by one, or the archive refused as a whole. */
export const ARCHIVE_VERDICT = { judged: 'TRAITEE', refused: 'REFUSEE' } as const satisfies Record<string, ArchiveStatus>;

/**
 * Finish and archives never cross (SPEC §7): Finish is refused while an archive of the import is
 * being unpacked under a live lease (a lease past its deadline holds nothing: its retry will find
 * the import finished and refuse the archive). Read from the archives, this only answers sooner:
 * what decides is the write of Finish, conditional on the import holding no permit (ARCHIVE_PERMIT).
 */
export function archivesBlockFinish(
  archives: readonly { statut: ArchiveStatus; traitementJusqua?: string }[],
  now: Date,
): FinishBlocked | undefined {
  const running = archives.filter((a) => a.statut === ARCHIVE_LEASE.running && a.traitementJusqua !== undefined && permitHolds(a.traitementJusqua, now));
  return running.length === 0 ? undefined : finishBlocked(running.length);
}

/** Finish refused while archives are being unpacked (409 ARCHIVES_EN_COURS). */
export type FinishBlocked = { code: 'ARCHIVES_EN_COURS'; message: string };

/** Finish's refusal while `count` archives are being unpacked. */
export function finishBlocked(count: number): FinishBlocked {
  return {
    code: 'ARCHIVES_EN_COURS',
    message:
      count > 1
        ? `${count} archives de pièces justificatives sont en cours de traitement : attendez leur verdict avant de terminer`
        : 'Une archive de pièces justificatives est en cours de traitement : attendez son verdict avant de terminer',
  };
}

/**
 * Finish and archives never cross (SPEC §7), decided on the import item itself: before it stores
 * anything, an unpacking takes a permit there — a conditional write that holds only while the
 * import is in `takenIn` — and gives it back when it ends (verdict or failure). Finish moves the
 * import on only if it holds no permit, in the same conditional write. A permit lasts as long as
 * the archive's lease: past its deadline its holder has stopped (crashed, timed out), and Finish
 * removes it. The import keeps its permits as a set of strings, `<archive>|<deadline>|<worker>`.
 *
 * An unpacking records its verdict only before its deadline, by its own clock (ArchiveStore.
 * settleLease); Finish counts a permit as held until `clockMarginMs` past that deadline, by its
 * clock: two functions' clocks may differ by that much, and a verdict never lands after Finish.
 */
export const ARCHIVE_PERMIT = {
  /** The only state in which an unpacking may take a permit: the one that takes archives. */
  takenIn: ACTIONS.joindre.from,
  /** Finish's attempts to clear stale permits before it answers busy (each one write per stale permit). */
  finishAttempts: 3,
  clockMarginMs: 5_000,
} as const satisfies { takenIn: ImportStatus; finishAttempts: number; clockMarginMs: number };

/** Whether a permit (or the lease it lasts as long as) with this deadline still holds Finish at `now`. */
function permitHolds(until: string, now: Date): boolean {
  return Date.parse(until) + ARCHIVE_PERMIT.clockMarginMs > now.getTime();
}

export interface ArchivePermit {
  archive: number;
  /** ISO 8601 UTC: the archive's lease deadline. */
  until: string;
  worker: string;
}

/** A permit as the import keeps it. */
export function permitOf(permit: ArchivePermit): string {
  return `${permit.archive}|${permit.until}|${permit.worker}`;
}

/** A kept permit read back; undefined for a string that is not one. */
export function readPermit(kept: string): ArchivePermit | undefined {
  const m = /^([0-9]{1,12})\|([^|]+)\|(.+)$/.exec(kept);
  return m ? { archive: Number(m[1]), until: m[2]!, worker: m[3]! } : undefined;
}

/**
 * The permits an import holds at `now`: `live` ones (their holder may still be storing documents)
 * and `stale` ones (past their deadline, or unreadable), as kept, to be removed. `blocked` is
 * Finish's refusal while any is live.
 */
export function permitsAt(kept: readonly string[] | undefined, now: Date): { live: ArchivePermit[]; stale: string[]; blocked?: FinishBlocked } {
  const live: ArchivePermit[] = [];
  const stale: string[] = [];
  for (const k of kept ?? []) {
    const permit = readPermit(k);
    if (permit && permitHolds(permit.until, now)) live.push(permit);
    else stale.push(k);
  }
  const archives = new Set(live.map((p) => p.archive)).size;
  return { live, stale, ...(archives > 0 ? { blocked: finishBlocked(archives) } : {}) };
}

/** The kept permits of one archive (whoever holds them): what giving the archive up removes. */
export function permitsOfArchive(kept: readonly string[] | undefined, archive: number): string[] {
  return (kept ?? []).filter((k) => readPermit(k)?.archive === archive);
}

/** Why an archive whose import has moved on is refused (an archive sent after Finish, SPEC §7). */
export function archiveRefusedForState(statut: ImportStatus | undefined): { code: 'ETAT_INCOMPATIBLE'; message: string } {
  return {
    code: 'ETAT_INCOMPATIBLE',
    message: `L'import est à l'état ${statut ?? 'inconnu'} : il ne reçoit plus de pièces justificatives`,
  };
}

/**
 * After a failed attempt to take a lease, what the current state says: `wait` while another
 * worker holds it, `retry` at once when the work is free again, `stop` when it is done.
 */
export function leaseStep<S extends string>(rule: LeaseRule<S>, statut: S): 'wait' | 'retry' | 'stop' {
  if (statut === rule.running) return 'wait';
  return statut === rule.from ? 'retry' : 'stop';
}

/**
 * A lease: a function holds a piece of work in state `running` until a deadline longer than its
 * own time limit; taken from `from`, or from `running` once the holder's deadline is past (it
 * crashed or timed out). After `maxAttempts` failed attempts the failure is recorded for good —
 * whether the last one threw (its own catch records it) or was killed (a timeout, kill -9 records
 * nothing: the next acquire, counted past the maximum, records it instead of running again).
 */
export interface LeaseRule<S extends string = string> {
  from: S;
  running: S;
  /** The state recorded when the last attempt failed. */
  failed: S;
  durationMs: number;
  maxAttempts: number;
  /** How often a second copy of the event looks whether the holder is done. */
  pollMs: number;
}

/** Whether the attempt that failed was the last one: its failure is recorded for good. */
export function isLastAttempt(rule: Pick<LeaseRule, 'maxAttempts'>, attempt: number): boolean {
  return attempt >= rule.maxAttempts;
}

/**
 * Whether an attempt just counted by an acquire comes after the last one: the earlier attempts
 * were killed without recording anything, and this one records the failure instead of running.
 */
export function attemptsExhausted(rule: Pick<LeaseRule, 'maxAttempts'>, attempt: number): boolean {
  return attempt > rule.maxAttempts;
}

/** The simulate function's time limit is 30 s (infra). */
export const SIMULATION_LEASE: LeaseRule<ImportStatus> = {
  from: 'EN_ATTENTE_FICHIER',
  running: 'SIMULATION_EN_COURS',
  failed: 'ERREUR_TECHNIQUE',
  durationMs: 45_000,
  maxAttempts: 3,
  pollMs: 50,
};

/** The unzip function's time limit is 2 min (infra). */
export const ARCHIVE_LEASE: LeaseRule<ArchiveStatus> = {
  from: 'EN_ATTENTE',
  running: 'EN_COURS',
  failed: 'REFUSEE',
  durationMs: 150_000,
  maxAttempts: 3,
  pollMs: 100,
};

/**
 * The commit function's time limit is 2 min (infra). An import still IMPORT_EN_COURS past its
 * lease has stopped (crashed, timed out or failed for good): `POST /importer` sends it again,
 * which is harmless (the commit is idempotent).
 */
export const COMMIT_LEASE = {
  /** The state the commit works in (set by `POST /importer`), and the one it ends in. */
  running: 'IMPORT_EN_COURS',
  done: 'IMPORTE',
  durationMs: 150_000,
  maxAttempts: 3,
} as const satisfies { running: ImportStatus; done: ImportStatus; durationMs: number; maxAttempts: number };

/** Whether the import is in the commit's state (whether or not a commit is at work on it now). */
export function isBeingImported(statut: ImportStatus | undefined): boolean {
  return statut === COMMIT_LEASE.running;
}

/** What tells whether a commit is at work: `debutImport` is when `POST /importer` or the commit's last attempt started. */
export interface CommitProgress {
  statut: ImportStatus;
  debutImport?: string;
  erreurTechnique?: string;
}

/**
 * Whether the import's commit is at work now: it is IMPORT_EN_COURS, has not failed for good, and
 * its last start is less than a lease old (the commit function's time limit plus a margin). Only
 * then do the uniqueness keys it holds stand in another import's way (SPEC §6): a commit killed
 * mid-way blocks an establishment for one lease, not for good.
 */
export function commitIsLive(record: CommitProgress, now: Date): boolean {
  if (record.statut !== COMMIT_LEASE.running || record.erreurTechnique || record.debutImport === undefined) return false;
  return now.getTime() - Date.parse(record.debutImport) <= COMMIT_LEASE.durationMs;
}

/** Whether an import in IMPORT_EN_COURS has stopped (its file never copied, failed for good, or past its lease) and should be sent to the commit again. */
export function commitHasStopped(record: CommitProgress, copied: boolean, now: Date): boolean {
  return !copied || !commitIsLive(record, now);
}

/** The French messages recorded when a function gave up (SPEC §6: nothing stays in progress). */
export const TECHNICAL_FAILURE = {
  simulation: 'Une erreur technique a empêché la simulation de ce fichier. Déposez-le à nouveau ; si le problème persiste, contactez le support.',
  commit: "Une erreur technique a interrompu l'import. Relancez-le (POST /imports/{id}/importer) ; aucune demande ne sera créée deux fois.",
  archive: "Une erreur technique a empêché le traitement de l'archive ; envoyez-la à nouveau.",
} as const;
