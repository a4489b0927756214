import type { Unicite, UniciteHolder, UniciteStore } from '../../ports/unicite-store.js';
import { snapshot } from './snapshot.js';

/** The uniqueness keys in memory, with the conditions of the DynamoDB adapter. */
export class MemoryUniciteStore implements UniciteStore {
  readonly #items = new Map<string, Unicite>();

  async putIfAbsent(wanted: Unicite): Promise<boolean> {
    if (this.#items.has(wanted.cle)) return false;
    this.#items.set(wanted.cle, snapshot(wanted));
    return true;
  }

  async replaceIf(wanted: Unicite, previousDossier: string): Promise<boolean> {
    if (this.#items.get(wanted.cle)?.numeroDossier !== previousDossier) return false;
    this.#items.set(wanted.cle, snapshot(wanted));
    return true;
  }

  async get(cle: string): Promise<Unicite | undefined> {
    const item = this.#items.get(cle);
    return item && snapshot(item);
  }

  async getMany(cles: readonly string[]): Promise<Map<string, Unicite>> {
    const found = new Map<string, Unicite>();
    for (const cle of cles) {
      const item = this.#items.get(cle);
      if (item) found.set(cle, snapshot(item));
    }
    return found;
  }

  async deleteIfHeld(cle: string, holder: UniciteHolder): Promise<void> {
    const item = this.#items.get(cle);
    if (item && item.identifiantImport === holder.identifiantImport && item.numLigne === holder.numLigne) this.#items.delete(cle);
  }
}
