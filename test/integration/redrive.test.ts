/**
 * `segur redrive --local` against the running local stack (in this process): work that failed
 * for good — its deliveries and its give-up — is in the failure log; after the fix, the redrive
 * takes it to a final state, and run again changes nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsServices } from '../../functions/services.js';
import { DPI_SIRET } from '../fixtures/deposit-files.js';
import { segurInProcess } from '../fixtures/segur-in-process.js';
import { createImport, localStores, startHarness, uploadForm, type Harness } from './harness.js';

const example = readFileSync(new URL('../fixtures/examples/dpi-avance-valide.json', import.meta.url));

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await h.token(DPI_SIRET);
}, 60_000);
afterAll(() => h?.stop());

const statusOf = async (id: number) => ((await (await h.call('GET', `/imports/${id}`, { token })).json()) as { statut: string }).statut;

describe('segur redrive --local', () => {
  it('replays the failure log after a fix: the work reaches its final state; run again, nothing changes', async () => {
    const log = join(h.stack.dataDir, 'echecs-traitements.log');
    const created = await createImport(h, token, { numeroAns: 'MJCDPI0001' });
    // DynamoDB refuses every lease on this import (the handlers of this process share their
    // stores): the three deliveries fail, and so does the failure handler's give-up
    const imports = awsServices().stores.imports;
    const acquireLease = imports.acquireLease.bind(imports);
    let refused = 0;
    imports.acquireLease = async (identifiant, ...rest) => {
      if (identifiant !== created.identifiant) return acquireLease(identifiant, ...rest);
      refused++;
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    };
    try {
      await uploadForm(created.televersement, example, 'depot.json');
      await h.stack.settle();
    } finally {
      imports.acquireLease = acquireLease; // the fix
    }
    expect(refused).toBe(4);
    expect(await statusOf(created.identifiant)).toBe('EN_ATTENTE_FICHIER');
    const logged = readFileSync(log, 'utf8');
    const key = `/${created.identifiant}/fichier.json`;
    expect(logged.split('\n').filter((line) => line.includes(key))).toHaveLength(2); // the function's failure, the give-up's

    const first = await segurInProcess('redrive', '--local', '--dossier-donnees', h.stack.dataDir);
    expect(first).toEqual({ code: 0, stdout: `Journal des échecs de ${h.stack.dataDir} : 1 rejoué(s), 0 déjà terminé(s), 0 en échec.\n`, stderr: '' });
    expect(await statusOf(created.identifiant)).toBe('SIMULATION_VALIDE');
    const done = await localStores().imports.get(created.identifiant);
    expect(done).toMatchObject({ tentativesSimulation: 1, nombreDemandes: 1 });
    expect(existsSync(log)).toBe(false);
    expect(readFileSync(join(h.stack.dataDir, 'echecs-traitements.rejoues.log'), 'utf8')).toContain(key);

    // run again: the log holds nothing
    expect(await segurInProcess('redrive', '--local', '--dossier-donnees', h.stack.dataDir)).toEqual({
      code: 0,
      stdout: `Journal des échecs de ${h.stack.dataDir} : rien à rejouer.\n`,
      stderr: '',
    });
    // the same entries replayed twice (a redrive stopped before it put the log away): harmless
    writeFileSync(log, logged);
    expect((await segurInProcess('redrive', '--local', '--dossier-donnees', h.stack.dataDir)).stdout).toBe(
      `Journal des échecs de ${h.stack.dataDir} : 0 rejoué(s), 1 déjà terminé(s), 0 en échec.\n`,
    );
    expect(await localStores().imports.get(created.identifiant)).toEqual(done);
  });

  it('keeps in the log what it cannot replay yet, and says so (exit 1)', async () => {
    const log = join(h.stack.dataDir, 'echecs-traitements.log');
    // an entry naming an import that does not exist (any more): no work to end
    const entry = `2026-11-26T08:00:00.000Z SimulateFunction depots/${DPI_SIRET}/987654/fichier.json Error: boom\n`;
    writeFileSync(log, entry);
    const run = await segurInProcess('redrive', '--local', '--dossier-donnees', h.stack.dataDir);
    expect(run.code).toBe(0); // no such import: nothing left to end
    expect(run.stdout).toContain('0 rejoué(s), 1 déjà terminé(s), 0 en échec');
    expect(existsSync(log)).toBe(false);

    writeFileSync(log, `2026-11-26T08:00:00.000Z SimulateFunction ailleurs/objet.json Error: boom\n`);
    const kept = await segurInProcess('redrive', '--local', '--dossier-donnees', h.stack.dataDir);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toContain('0 rejoué(s), 0 déjà terminé(s), 1 en échec');
    expect(kept.stdout).toContain('en échec, gardé pour un prochain rejeu : ailleurs/objet.json');
    expect(readFileSync(log, 'utf8')).toBe(`2026-11-26T08:00:00.000Z SimulateFunction ailleurs/objet.json Error: boom\n`);
  });
});
