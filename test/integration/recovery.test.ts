/**
 * Nothing stays in progress (SPEC §6): the local stack, when it starts, takes up the work the
 * previous process left — arranged here through the stores directly, as a process killed mid-way
 * (kill -9) leaves it: leases held by dead workers, a permit, uploads whose event was lost.
 * Started again on the same data folder, every piece of work reaches a final state at once,
 * without waiting for the dead leases to expire.
 */
import { ReceivedDocuments } from '../../shared/domain/received-documents.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../local/local-token.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { createAwsClients, type AwsClients } from '../../shared/adapters/aws/clients.js';
import { createAwsStores } from '../../shared/adapters/aws/stores.js';
import { archiveKey, attachmentKey, uploadKey } from '../../shared/app/object-keys.js';
import { config } from '../../shared/config.js';
import { ARCHIVE_LEASE, SIMULATION_LEASE, TECHNICAL_FAILURE, permitOf } from '../../shared/domain/import-lifecycle.js';
import type { ImportRecord } from '../../shared/domain/import-record.js';
import type { Stores } from '../../shared/ports/stores.js';
import { archiveRecord, demandeRecord, importRecord } from '../adapters/store-records.js';
import { DPI_SIRET, bytesOf, validFile } from '../fixtures/deposit-files.js';
import { buildZip, fakePdf } from '../fixtures/zip-builder.js';

const dataDir = mkdtempSync(join(tmpdir(), 'segur-reprise-'));
let stack: LocalStack | undefined;
let clients: AwsClients | undefined;

afterAll(async () => {
  clients?.dynamo.destroy();
  clients?.s3.destroy();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Stores on the emulators of the stack started last (their ports change at each start). */
function storesOfThisStart(): Stores {
  clients?.dynamo.destroy();
  clients?.s3.destroy();
  clients = createAwsClients();
  return createAwsStores(config(), clients);
}

const later = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('the local stack started again after a process killed mid-way', () => {
  it('takes up simulations, lost uploads and unpackings in progress; each reaches a final state without waiting for a dead lease', async () => {
    // ---- the first process: it dies leaving work in progress (its functions never ran)
    stack = await startLocalStack({ dataDir, port: 0, s3Port: 0, logLevel: 'SILENT' });
    const resume = stack.dispatcher.suspend();
    let stores = storesOfThisStart();
    const file = bytesOf(validFile(1));
    const killedLease = { traitementPar: 'tue-au-travail', traitementJusqua: later(SIMULATION_LEASE.durationMs) };
    // a simulation mid-way, its lease still live when the process died
    const simulating = importRecord({ statut: 'SIMULATION_EN_COURS', ...killedLease, tentativesSimulation: 1 });
    // a simulation killed at its third attempt
    const thirdTime = importRecord({ statut: 'SIMULATION_EN_COURS', ...killedLease, tentativesSimulation: 3 });
    // an upload whose event died with the process
    const lost = importRecord();
    // a simulation mid-way whose upload is gone (the uploads bucket keeps objects 30 days)
    const vanished = importRecord({ statut: 'SIMULATION_EN_COURS', ...killedLease, tentativesSimulation: 1 });
    // an import still waiting for its file: left alone
    const waiting = importRecord();
    for (const record of [simulating, thirdTime, lost, vanished, waiting]) await stores.imports.create(record);
    for (const record of [simulating, thirdTime, lost]) await stores.objects.write('televersements', uploadKey(record.siret, record.identifiant), file, 'application/json');

    // an archive mid-way through its unpacking, holding its lease and its permit
    const demande = demandeRecord({ piecesAttendues: [{ type: 'BDC', nomFichier: 'bon-de-commande.pdf' }] });
    const imported = importRecord({ statut: 'IMPORTE', dossiers: [demande.numeroDossier] });
    await stores.imports.create(imported);
    await stores.demandes.createMany([{ ...demande, identifiantImport: imported.identifiant }]);
    const until = later(ARCHIVE_LEASE.durationMs);
    const archive = archiveRecord({ identifiantImport: imported.identifiant, statut: 'EN_COURS', traitementPar: 'tue-au-travail', traitementJusqua: until, tentatives: 1 });
    await stores.archives.create(archive);
    await stores.objects.write('televersements', archiveKey(DPI_SIRET, imported.identifiant, archive.identifiant), buildZip([{ name: 'bon-de-commande.pdf', data: fakePdf(3210) }]), 'application/zip');
    expect(await stores.imports.takePermit(imported.identifiant, 'IMPORTE', permitOf({ archive: archive.identifiant, until, worker: 'tue-au-travail' }))).toBe(true);

    await resume(); // the upload events of the writes above are dropped: lost with the process
    await stack.stop();
    stack = undefined;

    // ---- started again on the same data folder
    const started = Date.now();
    stack = await startLocalStack({ dataDir, port: 0, s3Port: 0, logLevel: 'SILENT' });
    expect(stack.firstStart).toBe(false);
    // three simulation leases, the archive's lease and its permit; the simulation whose upload is gone given up
    expect(stack.resumed).toMatchObject({ released: 5, gaveUp: 1 });
    expect(stack.resumed.redeliver.map((o) => o.key).sort()).toEqual(
      [...[simulating, thirdTime, lost].map((r) => uploadKey(r.siret, r.identifiant)), archiveKey(DPI_SIRET, imported.identifiant, archive.identifiant)].sort(),
    );
    // the API opened only once the taken-up work was done: Finish cannot slip in before the archive's verdict (SPEC §7)
    expect((await storesOfThisStart().archives.get(imported.identifiant, archive.identifiant))?.statut).toBe('TRAITEE');
    await stack.settle();
    // within one lease: the dead ones were given back, not waited out
    expect(Date.now() - started).toBeLessThan(SIMULATION_LEASE.durationMs);

    stores = storesOfThisStart();
    const get = (r: ImportRecord) => stores.imports.get(r.identifiant);
    expect(await get(simulating)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 2, nombreDemandes: 1 });
    expect(await get(thirdTime)).toMatchObject({ statut: 'ERREUR_TECHNIQUE', tentativesSimulation: 4, erreurTechnique: TECHNICAL_FAILURE.simulation });
    expect(await get(lost)).toMatchObject({ statut: 'SIMULATION_VALIDE', tentativesSimulation: 1 });
    expect(await get(vanished)).toMatchObject({ statut: 'ERREUR_TECHNIQUE', erreurTechnique: TECHNICAL_FAILURE.simulation });
    expect(await get(waiting)).toEqual(waiting);
    for (const r of [simulating, thirdTime, lost, vanished]) expect((await get(r))?.traitementPar).toBeUndefined();

    expect(await stores.archives.get(imported.identifiant, archive.identifiant)).toMatchObject({ statut: 'TRAITEE', tentatives: 2 });
    const received = new ReceivedDocuments(await stores.archives.listOfImport(imported.identifiant));
    expect(received.of(demande)).toEqual([{ type: 'BDC', nomFichier: 'bon-de-commande.pdf', recue: true, archive: archive.identifiant }]);
    expect((await stores.objects.read('documents', attachmentKey(DPI_SIRET, imported.identifiant, archive.identifiant, demande.numeroDossier, 'bon-de-commande.pdf')))?.size).toBe(3210);
    expect((await get(imported))?.archivesEnCours).toBeUndefined();
    // the dead unpacking's permit no longer holds Finish
    const token = await issueLocalToken(dataDir, DPI_SIRET);
    const finish = await fetch(`${stack.apiUrl}/imports/${imported.identifiant}/terminer`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(finish.status, await finish.clone().text()).toBe(200);
    expect(await finish.json()).toMatchObject({ statut: 'TERMINE' });
  });
});
