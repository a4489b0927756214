import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../local/local-token.js';
import { startLocalStack } from '../../local/stack.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'segur-ref-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function segur(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const out = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/segur.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, SEGUR_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
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
    expect((await segur('referentiel', 'load', good)).code).toBe(0);

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

      // loading while npm start runs goes through the running stack
      const update = structuredClone(referentiel);
      update.fournisseurs[0]!.statutEnrolement = 'SUSPENDU';
      expect((await segur('referentiel', 'load', file('maj.json', update))).code).toBe(0);
      expect(await (await call('73282932000074')).json()).toMatchObject({ statutEnrolement: 'SUSPENDU' });

      // a solution given to another supplier leaves its previous owner
      const moved = { fournisseurs: [{ siret: '40208090600010', raisonSociale: 'Plateformes Imagerie Conseil (démo)', statutEnrolement: 'VALIDE', solutions: [{ numeroAns: 'NEWPFI0001', logiciel: 'PFI', libelle: 'Nouvelle PFI' }] }] };
      expect((await segur('referentiel', 'load', file('cession.json', moved))).code).toBe(0);
      expect(((await (await call('73282932000074')).json()) as any).solutions.map((x: any) => x.numeroAns)).toEqual(['NEWDPI0001']);
      expect(((await (await call('40208090600010')).json()) as any).solutions.map((x: any) => x.numeroAns)).toEqual(['CJMPFI0001', 'NEWPFI0001']);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
