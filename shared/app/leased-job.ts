import { attemptsExhausted, isLastAttempt, type LeaseRule } from '../domain/import-lifecycle.js';
import type { Runtime } from '../ports/stores.js';

/** The steps of a piece of work done under a lease (SPEC §6: nothing stays in progress). */
export interface LeasedJob<T> {
  /** Takes the lease (a conditional write): the record, or undefined when it is not free. */
  acquire(worker: string, now: Date, until: Date): Promise<T | undefined>;
  /**
   * After a failed acquire: `wait` while another worker holds a live lease, `retry` to try again
   * at once (the record moved to a state the lease is taken from), `stop` when there is nothing to do.
   */
  whenBusy(): Promise<'wait' | 'retry' | 'stop'>;
  /** This attempt's number, counted by acquire. */
  attempt(record: T): number;
  run(record: T, worker: string): Promise<void>;
  /** Gives the lease back, its deadline set to `at` (just past), so that the event's next delivery takes it at once. */
  release(record: T, worker: string, at: Date): Promise<void>;
  /** The last attempt failed: record it for good, in French. */
  giveUp(record: T, worker: string, error: unknown): Promise<void>;
}

/** Why an attempt counted past the maximum gives up without running: the earlier ones were killed. */
export class AttemptsExhaustedError extends Error {
  constructor(readonly attempt: number) {
    super(`attempt ${attempt}: every earlier attempt stopped without recording an outcome (killed or timed out)`);
    this.name = 'AttemptsExhaustedError';
  }
}

/** Why a job was given up from outside: its event's deliveries are exhausted (the failure handler). */
export class DeliveriesExhaustedError extends Error {
  constructor() {
    super('every delivery of the event failed: given up by the failure handler');
    this.name = 'DeliveriesExhaustedError';
  }
}

/**
 * Runs a job under a lease. Idempotent: a duplicate event waits for the holder, then finds the
 * work done. A failure gives the lease back and is rethrown (the platform retries the event) until
 * the rule's last attempt, which records the failure instead. An attempt that a kill or a timeout
 * stopped records nothing: the acquire that takes over its expired lease counts it, and past the
 * rule's last attempt records the failure for good instead of running once more.
 */
export async function runLeasedJob<T>(rule: LeaseRule, job: LeasedJob<T>, runtime: Runtime): Promise<'done' | 'skipped'> {
  const worker = runtime.newWorkerId();
  const record = await acquireOrStop(rule, job, runtime, worker, 'wait');
  if (record === 'stop' || record === 'held') return 'skipped';
  const counted = job.attempt(record);
  if (attemptsExhausted(rule, counted)) {
    const error = new AttemptsExhaustedError(counted);
    await job.giveUp(record, worker, error);
    return 'done';
  }
  try {
    await job.run(record, worker);
    return 'done';
  } catch (error) {
    const attempt = job.attempt(record);
    if (isLastAttempt(rule, attempt)) {
      await job.giveUp(record, worker, error);
      return 'done';
    }
    await job.release(record, worker, new Date(runtime.now().getTime() - 1));
    throw error;
  }
}

/**
 * Gives a job up for good without running it (its event's deliveries are exhausted): takes the
 * lease — free, or expired — and records the failure. `held` while another worker holds a live
 * lease (ask again later), `settled` when there is nothing left to give up (done, or unknown).
 */
export async function giveUpLeasedJob<T>(
  rule: LeaseRule,
  job: Pick<LeasedJob<T>, 'acquire' | 'whenBusy' | 'giveUp'>,
  runtime: Runtime,
): Promise<'gaveUp' | 'held' | 'settled'> {
  const worker = runtime.newWorkerId();
  const record = await acquireOrStop(rule, job, runtime, worker, 'return');
  if (record === 'stop') return 'settled';
  if (record === 'held') return 'held';
  await job.giveUp(record, worker, new DeliveriesExhaustedError());
  return 'gaveUp';
}

async function acquireOrStop<T>(
  rule: LeaseRule,
  job: Pick<LeasedJob<T>, 'acquire' | 'whenBusy'>,
  runtime: Runtime,
  worker: string,
  whileHeld: 'wait' | 'return',
): Promise<T | 'stop' | 'held'> {
  for (;;) {
    const now = runtime.now();
    const record = await job.acquire(worker, now, new Date(now.getTime() + rule.durationMs));
    if (record) return record;
    const next = await job.whenBusy();
    if (next === 'stop') return 'stop';
    if (next === 'wait') {
      if (whileHeld === 'return') return 'held';
      await runtime.sleep(rule.pollMs);
    }
  }
}
