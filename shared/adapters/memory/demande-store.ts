import type { DemandeRecord, DemandeStatus } from '../../domain/demande-record.js';
import type { DemandeFilters, DemandeStore } from '../../ports/demande-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import { newestFirst } from './newest-first.js';
import { snapshot } from './snapshot.js';

/** The requests in memory, with the conditions of the DynamoDB adapter. */
export class MemoryDemandeStore implements DemandeStore {
  readonly #items = new Map<string, DemandeRecord>();

  async createMany(records: readonly DemandeRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.#items.has(record.numeroDossier)) this.#items.set(record.numeroDossier, snapshot(record));
    }
  }

  async get(numeroDossier: string): Promise<DemandeRecord | undefined> {
    const item = this.#items.get(numeroDossier);
    return item && snapshot(item);
  }

  async getMany(numerosDossier: readonly string[]): Promise<DemandeRecord[]> {
    const found: DemandeRecord[] = [];
    for (const numero of new Set(numerosDossier)) {
      const item = this.#items.get(numero);
      if (item) found.push(snapshot(item));
    }
    return found.sort((a, b) => a.numLigne - b.numLigne);
  }

  async move(numeroDossier: string, from: DemandeStatus, to: DemandeStatus): Promise<boolean> {
    const item = this.#items.get(numeroDossier);
    if (!item || item.statut !== from) return false;
    item.statut = to;
    return true;
  }

  async list(siret: string, filters: DemandeFilters, limit: number, after?: PagePosition): Promise<Page<DemandeRecord>> {
    const page = newestFirst(this.#items.values(), (r) => r.numeroDossier, {
      siret,
      from: filters.from,
      to: filters.to,
      matches: (r) =>
        (!filters.numero || r.numeroDossier.startsWith(filters.numero)) &&
        (!filters.typeDemande || r.typeDemande === filters.typeDemande) &&
        (!filters.statut || r.statut === filters.statut) &&
        (!filters.statutPaiement || r.statutPaiement === filters.statutPaiement) &&
        (!filters.logiciel || r.logiciel === filters.logiciel),
      limit,
      after,
    });
    return { elements: page.elements.map(snapshot), next: page.next };
  }

  async listByImport(identifiantImport: number): Promise<DemandeRecord[]> {
    return [...this.#items.values()]
      .filter((r) => r.identifiantImport === identifiantImport)
      .sort((a, b) => a.numLigne - b.numLigne)
      .map(snapshot);
  }
}
