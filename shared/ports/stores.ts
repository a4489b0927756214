import type { ArchiveStore } from './archive-store.js';
import type { DemandeStore } from './demande-store.js';
import type { ImportStore } from './import-store.js';
import type { ObjectStore } from './object-store.js';
import type { ReferentielStore } from './referentiel-store.js';
import type { SequenceStore } from './sequence-store.js';
import type { UniciteStore } from './unicite-store.js';

/** Every port the use cases need, as one composition root gives them. */
export interface Stores {
  imports: ImportStore;
  demandes: DemandeStore;
  archives: ArchiveStore;
  unicites: UniciteStore;
  referentiel: ReferentielStore;
  sequences: SequenceStore;
  objects: ObjectStore;
}

/** What a use case needs besides the stores: the time, and a fresh identifier for each worker. */
export interface Runtime {
  now(): Date;
  newWorkerId(): string;
  sleep(ms: number): Promise<void>;
}
