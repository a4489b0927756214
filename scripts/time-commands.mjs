/**
 * `node scripts/time-commands.mjs [runs]`: the wall times of the commands of issue 8 item 7, as
 * medians of `runs` (default 10) — `node -e 0`, `segur simulate` on one file (through npm, the
 * launcher, and the bundle alone), `npm start` to its first page with the model cached, and
 * `segur referentiel load` without and with a running stack. Run it on a quiet machine.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 10);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const EXAMPLE = join(ROOT, 'test', 'fixtures', 'examples', 'dpi-avance-valide.json');
const SIMULATE = ['simulate', EXAMPLE, '--ans', 'MJCDPI0001', '--type', 'avance', '--tva', '20', '--out', join(tmpdir(), 'segur-time-retour.json')];
const PORT = 3900;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function timeRuns(label, command, args, env = {}) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    times.push(performance.now() - start);
    if (run.status !== 0 && run.status !== 1) throw new Error(`${label}: exit status ${run.status}`);
  }
  report(label, times);
  return median(times);
}

function report(label, times) {
  console.log(`${label.padEnd(58)} median ${median(times).toFixed(0).padStart(5)} ms   (${times.map((t) => t.toFixed(0)).join(' ')})`);
}

async function untilFirstPage(deadline) {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('npm start: no first page after 60 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts `npm start` on a data folder; resolves once its first page answers, with how to stop it. */
async function startService(dataDir) {
  const child = spawn(NPM, ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(PORT), SEGUR_DATA_DIR: dataDir }, stdio: 'ignore', detached: true });
  await untilFirstPage(Date.now() + 60_000);
  return () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      process.kill(-child.pid, 'SIGTERM');
    });
}

const node = timeRuns('node -e 0', process.execPath, ['-e', '0']);
const npmRun = timeRuns('npm run --silent segur -- simulate … --out …', NPM, ['run', '--silent', 'segur', '--', ...SIMULATE]);
timeRuns('node cli/launcher.mjs simulate … --out …', process.execPath, ['cli/launcher.mjs', ...SIMULATE]);
const manifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', '.cache', 'segur', 'cli', 'manifest.json'), 'utf8'));
const bundle = timeRuns('node <bundle> simulate … --out …', process.execPath, [join('node_modules', '.cache', 'segur', 'cli', manifest.entry), ...SIMULATE]);
console.log(`  ratios to node -e 0: npm run ${(npmRun / node).toFixed(2)}, bundle ${(bundle / node).toFixed(2)}`);

const firstPages = [];
const dataDir = mkdtempSync(join(tmpdir(), 'segur-time-'));
try {
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    const start = performance.now();
    const stop = await startService(dataDir);
    firstPages.push(performance.now() - start);
    await stop();
  }
  report('npm start → first page (model cached, data folder kept)', firstPages);

  const file = join(dataDir, 'referentiel.json');
  writeFileSync(file, JSON.stringify({ fournisseurs: [{ siret: '73282932000074', raisonSociale: 'Nouvel éditeur', statutEnrolement: 'VALIDE', solutions: [] }] }));
  const load = ['run', '--silent', 'segur', '--', 'referentiel', 'load', file];
  timeRuns('npm run --silent segur -- referentiel load (no stack)', NPM, load, { SEGUR_DATA_DIR: dataDir });
  const stop = await startService(dataDir);
  try {
    timeRuns('npm run --silent segur -- referentiel load (stack running)', NPM, load, { SEGUR_DATA_DIR: dataDir });
  } finally {
    await stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`node ${process.version}, npm ${execFileSync(NPM, ['--version'], { encoding: 'utf8' }).trim()}`);
