/**
 * The local stack's failure log (`<dataDir>/echecs-traitements.log`) read as a failure queue, for
 * `segur redrive --local`. The stack appends an entry when an event's three deliveries failed, and
 * another when its give-up could not be done (a live lease, an error): a line
 * `<date ISO> <fonction> <clé encodée> <erreur>`, the error's stack on the lines below it.
 */
import { appendFileSync, existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FailedEventMessage, FailureQueue } from '../shared/ports/failure-queue.js';

export const FAILURE_LOG = 'echecs-traitements.log';
/** Where replayed entries are noted, one line each: the log's history. */
export const REPLAYED_LOG = 'echecs-traitements.rejoues.log';
/** A log taken by a redrive: renamed at once, so that the stack's new entries go to a new log. */
const TAKEN = /^echecs-traitements\.\d+-\d+\.a-rejouer\.log$/;
const ENTRY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (\S+) (\S+)/;

export interface FailureLogEntry {
  /** The function (or the failure handler) that logged it. */
  functionId: string;
  /** The object's key as the event had it (URL-encoded). */
  key: string;
  /** The entry as logged, its stack included. */
  text: string;
}

/** The entries of a failure log; lines before the first entry (none, normally) are left out. */
export function readFailureLog(text: string): FailureLogEntry[] {
  const entries: FailureLogEntry[] = [];
  for (const line of text.split('\n')) {
    const match = ENTRY.exec(line);
    if (match) entries.push({ functionId: match[2]!, key: match[3]!, text: line });
    else if (entries.length > 0 && line !== '') entries.at(-1)!.text += `\n${line}`;
  }
  return entries;
}

/**
 * One message per object the log names (an event's failure and its give-up's are one work). The
 * log is renamed when the queue opens; on `close`, the entries of the messages kept (or not
 * received) go back to the log, the replayed ones are noted in REPLAYED_LOG, and the taken files
 * are removed. A redrive stopped midway leaves its taken file: the next one reads it too. An
 * entry replayed twice (that case, or two redrives at once) is harmless: the work is final after
 * the first, and the second finds it so.
 */
export class FailureLogQueue implements FailureQueue {
  private readonly pending: FailedEventMessage[];
  private readonly kept = new Set<string>();

  private constructor(
    private readonly dataDir: string,
    private readonly taken: string[],
    private readonly entries: Map<string, FailureLogEntry[]>,
  ) {
    this.pending = [...entries.keys()].map((key) => ({ id: key, body: JSON.stringify({ Records: [{ s3: { object: { key } } }] }) }));
  }

  static open(dataDir: string, now = new Date()): FailureLogQueue {
    const log = join(dataDir, FAILURE_LOG);
    if (existsSync(log)) renameSync(log, join(dataDir, `echecs-traitements.${now.getTime()}-${process.pid}.a-rejouer.log`));
    const taken = readdirSync(dataDir).filter((name) => TAKEN.test(name)).sort().map((name) => join(dataDir, name));
    const entries = new Map<string, FailureLogEntry[]>();
    for (const file of taken) {
      for (const entry of readFailureLog(readFileSync(file, 'utf8'))) entries.set(entry.key, [...(entries.get(entry.key) ?? []), entry]);
    }
    return new FailureLogQueue(dataDir, taken, entries);
  }

  /** How many messages are left to receive. */
  get waiting(): number {
    return this.pending.length;
  }

  async receive(max: number): Promise<FailedEventMessage[]> {
    return this.pending.splice(0, max);
  }

  async remove(message: FailedEventMessage): Promise<void> {
    appendFileSync(join(this.dataDir, REPLAYED_LOG), `${new Date().toISOString()} rejoué ${message.id}\n`);
  }

  async keep(message: FailedEventMessage): Promise<void> {
    this.kept.add(message.id);
  }

  /** Puts back the entries kept or not received, then removes the taken files. */
  close(): void {
    const back = [...this.kept, ...this.pending.map((m) => m.id)].flatMap((key) => this.entries.get(key) ?? []);
    if (back.length > 0) appendFileSync(join(this.dataDir, FAILURE_LOG), back.map((e) => `${e.text}\n`).join(''));
    for (const file of this.taken) rmSync(file, { force: true });
  }
}
