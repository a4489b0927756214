import { readFile } from 'node:fs/promises';
import { CONFIG_VARIABLES } from '../shared/config.js';
import { readReferentielFile } from '../shared/domain/referentiel.js';
import type { CommandIo } from './simulate-command.js';
import { UsageError } from './usage-error.js';

export const REFERENTIEL_USAGE = 'segur referentiel load <fichier.json>';

/**
 * `segur referentiel load <file>`: upserts suppliers and solutions into the configured DynamoDB —
 * the deployed table when REFERENTIEL_TABLE is set (with the operator's AWS credentials), else
 * the local stack's. All or nothing: a malformed file stores nothing (exit status 1).
 */
export async function referentielCommand(args: string[], io: CommandIo): Promise<number> {
  const [action, path, ...rest] = args;
  if (action !== 'load' || path === undefined || rest.length > 0) throw new UsageError(`usage : ${REFERENTIEL_USAGE}`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`impossible de lire le fichier ${path} (${(error as NodeJS.ErrnoException).code ?? 'erreur'})`);
  }
  const file = readReferentielFile(text);
  if (!file.ok) {
    io.stderr.write(`Référentiel refusé, rien n'a été enregistré :\n${file.reasons.map((r) => `  - ${r}`).join('\n')}\n`);
    return 1;
  }

  // the deployed table when the operator names it, else the local stack's (which names it)
  const tableVariable = CONFIG_VARIABLES.referentielTable;
  let release = async () => {};
  if (!process.env[tableVariable]) {
    const { useLocalServices } = await import('../local/services.js');
    const { defaultDataDir } = await import('../local/stack.js');
    release = await useLocalServices(defaultDataDir());
  }
  try {
    // only the reference data's store: the other tables' variables need not be set against AWS
    const [{ createAwsClients }, { DynamoReferentielStore }] = await Promise.all([
      import('../shared/adapters/aws/clients.js'),
      import('../shared/adapters/aws/referentiel-store.js'),
    ]);
    await new DynamoReferentielStore(createAwsClients().dynamo, process.env[tableVariable]!).upsertFournisseurs(file.fournisseurs);
  } finally {
    await release();
  }
  const solutions = file.fournisseurs.reduce((n, f) => n + f.solutions.length, 0);
  io.stderr.write(`Référentiel chargé : ${file.fournisseurs.length} fournisseur(s), ${solutions} solution(s).\n`);
  return 0;
}
