/**
 * The process around `main`: the command line in, the exit status out. The bundle that
 * `cli/launcher.mjs` runs is built from this file (scripts/build-cli.mjs).
 */
import '../local/sdk-warning.js';
import { main } from './segur.js';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
