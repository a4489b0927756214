/** Every action of the supplier in every state of an import (SPEC §6, §8): it proceeds, changes nothing, or is refused. */
import { describe, expect, it } from 'vitest';
import { createArchiveUpload } from '../../../shared/app/attachments/create-archive.js';
import { finishImport } from '../../../shared/app/import/finish-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { ARCHIVE_LEASE, IMPORT_STATUSES, SIMULATION_LEASE, archivesBlockFinish, leaseStep, type ImportStatus } from '../../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { validFile } from '../../fixtures/deposit-files.js';
import { commitKey, simulated, world, type World } from './world.js';

/** An import in `statut`: simulated for real, then moved there as a store would be (with its file kept). */
async function importIn(w: World, statut: ImportStatus): Promise<ImportRecord> {
  const record = await simulated(w, validFile(1));
  if (statut === record.statut) return record;
  // a commit that has just started: its copy is there and its lease is live
  if (statut === 'IMPORT_EN_COURS') await w.stores.objects.copy('documents', record.cleFichier!, 'televersements', commitKey(record));
  const moved = await w.stores.imports.transition(record.identifiant, record.statut, {
    set: { statut, ...(statut === 'IMPORT_EN_COURS' ? { debutImport: w.runtime.now().toISOString(), tentativesImport: 1 } : {}) },
  });
  return moved!;
}

const state = (id: number, statut: string) => `L'import ${id} est à l'état ${statut} : `;
const FIX = ' ; corrigez le fichier et déposez-le à nouveau';

const IMPORTER: Record<ImportStatus, 'started' | 'unchanged' | string> = {
  EN_ATTENTE_FICHIER: 'seul un import SIMULATION_VALIDE peut être importé',
  SIMULATION_EN_COURS: 'seul un import SIMULATION_VALIDE peut être importé',
  FORMAT_INVALIDE: `seul un import SIMULATION_VALIDE peut être importé${FIX}`,
  SIMULATION_EN_ERREUR: `seul un import SIMULATION_VALIDE peut être importé${FIX}`,
  SIMULATION_VALIDE: 'started',
  IMPORT_EN_COURS: 'unchanged',
  IMPORTE: 'unchanged',
  TERMINE: 'unchanged',
  ERREUR_TECHNIQUE: 'seul un import SIMULATION_VALIDE peut être importé ; déposez le fichier à nouveau',
};

const TERMINER: Record<ImportStatus, 'finished' | 'unchanged' | string> = {
  ...Object.fromEntries(IMPORT_STATUSES.map((s) => [s, 'seul un import IMPORTE peut être terminé'])),
  IMPORTE: 'finished',
  TERMINE: 'unchanged',
} as Record<ImportStatus, string>;

const JOINDRE: Record<ImportStatus, 'created' | string> = {
  ...Object.fromEntries(IMPORT_STATUSES.map((s) => [s, 'les pièces justificatives ne sont reçues que pour un import IMPORTE'])),
  IMPORTE: 'created',
} as Record<ImportStatus, string>;

describe.each(IMPORT_STATUSES)('an import in %s', (statut) => {
  it(`POST /importer: ${IMPORTER[statut]}`, async () => {
    const w = await world();
    const record = await importIn(w, statut);
    const outcome = await startImport(w.stores, w.runtime, record);
    const expected = IMPORTER[statut];
    if (expected === 'started') {
      expect(outcome).toMatchObject({ kind: 'started', record: { statut: 'IMPORT_EN_COURS', debutImport: w.runtime.now().toISOString() } });
      expect(await w.stores.objects.size('televersements', commitKey(record))).toBeGreaterThan(0);
      return;
    }
    if (expected === 'unchanged') expect(outcome).toEqual({ kind: 'unchanged', record });
    else expect(outcome).toEqual({ kind: 'refused', message: state(record.identifiant, statut) + expected, statut });
    expect(await w.stores.imports.get(record.identifiant)).toEqual(record);
  });

  it(`POST /terminer: ${TERMINER[statut]}`, async () => {
    const w = await world();
    const record = await importIn(w, statut);
    const outcome = await finishImport(w.stores, w.runtime, record);
    const expected = TERMINER[statut];
    if (expected === 'finished') {
      expect(outcome).toMatchObject({ kind: 'finished', record: { statut: 'TERMINE', dateFin: '2026-11-26T09:00:00.000+01:00' } });
      return;
    }
    if (expected === 'unchanged') expect(outcome).toEqual({ kind: 'unchanged', record });
    else expect(outcome).toEqual({ kind: 'refused', message: state(record.identifiant, statut) + expected, statut });
    expect(await w.stores.imports.get(record.identifiant)).toEqual(record);
  });

  it(`POST /pieces-jointes: ${JOINDRE[statut]}`, async () => {
    const w = await world();
    const record = await importIn(w, statut);
    const outcome = await createArchiveUpload(w.stores, w.runtime, record, 'pieces.zip');
    const expected = JOINDRE[statut];
    if (expected === 'created') {
      expect(outcome).toMatchObject({ kind: 'created', archive: { identifiantImport: record.identifiant, statut: 'EN_ATTENTE', nomArchive: 'pieces.zip' } });
      return;
    }
    expect(outcome).toEqual({ kind: 'refused', message: state(record.identifiant, statut) + expected, statut });
    expect(await w.stores.archives.listOfImport(record.identifiant)).toEqual([]);
  });
});

describe('the lifecycle’s own answers', () => {
  it('a lease step: wait while held, retry when free again, stop when done', () => {
    expect(leaseStep(SIMULATION_LEASE, 'SIMULATION_EN_COURS')).toBe('wait');
    expect(leaseStep(SIMULATION_LEASE, 'EN_ATTENTE_FICHIER')).toBe('retry');
    expect(leaseStep(SIMULATION_LEASE, 'SIMULATION_VALIDE')).toBe('stop');
    expect(leaseStep(ARCHIVE_LEASE, 'TRAITEE')).toBe('stop');
  });

  it('several archives being unpacked block Finish, in the plural', () => {
    const now = new Date('2026-11-26T08:00:00.000Z');
    const running = { statut: 'EN_COURS' as const, traitementJusqua: '2026-11-26T08:01:00.000Z' };
    expect(archivesBlockFinish([running, running, { statut: 'TRAITEE' }], now)).toEqual({
      code: 'ARCHIVES_EN_COURS',
      message: '2 archives de pièces justificatives sont en cours de traitement : attendez leur verdict avant de terminer',
    });
    // a lease past its deadline holds Finish for a margin more (another function's clock), then no longer
    expect(archivesBlockFinish([{ ...running, traitementJusqua: '2026-11-26T07:59:56.000Z' }], now)).toMatchObject({ code: 'ARCHIVES_EN_COURS' });
    expect(archivesBlockFinish([{ statut: 'EN_ATTENTE' }, { ...running, traitementJusqua: '2026-11-26T07:59:55.000Z' }], now)).toBeUndefined();
  });
});
