/** The `segur` command: `npm run --silent segur -- <sous-commande> …` (SPEC §9). */
import { JETON_USAGE, jetonCommand } from './jeton-command.js';
import { REDRIVE_USAGE, redriveCommand } from './redrive-command.js';
import { REFERENTIEL_USAGE, referentielCommand } from './referentiel-command.js';
import { SIMULATE_USAGE, simulateCommand, type CommandIo } from './simulate-command.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

export const USAGE = ['usage : segur <commande> …', `  ${SIMULATE_USAGE.replace('usage : ', '')}`, `  ${JETON_USAGE}`, `  ${REFERENTIEL_USAGE}`, `  ${REDRIVE_USAGE}`].join('\n');

/** EX_SOFTWARE: an error the command did not expect, its stack on standard error. */
export const EXIT_UNEXPECTED = 70;

/**
 * Runs one command line (without `node` and the script) and returns its exit status; writes only
 * to `io`. Bad usage: 64 with the message and the usage; anything unexpected: 70.
 */
export async function main(argv: string[], io: CommandIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`segur : ${error.message}\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`segur : erreur inattendue : ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_UNEXPECTED;
  }
}

function run(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'simulate':
      return simulateCommand(rest, io);
    case 'jeton':
      return jetonCommand(rest, io);
    case 'referentiel':
      return referentielCommand(rest, io);
    case 'redrive':
      return redriveCommand(rest, io);
    default:
      throw new UsageError(command === undefined ? 'indiquez une commande' : `commande inconnue : ${command}`);
  }
}
