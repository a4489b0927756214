import { isSiretFormat } from '../shared/domain/identifiers.js';
import type { CommandIo } from './simulate-command.js';
import { UsageError } from './usage-error.js';

export const JETON_USAGE = 'segur jeton <siret>';

/** `segur jeton <siret>`: a bearer token the local stack accepts for that supplier, alone on standard output. */
export async function jetonCommand(args: string[], io: CommandIo): Promise<number> {
  const [siret, ...rest] = args;
  if (siret === undefined || rest.length > 0) throw new UsageError(`usage : ${JETON_USAGE}`);
  if (!isSiretFormat(siret)) throw new UsageError(`le SIRET doit compter 14 chiffres ; reçu « ${siret} »`);
  const { issueLocalToken } = await import('../local/local-token.js');
  const { defaultDataDir } = await import('../local/stack.js');
  io.stdout.write(`${await issueLocalToken(defaultDataDir(), siret)}\n`);
  return 0;
}
