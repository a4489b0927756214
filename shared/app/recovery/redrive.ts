import type { FailedEventMessage, FailureQueue } from '../../ports/failure-queue.js';
import type { Runtime, Stores } from '../../ports/stores.js';
import { unpackUploadedArchive } from '../attachments/unpack-uploaded-archive.js';
import { commitImport } from '../import/commit-import.js';
import { readArchiveKey, readImportKey, readUploadKey } from '../object-keys.js';
import { simulateUpload } from '../simulation/simulate-upload.js';
import { eventObjects, type UploadedObject } from '../uploads.js';
import { giveUpFailedEvent } from './give-up.js';

/** What replaying one failed event did. */
export type ReplayOutcome =
  /** The work ran to its end now: done again, or given up by the lease rules (its attempts were spent). */
  | { kind: 'replayed'; subject: Subject; outcome: string }
  /** Nothing was left to do: the work had reached a final state (done, or given up by the failure handler). */
  | { kind: 'alreadyFinal'; subject: Subject; outcome: string }
  /** Not an object of the service: there is no work to end. */
  | { kind: 'ignored'; reason: string };

type Subject = 'simulation' | 'import' | 'archive';

/**
 * Replays a failed event after a fix: the object goes again to the use case of the function the
 * event was for — the same code, the same lease rules. Why not give it up at once (as the failure
 * handler does): the three deliveries may have failed before any attempt was counted (a missing
 * permission, a table throttled, a bug before the lease: the fix makes the work succeed, and the
 * supplier need not deposit again); and when the attempts were spent, the lease rules give the
 * work up by themselves (past the last attempt, an acquire records the failure without running).
 * Either way the work ends. Idempotent: work already final is left as it is (`alreadyFinal`), a
 * live lease is waited for, as a duplicate delivery would. A failure is thrown: the message stays.
 */
export async function replayFailedEvent(stores: Stores, runtime: Runtime, object: UploadedObject): Promise<ReplayOutcome> {
  if (readUploadKey(object.key)) {
    const { kind } = await simulateUpload(stores, runtime, object);
    return ended('simulation', kind, ['simulated', 'gaveUp']);
  }
  if (readImportKey(object.key)) {
    // `ignored` here: the import is no longer being imported (imported, or fallen back) — final
    const { kind } = await commitImport(stores, runtime, object.key);
    return ended('import', kind, ['imported', 'fellBack', 'gaveUp']);
  }
  if (readArchiveKey(object.key)) {
    const { kind } = await unpackUploadedArchive(stores, runtime, object);
    return ended('archive', kind, ['judged', 'gaveUp']);
  }
  return { kind: 'ignored', reason: "n'est pas un objet déposé au service" };
}

/**
 * A failed event known by its key alone (the local stack's failure log): the object's size is read
 * from the uploads bucket, as the event would have told it. An object that is gone cannot be
 * worked on: its work is given up, as the local stack does at its start (SPEC §6).
 */
export async function replayLoggedEvent(stores: Stores, runtime: Runtime, key: string): Promise<ReplayOutcome> {
  const size = await stores.objects.size('televersements', key);
  if (size !== undefined) return replayFailedEvent(stores, runtime, { key, size });
  const outcome = await giveUpFailedEvent(stores, runtime, key);
  if (outcome.kind === 'ignored') return { kind: 'ignored', reason: "n'est pas un objet déposé au service" };
  if (outcome.kind === 'held') throw new Error(`un bail est en cours sur ${key} : à rejouer quand il aura expiré`);
  const subject = outcome.kind === 'gaveUp' ? outcome.subject : readUploadKey(key) ? 'simulation' : readImportKey(key) ? 'import' : 'archive';
  return { kind: outcome.kind === 'gaveUp' ? 'replayed' : 'alreadyFinal', subject, outcome: outcome.kind };
}

function ended(subject: Subject, outcome: string, doneNow: string[]): ReplayOutcome {
  return { kind: doneNow.includes(outcome) ? 'replayed' : 'alreadyFinal', subject, outcome };
}


export interface RedriveSummary {
  /** Messages whose work ran to its end now (done again, or given up). */
  replayed: number;
  /** Messages whose work had already ended: nothing done. */
  alreadyFinal: number;
  /** Messages kept in the queue, each with why (in French). */
  failed: { id: string; reason: string }[];
}

/**
 * Replays the messages of a failure queue (`segur redrive`), one at a time, until the queue has
 * no more to give or `max` messages were handled: a message is deleted only once every object of
 * its event was replayed to its end (or found already final); otherwise it is kept, for a later
 * run. Run again, it finds nothing left, or replays what it finds to the same final states.
 */
export async function redriveQueue(
  queue: FailureQueue,
  replay: (object: UploadedObject) => Promise<ReplayOutcome>,
  max = Infinity,
): Promise<RedriveSummary> {
  const summary: RedriveSummary = { replayed: 0, alreadyFinal: 0, failed: [] };
  let handled = 0;
  while (handled < max) {
    const page = await queue.receive(Math.min(10, max - handled));
    if (page.length === 0) break;
    for (const message of page) {
      handled++;
      const verdict = await replayMessage(message, replay);
      if (verdict.kind === 'failed') {
        summary.failed.push({ id: message.id, reason: verdict.reason });
        await queue.keep(message);
      } else {
        await queue.remove(message);
        if (verdict.kind === 'replayed') summary.replayed++;
        else summary.alreadyFinal++;
      }
    }
  }
  return summary;
}

async function replayMessage(
  message: FailedEventMessage,
  replay: (object: UploadedObject) => Promise<ReplayOutcome>,
): Promise<{ kind: 'replayed' | 'alreadyFinal' } | { kind: 'failed'; reason: string }> {
  const objects = eventObjects(message.body);
  if (objects.length === 0) return { kind: 'failed', reason: "le message n'est pas un événement S3 : laissé dans la file" };
  let replayed = false;
  for (const object of objects) {
    let outcome: ReplayOutcome;
    try {
      outcome = await replay(object);
    } catch (error) {
      return { kind: 'failed', reason: `${object.key} : ${(error as Error)?.name ?? 'Error'} ${(error as Error)?.message ?? String(error)}`.trim() };
    }
    if (outcome.kind === 'ignored') return { kind: 'failed', reason: `${object.key} ${outcome.reason} : laissé dans la file` };
    if (outcome.kind === 'replayed') replayed = true;
  }
  return { kind: replayed ? 'replayed' : 'alreadyFinal' };
}
