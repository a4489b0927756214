/**
 * The offline `segur simulate` command (SPEC §9), run in this process through `main` — the very
 * function the command line calls, with its exit status and both output streams — against the
 * example files and their expected outcomes (spec/examples/README.md); and once as a child
 * process, exactly as a supplier runs it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/segur.js';
import type { CommandIo } from '../../cli/simulate-command.js';
import type { ReturnFile } from '../../shared/domain/return-file.js';
import { validFile } from '../fixtures/deposit-files.js';
import { segurInProcess, type SegurRun } from '../fixtures/segur-in-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = resolve(ROOT, 'test', 'fixtures', 'examples');
const DPI_EXAMPLE = join(EXAMPLES, 'dpi-avance-valide.json');
const PFI_EXAMPLE = join(EXAMPLES, 'pfi-avance-valide.json');

type Run = SegurRun;
const segur = segurInProcess;

const simulate = (...args: string[]) => segur('simulate', ...args);

function returnFileOf(run: Run): ReturnFile {
  return JSON.parse(run.stdout) as ReturnFile;
}

type Found = { code: string; champ: string };
const found = (issues: readonly Found[]) => issues.map((i) => ({ code: i.code, champ: i.champ }));
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code).sort();

/** The submitted file as the return file must echo it: values unchanged, without the added keys. */
function submitted(rf: ReturnFile): unknown {
  const { resultat: _resultat, ...rest } = rf as unknown as Record<string, unknown>;
  rest.lignesImport = (rf.lignesImport ?? []).map(({ codeTraitement, libelleTraitement, erreurs, avertissements, ...line }) => line);
  return rest;
}

function expectUsageError(run: Run): void {
  expect(run.code).toBe(64);
  expect(run.stderr.trim().length).toBeGreaterThan(0);
  expect(run.stdout).toBe('');
}

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segur-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(path, content);
  return path;
}

async function exampleWith(name: string, example: string, edit: (file: Record<string, any>) => void): Promise<string> {
  const file = JSON.parse(await readFile(example, 'utf8')) as Record<string, any>;
  edit(file);
  return tempFile(name, JSON.stringify(file, null, 2));
}

describe('the examples table (spec/examples/README.md)', () => {
  it('dpi-avance-valide.json --ans MJCDPI0001 --type avance --tva 20 --siret 40308070600020: VALIDE, exit 0, AVT-02 on the file', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--siret', '40308070600020');
    expect(run.code).toBe(0);
    const rf = returnFileOf(run);
    const r = rf.resultat;
    expect(r.statut).toBe('VALIDE');
    expect(r.erreurs).toEqual([]);
    expect(codes(r.avertissements)).toEqual(['AVT-02']);
    expect([r.nombreDemandes, r.nombreDemandesValides, r.nombreDemandesEnErreur]).toEqual([1, 1, 0]);
    const line = rf.lignesImport![0]!;
    expect(line.codeTraitement).toBe('OK');
    expect(line.libelleTraitement).toBe('Demande valide');
    expect(line.erreurs).toEqual([]);
    expect(line.avertissements).toEqual([]);
    expect(submitted(rf)).toEqual(JSON.parse(await readFile(DPI_EXAMPLE, 'utf8')));
  });

  it('pfi-avance-valide.json --ans CJMPFI0001 --type avance --tva 0 --siret 40208090600010: VALIDE, exit 0, AVT-01 on line 1 and AVT-02 on the file', async () => {
    const run = await simulate(PFI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '0', '--siret', '40208090600010');
    expect(run.code).toBe(0);
    const rf = returnFileOf(run);
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(rf.resultat.erreurs).toEqual([]);
    expect(codes(rf.resultat.avertissements)).toEqual(['AVT-02']);
    expect([rf.resultat.nombreDemandes, rf.resultat.nombreDemandesValides, rf.resultat.nombreDemandesEnErreur]).toEqual([1, 1, 0]);
    const line = rf.lignesImport![0]!;
    expect(line.codeTraitement).toBe('OK');
    expect(line.libelleTraitement).toBe('Demande valide');
    expect(found(line.avertissements)).toEqual([{ code: 'AVT-01', champ: 'beneficiaires.FINESSPMSI' }]);
    expect(submitted(rf)).toEqual(JSON.parse(await readFile(PFI_EXAMPLE, 'utf8')));
  });

  it('pfi-avance-valide.json --ans CJMPFI0001 --type avance --tva 20: EN_ERREUR, exit 1, DEM-10 on line 1, same warnings', async () => {
    const run = await simulate(PFI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(1);
    const rf = returnFileOf(run);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(rf.resultat.erreurs).toEqual([]);
    expect(codes(rf.resultat.avertissements)).toEqual(['AVT-02']);
    expect([rf.resultat.nombreDemandes, rf.resultat.nombreDemandesValides, rf.resultat.nombreDemandesEnErreur]).toEqual([1, 0, 1]);
    const line = rf.lignesImport![0]!;
    expect(line.codeTraitement).toBe('KO');
    expect(found(line.erreurs)).toEqual([{ code: 'DEM-10', champ: 'commande.regimeTVA' }]);
    expect(line.libelleTraitement).toBe(`DEM-10 : ${line.erreurs[0]!.message}`);
    expect(found(line.avertissements)).toEqual([{ code: 'AVT-01', champ: 'beneficiaires.FINESSPMSI' }]);
    expect(submitted(rf)).toEqual(JSON.parse(await readFile(PFI_EXAMPLE, 'utf8')));
  });

  it('dpi-avance-valide.json --ans CJMPFI0001 --type avance --tva 20: FORMAT_INVALIDE, exit 2, ENT-01, FMT-02 for every DPI flag and missing PFI flag, AVT-02', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(2);
    const rf = returnFileOf(run);
    expect(Object.keys(rf)).toEqual(['resultat']);
    const r = rf.resultat;
    expect(r.statut).toBe('FORMAT_INVALIDE');
    expect([r.nombreDemandes, r.nombreDemandesValides, r.nombreDemandesEnErreur]).toEqual([1, 0, 0]);
    const scenario = 'lignesImport[0].scenarioInstallation';
    const flags = [
      'isProSanteConnectNeeded', 'isFluxSortantDMPVersPFI', 'isFluxSortantMSSVersPFI', 'isFluxEntrantMSSDepuisPFI', 'isFluxEntrantDepuisRI',
      'isFluxEntrantDepuisDPI', 'isFluxEntrantDepuisRIS', 'isFluxEntrantDepuisSGL', 'isFluxSortantVersDPI', 'isFluxSortantVersRIS',
      'isFluxSortantVersDMP', 'isFluxSortantParMSS',
    ];
    const expected = [{ code: 'ENT-01', champ: 'numeroAns' }, ...flags.map((f) => ({ code: 'FMT-02', champ: `${scenario}.${f}` }))];
    const sortKey = (f: Found) => `${f.code} ${f.champ}`;
    expect(found(r.erreurs).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
    expect(codes(r.avertissements)).toEqual(['AVT-02']);
  });
});

describe('outputs', () => {
  it('writes the return file to --out, indented by two spaces, and nothing to stdout', async () => {
    const out = join(dir, 'out', 'retour.json');
    await mkdir(join(dir, 'out'), { recursive: true });
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    const text = await readFile(out, 'utf8');
    const rf = JSON.parse(text) as ReturnFile;
    expect(rf.resultat.statut).toBe('VALIDE');
    expect(text.trimEnd()).toBe(JSON.stringify(rf, null, 2));
    expect(run.stderr.trim().length).toBeGreaterThan(0);
  });

  it('writes the return file to stdout without --out, and the summary to stderr', async () => {
    const run = await simulate(PFI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(1);
    const rf = returnFileOf(run);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(run.stdout.trimEnd()).toBe(JSON.stringify(rf, null, 2));
    expect(run.stderr.trim().length).toBeGreaterThan(0);
    expect(() => JSON.parse(run.stderr)).toThrow();
    expect(run.stderr).toContain('EN_ERREUR');
  });

  it('shows identifiantFichier null, the base name of the file, the chosen numéro ANS and a Paris timestamp offline', async () => {
    const path = await exampleWith(join('deep', 'sous dossier', 'mon-depot.json'), DPI_EXAMPLE, () => {});
    const run = await simulate(path, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(0);
    const r = returnFileOf(run).resultat;
    expect(r.identifiantFichier).toBeNull();
    expect(r.nomFichier).toBe('mon-depot.json');
    expect(r.numeroAns).toBe('MJCDPI0001');
    expect(r.typeDemande).toBe('AVANCE');
    expect(r.tauxTva).toBe(20);
    expect(r.dateSimulation).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+0[12]:00$/);
  });

  it('simulates a valid file of 200 lines as VALIDE with 200 valid lines', async () => {
    const path = await tempFile('deux-cents.json', JSON.stringify(validFile(200, 'DPI'), null, 2));
    const run = await simulate(path, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--siret', '40308070600020');
    expect(run.code).toBe(0);
    const rf = returnFileOf(run);
    expect(rf.resultat.statut).toBe('VALIDE');
    expect([rf.resultat.nombreDemandes, rf.resultat.nombreDemandesValides, rf.resultat.nombreDemandesEnErreur]).toEqual([200, 200, 0]);
    expect(rf.lignesImport).toHaveLength(200);
    expect(rf.lignesImport!.every((l) => l.codeTraitement === 'OK' && l.erreurs.length === 0)).toBe(true);
  });

  it('rejects a file of 201 lines with FMT-03, exit 2', async () => {
    const path = await tempFile('deux-cent-un.json', JSON.stringify(validFile(201, 'DPI')));
    const run = await simulate(path, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(2);
    const rf = returnFileOf(run);
    expect(Object.keys(rf)).toEqual(['resultat']);
    expect(codes(rf.resultat.erreurs)).toEqual(['FMT-03']);
    expect(rf.resultat.nombreDemandes).toBe(201);
  });

  it('rejects a file that is not JSON with FMT-01 and its place, exit 2', async () => {
    const path = await tempFile('casse.json', '{\n  "numeroAns": "MJCDPI0001",\n    @\n}');
    const run = await simulate(path, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20');
    expect(run.code).toBe(2);
    const rf = returnFileOf(run);
    expect(Object.keys(rf)).toEqual(['resultat']);
    expect(rf.resultat.erreurs).toHaveLength(1);
    expect(rf.resultat.erreurs[0]).toMatchObject({ code: 'FMT-01', ligne: 3, colonne: 5 });
    expect(run.stderr).toContain('FORMAT_INVALIDE');
  });

  it('checks ENT-02 when --siret is given and differs from the file', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--siret', '40208090600010');
    expect(run.code).toBe(2);
    const rf = returnFileOf(run);
    expect(found(rf.resultat.erreurs)).toEqual([{ code: 'ENT-02', champ: 'siret' }]);
  });
});

describe('options', () => {
  it('takes --type SOLDE in upper case (the AVANCE example then lacks its FAC and VA/MOM: DEM-24)', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'SOLDE', '--tva', '20');
    expect(run.code).toBe(1);
    const rf = returnFileOf(run);
    expect(rf.resultat.typeDemande).toBe('SOLDE');
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(found(rf.lignesImport![0]!.erreurs)).toEqual([{ code: 'DEM-24', champ: 'piecesJustificatives' }]);
  });

  it('takes --type Avance in mixed case', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'Avance', '--tva', '20');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat).toMatchObject({ typeDemande: 'AVANCE', statut: 'VALIDE' });
  });

  it('takes --tva 8,5 as 8.5', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '8,5');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat).toMatchObject({ tauxTva: 8.5, statut: 'VALIDE' });
  });

  it('takes --tva 8.5', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '8.5');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat).toMatchObject({ tauxTva: 8.5, statut: 'VALIDE' });
  });

  it('takes --logiciel pfi in lower case', async () => {
    const run = await simulate(PFI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '0', '--logiciel', 'pfi');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat.statut).toBe('VALIDE');
  });

  it('takes --logiciel for a numéro ANS that names neither DPI nor PFI', async () => {
    const path = await exampleWith('pfi-neutre.json', PFI_EXAMPLE, (f) => {
      f.numeroAns = 'ABCXYZ0001';
    });
    const run = await simulate(path, '--ans', 'ABCXYZ0001', '--type', 'avance', '--tva', '0', '--logiciel', 'pfi');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat).toMatchObject({ numeroAns: 'ABCXYZ0001', statut: 'VALIDE' });
  });

  it('takes --logiciel for a numéro ANS that names both DPI and PFI', async () => {
    const path = await exampleWith('pfi-les-deux.json', PFI_EXAMPLE, (f) => {
      f.numeroAns = 'DPIPFI0001';
    });
    const run = await simulate(path, '--ans', 'DPIPFI0001', '--type', 'avance', '--tva', '0', '--logiciel', 'PFI');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat.statut).toBe('VALIDE');
  });

  it('uses --date as today for DEM-08: the day before the signature is an error', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--date', '14/01/2024');
    expect(run.code).toBe(1);
    const rf = returnFileOf(run);
    expect(rf.resultat.statut).toBe('EN_ERREUR');
    expect(found(rf.lignesImport![0]!.erreurs)).toEqual([{ code: 'DEM-08', champ: 'commande.dateSignatureCommande' }]);
  });

  it('uses --date as today for DEM-08: signing on that very day is fine', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--date', '15/01/2024');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat.statut).toBe('VALIDE');
  });

  it('takes a leap day as --date', async () => {
    const run = await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--date', '29/02/2024');
    expect(run.code).toBe(0);
    expect(returnFileOf(run).resultat.statut).toBe('VALIDE');
  });
});

describe('bad usage: exit 64 with a message on stderr', () => {
  const rest = ['--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20'];

  it('without a file', async () => {
    expectUsageError(await simulate(...rest));
  });

  it('with an unknown option', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, ...rest, '--foo', 'bar'));
  });

  it('without --ans', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--type', 'avance', '--tva', '20'));
  });

  it('without --type', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--tva', '20'));
  });

  it('without --tva', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance'));
  });

  it('with --tva 19', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '19'));
  });

  it('with --tva 5,5', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '5,5'));
  });

  it('with --type acompte', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'acompte', '--tva', '20'));
  });

  it('with --date 31/02/2024 (no such day)', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, ...rest, '--date', '31/02/2024'));
  });

  it('with --date 2024-01-15 (not JJ/MM/AAAA)', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, ...rest, '--date', '2024-01-15'));
  });

  it('with a numéro ANS naming neither DPI nor PFI and no --logiciel', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'ABCXYZ0001', '--type', 'avance', '--tva', '20'));
  });

  it('with a numéro ANS naming both DPI and PFI and no --logiciel', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, '--ans', 'DPIPFI0001', '--type', 'avance', '--tva', '20'));
  });

  it('with --logiciel XYZ', async () => {
    expectUsageError(await simulate(DPI_EXAMPLE, ...rest, '--logiciel', 'XYZ'));
  });

  it('with a file that does not exist', async () => {
    expectUsageError(await simulate(join(dir, 'absent.json'), ...rest));
  });

  it('with a directory instead of a file', async () => {
    expectUsageError(await simulate(dir, ...rest));
  });
});

describe('the command line', () => {
  it('without a command: exit 64 and the usage of every command on stderr', async () => {
    const run = await segur();
    expectUsageError(run);
    for (const command of ['segur simulate', 'segur jeton', 'segur referentiel load']) expect(run.stderr).toContain(command);
  });

  it('with an unknown command: exit 64, naming it', async () => {
    const run = await segur('simuler', DPI_EXAMPLE);
    expectUsageError(run);
    expect(run.stderr).toContain('commande inconnue : simuler');
  });

  it('segur jeton without a SIRET, or with a malformed one: exit 64', async () => {
    expectUsageError(await segur('jeton'));
    expectUsageError(await segur('jeton', '123'));
    expectUsageError(await segur('jeton', '40308070600020', 'de trop'));
  });

  it('segur referentiel without load and a file: exit 64', async () => {
    expectUsageError(await segur('referentiel'));
    expectUsageError(await segur('referentiel', 'charger', DPI_EXAMPLE));
  });

  it('segur --help, -h and help: the usage of every command on stdout, exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const run = await segur(...args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr).toBe('');
      for (const command of ['segur simulate', 'segur jeton', 'segur referentiel load', 'segur redrive']) expect(run.stdout).toContain(command);
      expect(run.stdout).toContain('segur <commande> --help');
    }
  });

  it('segur <commande> --help or -h, wherever it stands before --: that command’s usage and options on stdout, exit 0, nothing run', async () => {
    const cases: [string[], string, string][] = [
      [['simulate', '--help'], 'usage : segur simulate <fichier.json>', '--logiciel <DPI|PFI>'],
      [['simulate', DPI_EXAMPLE, '--ans', 'MJCDPI0001', '-h'], 'usage : segur simulate <fichier.json>', '2 FORMAT_INVALIDE'],
      [['jeton', '--help'], 'usage : segur jeton <siret>', 'jamais accepté par une pile déployée'],
      [['referentiel', '-h'], 'usage : segur referentiel load <fichier.json>', 'REFERENTIEL_TABLE'],
      [['referentiel', 'load', '--help'], 'usage : segur referentiel load <fichier.json>', 'refusé en entier'],
      [['redrive', '--help'], 'usage : segur redrive --file-attente <url>', '--dossier-donnees <dossier>'],
      [['redrive', '--local', '-h'], 'usage : segur redrive --file-attente <url>', '--max <N>'],
      [['help', 'redrive'], 'usage : segur redrive --file-attente <url>', '--configuration <variables.json>'],
    ];
    for (const [args, usage, detail] of cases) {
      const run = await segur(...args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.stdout.startsWith(usage), `${args.join(' ')} : ${run.stdout}`).toBe(true);
      expect(run.stdout.toLowerCase(), args.join(' ')).toContain(detail.toLowerCase());
    }
  });

  it('--help after -- is an argument, not a request for help; help for an unknown command is bad usage', async () => {
    expectUsageError(await segur('jeton', '--', '--help'));
    const unknown = await segur('simuler', '--help');
    expectUsageError(unknown);
    expect(unknown.stderr).toContain('commande inconnue : simuler');
    expectUsageError(await segur('help', 'simuler'));
  });

  it('an unexpected error: exit 70 with the error on stderr', async () => {
    let stderr = '';
    const io = {
      stdout: { write: () => { throw new Error('disque plein'); } },
      stderr: { write: (chunk: string) => ((stderr += chunk), true) },
    } as unknown as CommandIo;
    expect(await main(['simulate', DPI_EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20'], io)).toBe(70);
    expect(stderr).toContain('erreur inattendue');
    expect(stderr).toContain('disque plein');
  });

  // the only child process: the command line of SPEC §9, through npm and the bundled command
  // (whose JSON Schema validators are compiled at build time: a file with FMT-02 errors shows them)
  it('npm run --silent segur -- simulate …: the same return file, summary and exit status', { timeout: 30_000 }, async () => {
    const out = join(dir, 'retour-npm.json');
    const args = ['simulate', DPI_EXAMPLE, '--ans', 'CJMPFI0001', '--type', 'avance', '--tva', '20'];
    const child = await new Promise<Run>((done) => {
      execFile(
        process.platform === 'win32' ? 'npm.cmd' : 'npm',
        ['run', '--silent', 'segur', '--', ...args, '--out', out],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
        (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(child.code, child.stderr).toBe(2);
    expect(child.stdout).toBe('');
    const rf = JSON.parse(await readFile(out, 'utf8')) as ReturnFile;
    const inProcess = await segur(...args);
    const { dateSimulation: _a, ...fromChild } = rf.resultat;
    const { dateSimulation: _b, ...fromMain } = returnFileOf(inProcess).resultat;
    expect(codes(fromChild.erreurs)).toContain('FMT-02');
    expect(fromChild).toEqual(fromMain);
    expect(child.stderr).toBe(inProcess.stderr);
  });
});
