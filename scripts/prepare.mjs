/**
 * npm's `prepare` (run by `npm install` and `npm ci` in this folder): builds the `segur` command
 * (scripts/build-cli.mjs) and the local model (local/model-cache.ts), so that the first
 * `npm start`, `segur` or test run of a fresh clone does neither. Without the devDependencies
 * (esbuild, tsx, aws-cdk-lib) it says so and lets the install finish: both are built on first use.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

try {
  const { buildCli } = await import('./build-cli.mjs');
  await buildCli();
} catch (error) {
  console.warn(`segur : la commande segur n'a pas pu être construite maintenant (${error.message.split('\n')[0]}) ; elle le sera à sa première utilisation.`);
}

const model = spawnSync(process.execPath, ['--import', 'tsx', 'local/model-cache.ts'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (model.status !== 0) {
  console.warn(`segur : le modèle local n'a pas pu être construit maintenant ; il le sera au premier npm start.\n${model.stderr.trim().split('\n').slice(0, 3).join('\n')}`);
}
