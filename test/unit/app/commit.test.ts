/** Starting and committing an import (SPEC §4.4, §6): requests, compte rendu, attempts, resumption, fallback. */
import { describe, expect, it } from 'vitest';
import { commitImport } from '../../../shared/app/import/commit-import.js';
import { startImport } from '../../../shared/app/import/start-import.js';
import { COMMIT_LEASE, TECHNICAL_FAILURE } from '../../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../../shared/domain/import-record.js';
import { DPI_SIRET, validFile } from '../../fixtures/deposit-files.js';
import { commitKey, failing, imported, simulated, world, type World } from './world.js';

async function started(w: World, file: unknown): Promise<ImportRecord> {
  const outcome = await startImport(w.stores, w.runtime, await simulated(w, file));
  if (outcome.kind !== 'started') throw new Error(outcome.kind);
  return outcome.record;
}

const get = (w: World, id: number) => w.stores.imports.get(id).then((r) => r!);

describe('the commit', () => {
  it('creates one INCOMPLETE request per line with its dossier number, the compte rendu, and IMPORTE', async () => {
    const w = await world();
    const record = await started(w, validFile(3));
    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'imported', importees: 3, rejetees: 0 });
    const after = await get(w, record.identifiant);
    expect(after).toMatchObject({
      statut: 'IMPORTE',
      tentativesImport: 1,
      dossiers: ['FINHOP000001M0', 'FINHOP000002M0', 'FINHOP000003M0'],
      dateImport: '2026-11-26T09:00:00.000+01:00',
      compteRendu: { nombreLignes: 3, nombreLignesImportees: 3, nombreLignesRejetees: 0, rejets: [] },
    });
    const requests = await w.stores.demandes.getMany(after.dossiers!);
    expect(requests.map((r) => [r.numLigne, r.numeroDossier, r.statut, r.statutPaiement])).toEqual([
      [1, 'FINHOP000001M0', 'INCOMPLETE', 'AUCUN_PAIEMENT_EN_COURS'],
      [2, 'FINHOP000002M0', 'INCOMPLETE', 'AUCUN_PAIEMENT_EN_COURS'],
      [3, 'FINHOP000003M0', 'INCOMPLETE', 'AUCUN_PAIEMENT_EN_COURS'],
    ]);
    expect(requests[0]).toMatchObject({ identifiantImport: record.identifiant, siret: DPI_SIRET, logiciel: 'DPI_V2', montantSegurHT: '1250.5', montantSegurTTC: '1500.6' });
    expect(requests[0]!.piecesAttendues).toEqual([{ type: 'BDC', nomFichier: 'HOP-DPI-Va2-BDC-ED00001.pdf' }]);
  });

  it('ignores keys it did not hand out, and an import that is not being imported', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    expect(await commitImport(w.stores, w.runtime, 'imports/x.json')).toEqual({ kind: 'ignored', reason: 'not an import key of the service' });
    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'ignored', reason: 'the import is not being imported' });
    expect(await get(w, record.identifiant)).toEqual(record);
  });

  it('a replayed event changes nothing once imported', async () => {
    const w = await world();
    const record = await imported(w, validFile(2));
    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'ignored', reason: 'the import is not being imported' });
    expect(await get(w, record.identifiant)).toEqual(record);
    expect(await w.stores.demandes.listByImport(record.identifiant)).toHaveLength(2);
  });

  it('three copies at once create one request per line and keep one number each', async () => {
    const w = await world();
    const record = await started(w, validFile(4));
    const outcomes = await Promise.all([1, 2, 3].map(() => commitImport(w.stores, w.runtime, commitKey(record))));
    expect(outcomes.filter((o) => o.kind === 'imported')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'superseded')).toHaveLength(2);
    for (const o of outcomes) if (o.kind === 'imported') expect(o).toEqual({ kind: 'imported', importees: 4, rejetees: 0 });
    const after = await get(w, record.identifiant);
    const requests = await w.stores.demandes.listByImport(record.identifiant);
    expect(requests.map((r) => r.numeroDossier).sort()).toEqual([...after.dossiers!].sort());
    expect(new Set(requests.map((r) => r.numLigne)).size).toBe(4);
  });

  it('stopped midway, then replayed: the numbers first given are kept, no line twice', async () => {
    const w = await world();
    const record = await started(w, validFile(5));
    let judged = 0;
    const crash = { afterLine: () => { if (++judged === 3) throw new Error('crash'); } };
    await expect(commitImport(w.stores, w.runtime, commitKey(record), crash)).rejects.toThrow('crash');
    expect(await get(w, record.identifiant)).toMatchObject({ statut: 'IMPORT_EN_COURS', tentativesImport: 1 });
    expect(await w.stores.demandes.listByImport(record.identifiant)).toEqual([]);
    const held = await w.stores.unicites.get(`DEMANDE#${DPI_SIRET}#MJCDPI0001#ED00001#AVANCE`);
    expect(held).toMatchObject({ identifiantImport: record.identifiant, numLigne: 1, numeroDossier: 'FINHOP000001M0' });

    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'imported', importees: 5, rejetees: 0 });
    const after = await get(w, record.identifiant);
    expect(after.tentativesImport).toBe(2);
    expect(after.dossiers).toEqual(['FINHOP000001M0', 'FINHOP000002M0', 'FINHOP000003M0', 'FINHOP000004M0', 'FINHOP000005M0']);
    expect(await w.stores.demandes.listByImport(record.identifiant)).toHaveLength(5);
  });

  it('a failure is rethrown twice, then recorded as erreurTechnique; POST /importer sends it again', async () => {
    const w = await world();
    const record = await started(w, validFile(1));
    const key = commitKey(record);
    failing(w.stores.sequences, 'next', Infinity, (name) => name === 'dossiers');
    await expect(commitImport(w.stores, w.runtime, key)).rejects.toThrow('injected failure of next');
    await expect(commitImport(w.stores, w.runtime, key)).rejects.toThrow('injected failure of next');
    expect(await commitImport(w.stores, w.runtime, key)).toMatchObject({ kind: 'gaveUp', attempts: COMMIT_LEASE.maxAttempts });
    const failed = await get(w, record.identifiant);
    expect(failed).toMatchObject({ statut: 'IMPORT_EN_COURS', tentativesImport: 3, erreurTechnique: TECHNICAL_FAILURE.commit });
    expect(TECHNICAL_FAILURE.commit).toBe("Une erreur technique a interrompu l'import. Relancez-le (POST /imports/{id}/importer) ; aucune demande ne sera créée deux fois.");

    const copies = failing(w.stores.objects, 'copy', 0);
    w.runtime.advance(1000);
    const resumed = await startImport(w.stores, w.runtime, failed);
    expect(resumed).toMatchObject({ kind: 'unchanged', record: { statut: 'IMPORT_EN_COURS', tentativesImport: 0, debutImport: w.runtime.now().toISOString() } });
    expect(resumed.kind !== 'refused' && resumed.record.erreurTechnique).toBeUndefined();
    expect(copies.calls).toBe(1);
  });

  it('the file to import must be the one simulated', async () => {
    const w = await world();
    const record = await started(w, validFile(1));
    await w.stores.objects.write('televersements', commitKey(record), Buffer.from('{}'), 'application/json');
    await expect(commitImport(w.stores, w.runtime, commitKey(record))).rejects.toThrow(`import ${record.identifiant}: the file to import is not the one simulated`);
  });

  it('an object that vanished is a failure', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    await w.stores.imports.transition(record.identifiant, 'SIMULATION_VALIDE', { set: { statut: 'IMPORT_EN_COURS' } });
    await expect(commitImport(w.stores, w.runtime, commitKey(record))).rejects.toThrow(`import object vanished: ${commitKey(record)}`);
  });
});

describe('POST /importer on an import being imported', () => {
  it('changes nothing while the commit runs (copied, recent, no failure)', async () => {
    const w = await world();
    const record = await started(w, validFile(1));
    const copies = failing(w.stores.objects, 'copy', 0);
    w.runtime.advance(COMMIT_LEASE.durationMs);
    expect(await startImport(w.stores, w.runtime, record)).toEqual({ kind: 'unchanged', record });
    expect(copies.calls).toBe(0);
  });

  it('sends again a commit stopped past its lease (a timeout records nothing)', async () => {
    const w = await world();
    const record = await started(w, validFile(1));
    w.runtime.advance(COMMIT_LEASE.durationMs + 1);
    const outcome = await startImport(w.stores, w.runtime, record);
    expect(outcome).toMatchObject({ kind: 'unchanged', record: { debutImport: w.runtime.now().toISOString(), tentativesImport: 0 } });
    await commitImport(w.stores, w.runtime, commitKey(record));
    expect(await get(w, record.identifiant)).toMatchObject({ statut: 'IMPORTE', tentativesImport: 1 });
  });

  it('sends again an import whose copy never reached imports/', async () => {
    const w = await world();
    const simulatedRecord = await simulated(w, validFile(1));
    failing(w.stores.objects, 'copy', 1);
    await expect(startImport(w.stores, w.runtime, simulatedRecord)).rejects.toThrow('injected failure of copy');
    const stuck = await get(w, simulatedRecord.identifiant);
    expect(stuck.statut).toBe('IMPORT_EN_COURS');
    expect(await startImport(w.stores, w.runtime, stuck)).toMatchObject({ kind: 'unchanged' });
    expect(await w.stores.objects.size('televersements', commitKey(stuck))).toBeGreaterThan(0);
  });

  it('answers for the state another call moved it to (two starts at once: one starts)', async () => {
    const w = await world();
    const record = await simulated(w, validFile(1));
    const outcomes = await Promise.all([startImport(w.stores, w.runtime, record), startImport(w.stores, w.runtime, record)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['started', 'unchanged']);
  });
});

describe('an import whose file no longer passes', () => {
  it('falls back to FORMAT_INVALIDE with a new return file when the reference data changed', async () => {
    const w = await world();
    const record = await started(w, validFile(2));
    const supplier = (await w.stores.referentiel.findFournisseur(DPI_SIRET))!;
    await w.stores.referentiel.upsertFournisseurs([{ ...supplier, statutEnrolement: 'SUSPENDU' }]);
    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'fellBack', statut: 'FORMAT_INVALIDE' });
    const after = await get(w, record.identifiant);
    expect(after).toMatchObject({ statut: 'FORMAT_INVALIDE', nombreDemandes: 2, nombreDemandesValides: 0, nombreDemandesEnErreur: 0 });
    expect(after.cleRetour).not.toBe(record.cleRetour);
    const returned = JSON.parse((await w.stores.objects.read('documents', after.cleRetour!))!.bytes.toString('utf8'));
    expect(returned.resultat.statut).toBe('FORMAT_INVALIDE');
    expect(returned.resultat.erreurs.map((e: { code: string }) => e.code)).toEqual(['ENT-03']);
    expect(await w.stores.demandes.listByImport(record.identifiant)).toEqual([]);
  });

  it('falls back to SIMULATION_EN_ERREUR when a line no longer passes', async () => {
    const w = await world();
    const record = await started(w, validFile(2));
    // a clock set back before the lines' signature date (15/01/2024): the signature is in the future
    w.runtime.set('2024-01-10T10:00:00.000Z');
    expect(await commitImport(w.stores, w.runtime, commitKey(record))).toEqual({ kind: 'fellBack', statut: 'SIMULATION_EN_ERREUR' });
    expect(await get(w, record.identifiant)).toMatchObject({ statut: 'SIMULATION_EN_ERREUR', nombreDemandesValides: 0, nombreDemandesEnErreur: 2 });
  });
});
