/** Simulating an upload (SPEC §4–§6): the verdict recorded, the files kept, the lease rules, the AVT-03 forecast. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importSettings } from '../../../shared/app/import/import-settings.js';
import { simulateUpload } from '../../../shared/app/simulation/simulate-upload.js';
import { SIMULATION_LEASE, TECHNICAL_FAILURE } from '../../../shared/domain/import-lifecycle.js';
import { serializeReturnFile } from '../../../shared/domain/return-file.js';
import { MAX_FILE_BYTES, simulate } from '../../../shared/domain/simulate.js';
import { DPI_SIRET, PFI_SIRET, bytesOf, validFile, validLine } from '../../fixtures/deposit-files.js';
import { created, failing, imported, simulated, soldeLine, uploaded, world } from './world.js';

const returnFileOf = async (w: Awaited<ReturnType<typeof world>>, key: string) => JSON.parse((await w.stores.objects.read('documents', key))!.bytes.toString('utf8'));

describe('a simulated upload', () => {
  it('records SIMULATION_VALIDE, keeps the file and a return file identical to the offline simulation', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(3));
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'simulated', statut: 'VALIDE', lignes: 3, valides: 3, enErreur: 0 });
    const after = (await w.stores.imports.get(record.identifiant))!;
    const bytes = bytesOf(validFile(3));
    expect(after).toMatchObject({
      statut: 'SIMULATION_VALIDE',
      nombreDemandes: 3,
      nombreDemandesValides: 3,
      nombreDemandesEnErreur: 0,
      tailleFichier: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      tentativesSimulation: 1,
      dateSimulation: '2026-11-26T09:00:00.000+01:00',
    });
    expect(after.traitementPar).toBeUndefined();
    expect((await w.stores.objects.read('documents', after.cleFichier!))!.bytes).toEqual(bytes);
    const offline = simulate(bytes, importSettings(record, await w.stores.referentiel.findFournisseur(DPI_SIRET), w.runtime.now()));
    expect((await w.stores.objects.read('documents', after.cleRetour!))!.bytes).toEqual(serializeReturnFile(offline));
  });

  it('records SIMULATION_EN_ERREUR with the counts of a file with a rejected line', async () => {
    const w = await world();
    const file = validFile(2);
    file.lignesImport[1].commande.montantSegurHT = -1;
    const record = await simulated(w, file);
    expect(record).toMatchObject({ statut: 'SIMULATION_EN_ERREUR', nombreDemandes: 2, nombreDemandesValides: 1, nombreDemandesEnErreur: 1 });
  });

  it('records FORMAT_INVALIDE for a file that is not JSON, and keeps it', async () => {
    const w = await world();
    const record = await simulated(w, Buffer.from('{"numeroAns": ', 'utf8'));
    expect(record).toMatchObject({ statut: 'FORMAT_INVALIDE', nombreDemandes: 0 });
    expect(record.cleFichier).toBeDefined();
    expect((await returnFileOf(w, record.cleRetour!)).resultat.erreurs[0].code).toBe('FMT-01');
  });

  it('rejects a file over 5 MB on the size its event gives, without reading or keeping it (FMT-04)', async () => {
    const w = await world();
    const record = await created(w);
    const reads = failing(w.stores.objects, 'read', 0);
    const outcome = await simulateUpload(w.stores, w.runtime, { key: `depots/${DPI_SIRET}/${record.identifiant}/fichier.json`, size: MAX_FILE_BYTES + 1 });
    expect(outcome).toEqual({ kind: 'simulated', statut: 'FORMAT_INVALIDE', lignes: 0, valides: 0, enErreur: 0 });
    expect(reads.calls).toBe(0);
    const after = (await w.stores.imports.get(record.identifiant))!;
    expect(after).toMatchObject({ statut: 'FORMAT_INVALIDE', tailleFichier: MAX_FILE_BYTES + 1 });
    expect(after.cleFichier).toBeUndefined();
    expect(after.sha256).toBeUndefined();
    expect((await returnFileOf(w, after.cleRetour!)).resultat.erreurs[0].code).toBe('FMT-04');
  });

  it('simulates an empty file without reading it', async () => {
    const w = await world();
    const record = await created(w);
    const reads = failing(w.stores.objects, 'read');
    await simulateUpload(w.stores, w.runtime, { key: `depots/${DPI_SIRET}/${record.identifiant}/fichier.json`, size: 0 });
    expect(reads.calls).toBe(0);
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'FORMAT_INVALIDE', tailleFichier: 0 });
  });

  it('ignores keys the service did not hand out, unknown imports and another supplier’s', async () => {
    const w = await world();
    const record = await created(w);
    const ignored = (key: string) => simulateUpload(w.stores, w.runtime, { key, size: 10 });
    expect(await ignored('depots/12345678901234/1/autre.json')).toEqual({ kind: 'ignored', reason: 'not an upload key of the service' });
    expect(await ignored(`depots/${DPI_SIRET}/987654/fichier.json`)).toEqual({ kind: 'ignored', reason: 'no such import for this supplier' });
    expect(await ignored(`depots/${PFI_SIRET}/${record.identifiant}/fichier.json`)).toEqual({ kind: 'ignored', reason: 'no such import for this supplier' });
    expect(await w.stores.imports.get(record.identifiant)).toEqual(record);
  });
});

describe('the AVT-03 forecast', () => {
  it('warns, on the lines the import would refuse given the data stored now, in the return file written once', async () => {
    const w = await world();
    await imported(w, validFile(1));
    const file = validFile(2);
    const record = await simulated(w, file);
    // still valid: a warning, not an error
    expect(record.statut).toBe('SIMULATION_VALIDE');
    const returned = await returnFileOf(w, record.cleRetour!);
    const [first, second] = returned.lignesImport;
    expect(first.avertissements.map((a: { code: string }) => a.code)).toEqual(['AVT-03', 'AVT-03']);
    expect(first.avertissements[0].message).toBe(
      "La demande serait rejetée à l'import (IMP-01) : Une demande d'avance pour une solution DPI existe déjà pour l'établissement FINESS " +
        `${file.lignesImport[0].beneficiaires.FINESSPMSI} : une seule avance par type de solution et par établissement`,
    );
    expect(first.avertissements[1].message).toBe(
      "La demande serait rejetée à l'import (IMP-02) : Vous avez déjà une demande AVANCE pour la solution MJCDPI0001 et le numéro éditeur ED00001 (dossier FINHOP000001M0)",
    );
    expect(second.avertissements).toEqual([]);
  });

  it('forecasts IMP-03 for a SOLDE whose AVANCE was not imported, also on a line rejected for another reason', async () => {
    const w = await world();
    const file = { ...validFile(0), lignesImport: [soldeLine(1), soldeLine(2)] };
    file.lignesImport[1]!.commande.montantSegurHT = -1;
    const record = await simulated(w, file, { typeDemande: 'SOLDE' });
    expect(record).toMatchObject({ statut: 'SIMULATION_EN_ERREUR', nombreDemandesValides: 1 });
    const returned = await returnFileOf(w, record.cleRetour!);
    expect(returned.lignesImport.map((l: { avertissements: { code: string }[] }) => l.avertissements.map((a) => a.code))).toEqual([['AVT-03'], ['AVT-03']]);
    expect(returned.lignesImport[0].avertissements[0].message).toContain('(IMP-03)');
  });

  it('says nothing of a line whose numéro éditeur is malformed', async () => {
    const w = await world();
    const file = { ...validFile(1), lignesImport: [{ ...validLine(1), numeroEditeur: '??' }] };
    const record = await simulated(w, file, { typeDemande: 'SOLDE' });
    expect((await returnFileOf(w, record.cleRetour!)).lignesImport[0].avertissements).toEqual([]);
  });
});

describe('the simulation lease', () => {
  it('a duplicate event finds the import simulated and changes nothing', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    await simulateUpload(w.stores, w.runtime, object);
    const before = await w.stores.imports.get(record.identifiant);
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'SIMULATION_VALIDE' });
    expect(await w.stores.imports.get(record.identifiant)).toEqual(before);
  });

  it('a copy of the event that arrives while another holds the lease waits, then finds it done', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    const holder = (await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'holder', w.runtime.now(), new Date(w.runtime.now().getTime() + 45_000)))!;
    w.runtime.onSleep = async () => {
      if (w.runtime.sleeps === 3) await w.stores.imports.settleLease(holder.identifiant, SIMULATION_LEASE, 'holder', { statut: 'SIMULATION_VALIDE' });
    };
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'SIMULATION_VALIDE' });
    expect(w.runtime.sleeps).toBe(3);
    expect((await w.stores.imports.get(record.identifiant))!.tentativesSimulation).toBe(1);
  });

  it('three copies at once: one simulates, the others find it done', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    const outcomes = await Promise.all([1, 2, 3].map(() => simulateUpload(w.stores, w.runtime, object)));
    expect(outcomes.filter((o) => o.kind === 'simulated')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'alreadyDone')).toHaveLength(2);
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 1 });
  });

  it('takes over a lease whose holder stopped (its deadline is past), counting the attempt', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'crashed', w.runtime.now(), new Date(w.runtime.now().getTime() + 45_000));
    w.runtime.advance(45_001);
    expect(await simulateUpload(w.stores, w.runtime, object)).toMatchObject({ kind: 'simulated' });
    expect(w.runtime.sleeps).toBe(0);
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 2 });
  });

  it('a waiting copy takes over when the holder’s deadline passes while it waits', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'crashed', w.runtime.now(), new Date(w.runtime.now().getTime() + 45_000));
    expect(await simulateUpload(w.stores, w.runtime, object)).toMatchObject({ kind: 'simulated' });
    expect(w.runtime.sleeps).toBe(Math.ceil(45_001 / SIMULATION_LEASE.pollMs));
  });

  it('a failure gives the lease back and is rethrown: the next delivery takes it at once', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    failing(w.stores.objects, 'write', 1);
    await expect(simulateUpload(w.stores, w.runtime, object)).rejects.toThrow('injected failure of write');
    const released = (await w.stores.imports.get(record.identifiant))!;
    expect(released).toMatchObject({ statut: 'SIMULATION_EN_COURS', tentativesSimulation: 1 });
    expect(Date.parse(released.traitementJusqua!)).toBeLessThan(w.runtime.now().getTime());
    expect(await simulateUpload(w.stores, w.runtime, object)).toMatchObject({ kind: 'simulated' });
    expect(w.runtime.sleeps).toBe(0);
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 2 });
  });

  it('a failed read is retried like any other failure; an object that vanished is one', async () => {
    const w = await world();
    const record = await created(w);
    const key = `depots/${DPI_SIRET}/${record.identifiant}/fichier.json`;
    await expect(simulateUpload(w.stores, w.runtime, { key, size: 10 })).rejects.toThrow(`uploaded object vanished: ${key}`);
    failing(w.stores.referentiel, 'findFournisseur', 1);
    await expect(simulateUpload(w.stores, w.runtime, await uploaded(w, record, validFile(1)))).rejects.toThrow('injected failure of findFournisseur');
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_EN_COURS', tentativesSimulation: 2 });
  });

  it('the third failed attempt records ERREUR_TECHNIQUE with its French message; later copies change nothing', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    failing(w.stores.objects, 'write', Infinity, (bucket) => bucket === 'documents');
    await expect(simulateUpload(w.stores, w.runtime, object)).rejects.toThrow();
    await expect(simulateUpload(w.stores, w.runtime, object)).rejects.toThrow();
    expect(await simulateUpload(w.stores, w.runtime, object)).toMatchObject({ kind: 'gaveUp', attempts: 3 });
    const failed = (await w.stores.imports.get(record.identifiant))!;
    expect(failed).toMatchObject({ statut: 'ERREUR_TECHNIQUE', tentativesSimulation: 3, erreurTechnique: TECHNICAL_FAILURE.simulation });
    expect(TECHNICAL_FAILURE.simulation).toBe(
      'Une erreur technique a empêché la simulation de ce fichier. Déposez-le à nouveau ; si le problème persiste, contactez le support.',
    );
    expect(failed.traitementPar).toBeUndefined();
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'ERREUR_TECHNIQUE' });
  });

  it('three attempts killed mid-way (timeouts, kill -9: nothing recorded) — the next delivery records ERREUR_TECHNIQUE instead of a fourth run', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    for (const killed of ['killed-1', 'killed-2', 'killed-3']) {
      const now = w.runtime.now();
      expect(await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, killed, now, new Date(now.getTime() + SIMULATION_LEASE.durationMs))).toBeDefined();
      w.runtime.advance(SIMULATION_LEASE.durationMs + 1);
    }
    const writes = failing(w.stores.objects, 'write', 0);
    const outcome = await simulateUpload(w.stores, w.runtime, object);
    expect(outcome).toMatchObject({ kind: 'gaveUp', attempts: 4 });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({
      statut: 'ERREUR_TECHNIQUE',
      tentativesSimulation: 4,
      erreurTechnique: TECHNICAL_FAILURE.simulation,
    });
    // not run a fourth time: no file kept, no return file written
    expect(writes.calls).toBe(0);
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'alreadyDone', statut: 'ERREUR_TECHNIQUE' });
  });

  it('two attempts killed: the third runs (and succeeds)', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    for (const killed of ['killed-1', 'killed-2']) {
      const now = w.runtime.now();
      await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, killed, now, new Date(now.getTime() + SIMULATION_LEASE.durationMs));
      w.runtime.advance(SIMULATION_LEASE.durationMs + 1);
    }
    expect(await simulateUpload(w.stores, w.runtime, object)).toMatchObject({ kind: 'simulated' });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 3 });
  });

  it('an attempt whose lease was taken over meanwhile records nothing', async () => {
    const w = await world();
    const record = await created(w);
    const object = await uploaded(w, record, validFile(1));
    const writes = { taken: false };
    const write = w.stores.objects.write.bind(w.stores.objects);
    w.stores.objects.write = async (...args) => {
      if (!writes.taken) {
        writes.taken = true;
        const later = new Date(w.runtime.now().getTime() + 45_001);
        await w.stores.imports.acquireLease(record.identifiant, record.siret, SIMULATION_LEASE, 'other', later, new Date(later.getTime() + 45_000));
      }
      return write(...args);
    };
    expect(await simulateUpload(w.stores, w.runtime, object)).toEqual({ kind: 'superseded' });
    expect(await w.stores.imports.get(record.identifiant)).toMatchObject({ statut: 'SIMULATION_EN_COURS', traitementPar: 'other', tentativesSimulation: 2 });
  });
});
