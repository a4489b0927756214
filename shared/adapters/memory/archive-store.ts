import type { ArchiveRecord } from '../../domain/archive-record.js';
import type { ArchiveStatus, LeaseRule } from '../../domain/import-lifecycle.js';
import type { ArchiveStore, ArchiveVerdictFields } from '../../ports/archive-store.js';
import { ConditionFailedError } from './condition-failed-error.js';
import { snapshot } from './snapshot.js';

/** The attachments archives in memory, with the conditions of the DynamoDB adapter. */
export class MemoryArchiveStore implements ArchiveStore {
  /** By `<identifiantImport>/<identifiant>`. */
  readonly #items = new Map<string, ArchiveRecord>();

  async create(record: ArchiveRecord): Promise<void> {
    const key = keyOf(record.identifiantImport, record.identifiant);
    if (this.#items.has(key)) throw new ConditionFailedError(`archive ${key} already exists`);
    this.#items.set(key, snapshot(record));
  }

  async get(identifiantImport: number, identifiant: number): Promise<ArchiveRecord | undefined> {
    const item = this.#items.get(keyOf(identifiantImport, identifiant));
    return item && snapshot(item);
  }

  async listOfImport(identifiantImport: number): Promise<ArchiveRecord[]> {
    return [...this.#items.values()]
      .filter((a) => a.identifiantImport === identifiantImport)
      .sort((a, b) => b.identifiant - a.identifiant)
      .map(snapshot);
  }

  async acquireLease(identifiantImport: number, identifiant: number, siret: string, rule: LeaseRule<ArchiveStatus>, worker: string, now: Date, until: Date): Promise<ArchiveRecord | undefined> {
    const key = keyOf(identifiantImport, identifiant);
    const item = this.#items.get(key);
    if (!item || item.siret !== siret) return undefined;
    const expired = item.statut === rule.running && item.traitementJusqua !== undefined && item.traitementJusqua < now.toISOString();
    if (item.statut !== rule.from && !expired) return undefined;
    const next: ArchiveRecord = { ...item, statut: rule.running, traitementPar: worker, traitementJusqua: until.toISOString(), tentatives: (item.tentatives ?? 0) + 1 };
    this.#items.set(key, next);
    return snapshot(next);
  }

  async settleLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, verdict: ArchiveVerdictFields, now: Date): Promise<boolean> {
    const key = keyOf(identifiantImport, identifiant);
    const item = this.#items.get(key);
    if (!isHeld(item, rule, worker) || !(item.traitementJusqua! > now.toISOString())) return false;
    const { traitementPar: _worker, traitementJusqua: _until, ...rest } = item;
    // as in DynamoDB, where an absent code or message is written as null
    this.#items.set(key, { ...rest, statut: verdict.statut, fichiers: snapshot(verdict.fichiers), code: verdict.code ?? null, message: verdict.message ?? null } as unknown as ArchiveRecord);
    return true;
  }

  async listByStatus(statuts: readonly ArchiveStatus[]): Promise<ArchiveRecord[]> {
    return [...this.#items.values()].filter((a) => statuts.includes(a.statut)).map(snapshot);
  }

  async releaseLease(identifiantImport: number, identifiant: number, rule: LeaseRule<ArchiveStatus>, worker: string, at: Date): Promise<boolean> {
    const item = this.#items.get(keyOf(identifiantImport, identifiant));
    if (!isHeld(item, rule, worker)) return false;
    item.traitementJusqua = at.toISOString();
    return true;
  }
}

function keyOf(identifiantImport: number, identifiant: number): string {
  return `${identifiantImport}/${identifiant}`;
}

function isHeld(item: ArchiveRecord | undefined, rule: LeaseRule<ArchiveStatus>, worker: string): item is ArchiveRecord {
  return item !== undefined && item.statut === rule.running && item.traitementPar === worker;
}
