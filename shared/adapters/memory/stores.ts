import type { Stores } from '../../ports/stores.js';
import { MemoryArchiveStore } from './archive-store.js';
import { MemoryDemandeStore } from './demande-store.js';
import { MemoryImportStore } from './import-store.js';
import { MemoryObjectStore } from './object-store.js';
import { MemoryReferentielStore } from './referentiel-store.js';
import { MemorySequenceStore } from './sequence-store.js';
import { MemoryUniciteStore } from './unicite-store.js';

/** Every port in memory, empty (reference data too): a fresh state for each call, for use-case tests. */
export function createMemoryStores(): Stores {
  return {
    imports: new MemoryImportStore(),
    demandes: new MemoryDemandeStore(),
    archives: new MemoryArchiveStore(),
    unicites: new MemoryUniciteStore(),
    referentiel: new MemoryReferentielStore(),
    sequences: new MemorySequenceStore(),
    objects: new MemoryObjectStore(),
  };
}
