import type { LeaseRule } from '../domain/import-lifecycle.js';
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
  /** Told of each failure (logs). */
  onFailure?(record: T, attempt: number, error: unknown): void;
}

/**
 * Runs a job under a lease. Idempotent: a duplicate event waits for the holder, then finds the
 * work done. A failure gives the lease back and is rethrown (the platform retries the event) until
 * the rule's last attempt, which records the failure instead.
 */
export async function runLeasedJob<T>(rule: LeaseRule, job: LeasedJob<T>, runtime: Runtime): Promise<'done' | 'skipped'> {
  const worker = runtime.newWorkerId();
  let record: T | undefined;
  for (;;) {
    const now = runtime.now();
    record = await job.acquire(worker, now, new Date(now.getTime() + rule.durationMs));
    if (record) break;
    const next = await job.whenBusy();
    if (next === 'stop') return 'skipped';
    if (next === 'wait') await runtime.sleep(rule.pollMs);
  }
  try {
    await job.run(record, worker);
    return 'done';
  } catch (error) {
    const attempt = job.attempt(record);
    job.onFailure?.(record, attempt, error);
    if (attempt >= rule.maxAttempts) {
      await job.giveUp(record, worker, error);
      return 'done';
    }
    await job.release(record, worker, new Date(runtime.now().getTime() - 1));
    throw error;
  }
}
