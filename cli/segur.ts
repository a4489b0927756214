#!/usr/bin/env node
/** The `segur` command: `npm run --silent segur -- <sous-commande> …` (SPEC §9). */
import '../local/sdk-warning.js';
import { JETON_USAGE, jetonCommand } from './jeton-command.js';
import { REFERENTIEL_USAGE, referentielCommand } from './referentiel-command.js';
import { SIMULATE_USAGE, simulateCommand } from './simulate-command.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

const USAGE = ['usage : segur <commande> …', `  ${SIMULATE_USAGE.replace('usage : ', '')}`, `  ${JETON_USAGE}`, `  ${REFERENTIEL_USAGE}`].join('\n');

const io = { stdout: process.stdout, stderr: process.stderr };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulate':
      return simulateCommand(rest, io);
    case 'jeton':
      return jetonCommand(rest, io);
    case 'referentiel':
      return referentielCommand(rest, io);
    default:
      throw new UsageError(command === undefined ? 'indiquez une commande' : `commande inconnue : ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`segur : ${error.message}\n${USAGE}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      process.stderr.write(`segur : erreur inattendue : ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
