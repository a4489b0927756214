/**
 * `segur referentiel load` and `segur jeton` (SPEC §9) on a data folder of their own: run in this
 * process through `main` (exit status and streams as on the command line), with the emulators
 * the command starts itself; then, while a local stack runs on that folder, once as a child
 * process through the real command line, which must go through the running stack.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../local/local-token.js';
import { startLocalStack } from '../../local/stack.js';
import { segurInProcess, type SegurRun } from '../fixtures/segur-in-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'segur-ref-'));
// the commands find the data folder as on the command line (this file has a process of its own)
beforeAll(() => {
  process.env.SEGUR_DATA_DIR = dataDir;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type Run = SegurRun;
const segur = segurInProcess;

/** `npm run --silent segur -- <args>` as a child process, as an operator runs it. */
function segurCommandLine(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.platform === 'win32' ? 'npm.cmd' : 'npm',
      ['run', '--silent', 'segur', '--', ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SEGUR_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' } },
      (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

function file(name: string, content: unknown): string {
  const path = join(dataDir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const referentiel = {
  fournisseurs: [
    {
      siret: '73282932000074',
      raisonSociale: 'Nouvel éditeur',
      statutEnrolement: 'VALIDE',
      solutions: [
        { numeroAns: 'NEWDPI0001', logiciel: 'DPI', libelle: 'Nouveau DPI' },
        { numeroAns: 'NEWPFI0001', logiciel: 'PFI', libelle: 'Nouvelle PFI' },
      ],
    },
  ],
};

describe('segur referentiel load and segur jeton', () => {
  it('loads a file (twice changes nothing), refuses a malformed one whole, and the service then knows the supplier', async () => {
    const good = file('referentiel.json', referentiel);
    const first = await segur('referentiel', 'load', good);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('1 fournisseur');
    const again = await segur('referentiel', 'load', good);
    expect(again.code, again.stderr).toBe(0);

    const broken = {
      fournisseurs: [
        { siret: '12345678901234', raisonSociale: 'Bien formé', statutEnrolement: 'VALIDE', solutions: [{ numeroAns: 'OKKDPI0001', logiciel: 'DPI', libelle: 'x' }] },
        { siret: '123', raisonSociale: '', statutEnrolement: 'valide', solutions: [{ numeroAns: 'X', logiciel: 'ABC', libelle: 'y' }] },
      ],
    };
    const refused = await segur('referentiel', 'load', file('casse.json', broken));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("rien n'a été enregistré");
    for (const part of ['fournisseurs[1].siret', 'fournisseurs[1].raisonSociale', 'fournisseurs[1].statutEnrolement', 'solutions[0].numeroAns', 'solutions[0].logiciel']) {
      expect(refused.stderr).toContain(part);
    }
    expect((await segur('referentiel', 'load', file('pas-json.json', '{"fournisseurs": ['))).code).toBe(1);
    expect((await segur('referentiel', 'load', join(dataDir, 'absent.json'))).code).toBe(64);
    expect((await segur('referentiel')).code).toBe(64);

    const token = await segur('jeton', '73282932000074');
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await segur('jeton', '123')).code).toBe(64);

    const stack = await startLocalStack({ dataDir, port: 0, s3Port: 0, logLevel: 'SILENT' });
    try {
      const call = async (siret: string) =>
        fetch(`${stack.apiUrl}/referentiel/solutions`, { headers: { authorization: `Bearer ${await issueLocalToken(dataDir, siret)}` } });
      const loaded = await call('73282932000074');
      expect(loaded.status).toBe(200);
      expect(await loaded.json()).toMatchObject({
        raisonSociale: 'Nouvel éditeur',
        statutEnrolement: 'VALIDE',
        solutions: [{ numeroAns: 'NEWDPI0001', logiciel: 'DPI' }, { numeroAns: 'NEWPFI0001', logiciel: 'PFI' }],
      });
      // the refused file stored nothing, not even its well-formed supplier
      expect((await call('12345678901234')).status).toBe(404);
      // the demo data came with the first use of the data folder
      expect((await call('40308070600020')).status).toBe(200);
      // the token printed by the command is the one the local stack accepts
      const withCommandToken = await fetch(`${stack.apiUrl}/referentiel/solutions`, { headers: { authorization: `Bearer ${token.stdout.trim()}` } });
      expect(withCommandToken.status).toBe(200);

      // loading while npm start runs goes through the running stack: another process, the real command line
      const update = structuredClone(referentiel);
      update.fournisseurs[0]!.statutEnrolement = 'SUSPENDU';
      const fromCommandLine = await segurCommandLine('referentiel', 'load', file('maj.json', update));
      expect(fromCommandLine.code, fromCommandLine.stderr).toBe(0);
      expect(fromCommandLine.stderr).toContain('1 fournisseur');
      expect(await (await call('73282932000074')).json()).toMatchObject({ statutEnrolement: 'SUSPENDU' });

      // a solution given to another supplier leaves its previous owner
      const moved = { fournisseurs: [{ siret: '40208090600010', raisonSociale: 'Plateformes Imagerie Conseil (démo)', statutEnrolement: 'VALIDE', solutions: [{ numeroAns: 'NEWPFI0001', logiciel: 'PFI', libelle: 'Nouvelle PFI' }] }] };
      expect((await segur('referentiel', 'load', file('cession.json', moved))).code).toBe(0);
      expect(((await (await call('73282932000074')).json()) as any).solutions.map((x: any) => x.numeroAns)).toEqual(['NEWDPI0001']);
      expect(((await (await call('40208090600010')).json()) as any).solutions.map((x: any) => x.numeroAns)).toEqual(['CJMPFI0001', 'NEWPFI0001']);
    } finally {
      await stack.stop();
    }
  }, 30_000);
});
