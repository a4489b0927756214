#!/usr/bin/env node
/**
 * `segur` (`npm run --silent segur -- …`, SPEC §9): runs the bundled command, rebuilding it first
 * when one of its sources changed since it was built (scripts/build-cli.mjs). The check reads the
 * manifest and compares the time and size of each source: about a millisecond.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'segur', 'cli');

/** The bundle's entry when it is up to date with every source it was built from. */
function freshBundle() {
  try {
    const manifest = JSON.parse(readFileSync(join(BUNDLE_DIR, 'manifest.json'), 'utf8'));
    for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
      const now = statSync(join(ROOT, file));
      if (now.mtimeMs !== mtimeMs || now.size !== size) return undefined;
    }
    return join(BUNDLE_DIR, manifest.entry);
  } catch {
    return undefined; // not built yet, or a source is gone
  }
}

let entry = freshBundle();
if (!entry) {
  try {
    const { buildCli } = await import('../scripts/build-cli.mjs');
    entry = await buildCli();
  } catch (error) {
    process.stderr.write(`segur : impossible de construire la commande : ${error?.message ?? String(error)}\n`);
    process.exit(70);
  }
}
try {
  await import(pathToFileURL(entry).href);
} catch (error) {
  // the bundle itself failed to load: not an exit status of the command (1 is EN_ERREUR)
  process.stderr.write(`segur : erreur inattendue : ${error?.stack ?? String(error)}\n`);
  process.exitCode = 70;
}
