/** The `segur` command: `npm run --silent segur -- <sous-commande> …` (SPEC §9). */
import { asksForHelp, helpText, USAGE } from './help.js';
import { jetonCommand } from './jeton-command.js';
import { redriveCommand } from './redrive-command.js';
import { referentielCommand } from './referentiel-command.js';
import { simulateCommand, type CommandIo } from './simulate-command.js';
import { EXIT_USAGE, UsageError } from './usage-error.js';

/** EX_SOFTWARE: an error the command did not expect, its stack on standard error. */
export const EXIT_UNEXPECTED = 70;

/**
 * Runs one command line (without `node` and the script) and returns its exit status; writes only
 * to `io`. Help asked (`--help`, `-h`, `segur help [commande]`): the help on standard output, 0.
 * Bad usage: 64 with the message and the usage; anything unexpected: 70.
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

async function run(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return help(rest[0], io);
  if (command !== undefined && asksForHelp(rest) && helpText(command) !== undefined) return help(command, io);
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

function help(command: string | undefined, io: CommandIo): number {
  const text = helpText(command);
  if (text === undefined) throw new UsageError(`commande inconnue : ${command}`);
  io.stdout.write(text);
  return 0;
}
