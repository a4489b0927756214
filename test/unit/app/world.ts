/**
 * Use-case tests: the use cases over the in-memory adapters and a fake runtime (a clock that
 * moves only when told or when a worker sleeps, numbered workers): milliseconds each.
 */
import { createMemoryStores } from '../../../shared/adapters/memory/stores.js';
import { createArchiveUpload } from '../../../shared/app/attachments/create-archive.js';
import { unpackUploadedArchive } from '../../../shared/app/attachments/unpack-uploaded-archive.js';
import { commitImport } from '../../../shared/app/import/commit-import.js';
import { createImport } from '../../../shared/app/import/create-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { listAttachments } from '../../../shared/app/attachments/list-attachments.js';
import { archiveDocumentsFolder, archiveKey, attachmentKey, importKey, uploadKey } from '../../../shared/app/object-keys.js';
import { simulateUpload } from '../../../shared/app/simulation/simulate-upload.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { DEMO_REFERENTIEL, readReferentielFile, type Fournisseur } from '../../../shared/domain/referentiel.js';
import type { TypeDemande } from '../../../shared/domain/settings.js';
import type { Runtime, Stores } from '../../../shared/ports/stores.js';
import { DPI_ANS, DPI_SIRET, bytesOf, validLine } from '../../fixtures/deposit-files.js';

export interface FakeRuntime extends Runtime {
  /** Moves the clock forward. */
  advance(ms: number): void;
  /** Sets the clock. */
  set(iso: string): void;
  /** Called on each sleep, after the clock moved by its length. */
  onSleep?: () => Promise<void> | void;
  sleeps: number;
}

export const START = '2026-11-26T08:00:00.000Z';

export function fakeRuntime(start = START): FakeRuntime {
  let now = Date.parse(start);
  let workers = 0;
  const runtime: FakeRuntime = {
    now: () => new Date(now),
    newWorkerId: () => `worker-${++workers}`,
    async sleep(ms) {
      // a turn of the event loop, so that the holder's I/O goes on while the clock moves
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
      runtime.sleeps++;
      await runtime.onSleep?.();
    },
    advance(ms) {
      now += ms;
    },
    set(iso) {
      now = Date.parse(iso);
    },
    sleeps: 0,
  };
  return runtime;
}

export interface World {
  stores: Stores;
  runtime: FakeRuntime;
}

/** Empty stores with the demo reference data (SPEC §2), and a fake runtime. */
export async function world(extraSuppliers: Fournisseur[] = []): Promise<World> {
  const stores = createMemoryStores();
  const demo = readReferentielFile(JSON.stringify(DEMO_REFERENTIEL));
  if (!demo.ok) throw new Error(demo.reasons.join('; '));
  await stores.referentiel.upsertFournisseurs([...demo.fournisseurs, ...extraSuppliers]);
  return { stores, runtime: fakeRuntime() };
}

export interface Deposit {
  siret?: string;
  numeroAns?: string;
  typeDemande?: TypeDemande;
}

/** POST /imports, as a supplier: the new import (EN_ATTENTE_FICHIER). */
export async function created(w: World, deposit: Deposit = {}): Promise<ImportRecord> {
  const siret = deposit.siret ?? DPI_SIRET;
  const outcome = await createImport(w.stores, w.runtime, siret, {
    numeroAns: deposit.numeroAns ?? DPI_ANS,
    typeDemande: deposit.typeDemande ?? 'AVANCE',
    tauxTva: 20,
    nomFichier: 'depot.json',
  });
  if (outcome.kind !== 'created') throw new Error(outcome.message);
  return outcome.record;
}

/** The file uploaded for an import, as the browser's form does: the object its event names. */
export async function uploaded(w: World, record: ImportRecord, file: unknown): Promise<{ key: string; size: number }> {
  const bytes = Buffer.isBuffer(file) ? file : bytesOf(file);
  const key = uploadKey(record.siret, record.identifiant);
  await w.stores.objects.write('televersements', key, bytes, 'application/json');
  return { key, size: bytes.length };
}

/** Created, uploaded and simulated: the import as recorded. */
export async function simulated(w: World, file: unknown, deposit: Deposit = {}): Promise<ImportRecord> {
  const record = await created(w, deposit);
  await simulateUpload(w.stores, w.runtime, await uploaded(w, record, file));
  return (await w.stores.imports.get(record.identifiant))!;
}

/** The key of the copy that `POST /importer` makes, whose event runs the commit. */
export function commitKey(record: ImportRecord): string {
  return importKey(record.siret, record.identifiant);
}

/** Simulated, started and committed: the import as recorded. */
export async function imported(w: World, file: unknown, deposit: Deposit = {}): Promise<ImportRecord> {
  const record = await simulated(w, file, deposit);
  const start = await startImport(w.stores, w.runtime, record);
  if (start.kind !== 'started') throw new Error(`not started: ${start.kind}`);
  await commitImport(w.stores, w.runtime, commitKey(record));
  return (await w.stores.imports.get(record.identifiant))!;
}

/** An archive created for the import and uploaded: the object its event names. */
export async function archiveUploaded(w: World, record: ImportRecord, zip: Buffer): Promise<{ key: string; size: number; identifiant: number }> {
  const outcome = await createArchiveUpload(w.stores, w.runtime, record, 'pieces.zip');
  if (outcome.kind !== 'created') throw new Error(outcome.message);
  const key = archiveKey(record.siret, record.identifiant, outcome.archive.identifiant);
  await w.stores.objects.write('televersements', key, zip, 'application/zip');
  return { key, size: zip.length, identifiant: outcome.archive.identifiant };
}

/** An archive created, uploaded and unpacked: its record. */
export async function archiveSent(w: World, record: ImportRecord, zip: Buffer) {
  const object = await archiveUploaded(w, record, zip);
  await unpackUploadedArchive(w.stores, w.runtime, object);
  return (await w.stores.archives.get(record.identifiant, object.identifiant))!;
}

/**
 * The copy of a document the import keeps, as a supplier's list of documents points to it: the
 * bytes written by the archive that holds it; undefined while the document is not received.
 */
export async function keptDocument(w: World, record: ImportRecord, numeroDossier: string, nomFichier: string): Promise<Buffer | undefined> {
  const current = (await w.stores.imports.get(record.identifiant))!;
  const expected = (await listAttachments(w.stores, current)).attendues.find((a) => a.numeroDossier === numeroDossier && a.nomFichier === nomFichier);
  if (!expected) throw new Error(`${nomFichier} is not expected from ${numeroDossier}`);
  if (expected.archive === null) return undefined;
  const kept = await w.stores.objects.read('documents', attachmentKey(record.siret, record.identifiant, expected.archive, numeroDossier, nomFichier));
  if (!kept) throw new Error(`${nomFichier}: received from archive ${expected.archive}, but its copy is missing`);
  return kept.bytes;
}

/** How many objects an archive left in its folder of the documents bucket (emptying it). */
export function leftBy(w: World, record: ImportRecord, archive: number): Promise<number> {
  return w.stores.objects.removeUnder('documents', archiveDocumentsFolder(record.siret, record.identifiant, archive));
}

/** Makes one kind of store call fail: `times` times (default always), with `error`. */
export function failing<S extends object, K extends keyof S>(store: S, method: K, times = Infinity, when: (...args: any[]) => boolean = () => true): { calls: number } {
  const original = (store[method] as (...args: unknown[]) => Promise<unknown>).bind(store);
  const state = { calls: 0, failures: 0 };
  (store as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    state.calls++;
    if (when(...args) && state.failures < times) {
      state.failures++;
      throw new Error(`injected failure of ${String(method)}`);
    }
    return original(...args);
  };
  return state;
}

/** validLine(n) with another numéro éditeur (its documents named after it). */
export function renumbered(line: Record<string, any>, numeroEditeur: string): Record<string, any> {
  return { ...line, numeroEditeur, piecesJustificatives: [{ nomFichier: `HOP-DPI-Va2-BDC-${numeroEditeur}.pdf`, formatFichier: 'PDF' }] };
}

/** A valid SOLDE line numbered n: it cites an invoice and a verification report besides the order. */
export function soldeLine(n: number): Record<string, any> {
  const line = validLine(n);
  line.piecesJustificatives = ['BDC', 'FAC', 'VA'].map((type) => ({ nomFichier: `HOP-DPI-Va2-${type}-${line.numeroEditeur}.pdf`, formatFichier: 'PDF' }));
  return line;
}
