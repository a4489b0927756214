import type { SequenceName, SequenceStore } from '../../ports/sequence-store.js';

/** Named sequences in memory: each starts at 1. */
export class MemorySequenceStore implements SequenceStore {
  readonly #values = new Map<SequenceName, number>();

  async next(name: SequenceName, count = 1): Promise<number> {
    const value = (this.#values.get(name) ?? 0) + count;
    this.#values.set(name, value);
    return value - count + 1;
  }
}
