import type { ImportStatus, LeaseRule } from '../../domain/import-lifecycle.js';
import type { ImportRecord } from '../../domain/import-record.js';
import type { ImportChange, ImportFilters, ImportStore } from '../../ports/import-store.js';
import type { Page, PagePosition } from '../../ports/page.js';
import { newestFirst } from './newest-first.js';
import { ConditionFailedError } from './condition-failed-error.js';
import { snapshot, updated } from './snapshot.js';

/** The imports in memory, with the conditions of the DynamoDB adapter. */
export class MemoryImportStore implements ImportStore {
  readonly #items = new Map<number, ImportRecord>();

  async create(record: ImportRecord): Promise<void> {
    if (this.#items.has(record.identifiant)) throw new ConditionFailedError(`import ${record.identifiant} already exists`);
    const item = snapshot(record);
    if (item.archivesEnCours?.length === 0) delete item.archivesEnCours;
    this.#items.set(record.identifiant, item);
  }

  async get(identifiant: number): Promise<ImportRecord | undefined> {
    const item = this.#items.get(identifiant);
    return item && snapshot(item);
  }

  async transition(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined> {
    const item = this.#items.get(identifiant);
    if (!item || item.statut !== from) return undefined;
    const next = updated(item, change.set) as ImportRecord & Record<string, unknown>;
    for (const [key, amount] of Object.entries(change.add ?? {})) {
      if (amount !== undefined) next[key] = (Number(next[key] ?? 0) + amount) as never;
    }
    for (const key of change.remove ?? []) delete next[key];
    this.#items.set(identifiant, next);
    return snapshot(next);
  }

  async acquireLease(identifiant: number, siret: string, rule: LeaseRule<ImportStatus>, worker: string, now: Date, until: Date): Promise<ImportRecord | undefined> {
    const item = this.#items.get(identifiant);
    if (!item || item.siret !== siret) return undefined;
    const expired = item.statut === rule.running && item.traitementJusqua !== undefined && item.traitementJusqua < now.toISOString();
    if (item.statut !== rule.from && !expired) return undefined;
    const next: ImportRecord = {
      ...item,
      statut: rule.running,
      traitementPar: worker,
      traitementJusqua: until.toISOString(),
      tentativesSimulation: (item.tentativesSimulation ?? 0) + 1,
    };
    this.#items.set(identifiant, next);
    return snapshot(next);
  }

  async settleLease(identifiant: number, rule: LeaseRule<ImportStatus>, worker: string, fields: Partial<ImportRecord>, keepLease = false): Promise<boolean> {
    const item = this.#items.get(identifiant);
    if (!item || item.statut !== rule.running || item.traitementPar !== worker) return false;
    const next = updated(item, fields);
    if (!keepLease) {
      delete next.traitementPar;
      delete next.traitementJusqua;
    }
    this.#items.set(identifiant, next);
    return true;
  }

  async transitionWithoutPermits(identifiant: number, from: ImportStatus, change: ImportChange): Promise<ImportRecord | undefined> {
    if ((this.#items.get(identifiant)?.archivesEnCours?.length ?? 0) > 0) return undefined;
    return this.transition(identifiant, from, change);
  }

  async takePermit(identifiant: number, state: ImportStatus, permit: string): Promise<boolean> {
    const item = this.#items.get(identifiant);
    if (!item || item.statut !== state) return false;
    const next = snapshot(item);
    // a set, as DynamoDB keeps it: each permit once, in no particular order (sorted when read)
    next.archivesEnCours = [...new Set([...(item.archivesEnCours ?? []), permit])].sort();
    this.#items.set(identifiant, next);
    return true;
  }

  async dropPermit(identifiant: number, permit: string): Promise<boolean> {
    const item = this.#items.get(identifiant);
    if (!item?.archivesEnCours?.includes(permit)) return false;
    const next = snapshot(item);
    const left = item.archivesEnCours.filter((p) => p !== permit);
    // an emptied set is no attribute at all
    if (left.length > 0) next.archivesEnCours = left;
    else delete next.archivesEnCours;
    this.#items.set(identifiant, next);
    return true;
  }

  async listByStatus(statuts: readonly ImportStatus[]): Promise<ImportRecord[]> {
    return [...this.#items.values()].filter((r) => statuts.includes(r.statut)).map(snapshot);
  }

  async list(siret: string, filters: ImportFilters, limit: number, after?: PagePosition): Promise<Page<ImportRecord>> {
    const page = newestFirst(this.#items.values(), (r) => r.identifiant, {
      siret,
      from: filters.from,
      to: filters.to,
      matches: (r) => (!filters.numeroAns || r.numeroAns === filters.numeroAns) && (!filters.typeDemande || r.typeDemande === filters.typeDemande),
      limit,
      after,
    });
    return { elements: page.elements.map(snapshot), next: page.next };
  }
}
