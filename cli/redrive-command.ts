import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CONFIG_VARIABLES } from '../shared/config.js';
import { existsSync } from 'node:fs';
import type { RedriveSummary } from '../shared/app/recovery/redrive.js';
import type { ServiceConfig } from '../shared/config.js';
import type { Stores } from '../shared/ports/stores.js';
import type { CommandIo } from './simulate-command.js';
import { UsageError } from './usage-error.js';

export const REDRIVE_USAGE =
  'segur redrive --file-attente <url> [--configuration <variables.json>] [--region <région>] [--max <N>] | segur redrive --local [--dossier-donnees <dossier>] [--max <N>]';

interface Options {
  queueUrl?: string;
  local: boolean;
  dataDir?: string;
  configuration?: string;
  region?: string;
  max: number;
}

/**
 * `segur redrive`: after a fix, replays the events whose work failed for good, so that the work
 * ends (shared/app/recovery/redrive.ts: done again by the use case of the function the event was
 * for, or given up by the lease rules), and prints what it did. Exit status 0 when every message
 * was replayed or already final, 1 when some are kept for a later run.
 *
 * - On AWS, `--file-attente`: a failure queue or its dead-letter queue (SQS). The use cases run
 *   in this process against the deployed tables and buckets, named by the functions' variables
 *   (the environment, or `--configuration`: the JSON of a function's `Environment.Variables`).
 *   Why not invoke the function, or move the messages back to the failure queue: the function's
 *   handler answers nothing a caller could read (done, or already final?), and the failure queue's
 *   consumer gives up work that the fix could have done. Here each outcome is known, a message is
 *   deleted only once its work has ended, and the code is the one the local redrive runs and the
 *   tests check. The operator's role needs sqs:ReceiveMessage, DeleteMessage, ChangeMessageVisibility
 *   on the queue and the data access of the functions; run it from the deployed version of the code.
 * - Locally, `--local`: the local stack's failure log, against its emulators (the running
 *   `npm start` of the data folder, or emulators started on the folder for the command).
 */
export async function redriveCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseOptions(args);
  const [{ redriveQueue, replayFailedEvent, replayLoggedEvent }, { systemRuntime }] = await Promise.all([
    import('../shared/app/recovery/redrive.js'),
    import('../shared/app/runtime.js'),
  ]);
  let summary: RedriveSummary;
  let source: string;
  if (options.local) {
    const dataDir = resolve(options.dataDir ?? (await import('../local/stack.js')).defaultDataDir());
    if (!existsSync(dataDir)) throw new UsageError(`le dossier de données ${dataDir} n'existe pas`);
    source = `Journal des échecs de ${dataDir}`;
    const { FailureLogQueue } = await import('../local/failure-log-queue.js');
    const queue = FailureLogQueue.open(dataDir);
    try {
      // an empty log needs no emulators
      summary =
        queue.waiting === 0
          ? { replayed: 0, alreadyFinal: 0, failed: [] }
          : await withLocalStores(dataDir, (stores) => redriveQueue(queue, (object) => replayLoggedEvent(stores, systemRuntime, object.key), options.max));
    } finally {
      queue.close();
    }
  } else {
    source = `File ${options.queueUrl}`;
    const [{ SQSClient }, { SqsFailureQueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('../shared/adapters/aws/sqs-failure-queue.js')]);
    const variables = options.configuration ? await readVariables(options.configuration) : {};
    summary = await withEnvironment({ ...variables, ...(options.region ? { AWS_REGION: options.region } : {}) }, () =>
      withDeployedStores(async (stores) => {
        const sqs = new SQSClient(options.region ? { region: options.region } : {});
        const queue = new SqsFailureQueue(sqs, options.queueUrl!);
        try {
          return await redriveQueue(queue, (object) => replayFailedEvent(stores, systemRuntime, object), options.max);
        } finally {
          await queue.close().finally(() => sqs.destroy());
        }
      }),
    );
  }
  io.stdout.write(summaryText(source, summary));
  return summary.failed.length === 0 ? 0 : 1;
}

/** The French summary: one line of counts, then one line per message kept. */
export function summaryText(source: string, summary: RedriveSummary): string {
  const total = summary.replayed + summary.alreadyFinal + summary.failed.length;
  if (total === 0) return `${source} : rien à rejouer.\n`;
  const lines = [
    `${source} : ${summary.replayed} rejoué(s), ${summary.alreadyFinal} déjà terminé(s), ${summary.failed.length} en échec.`,
    ...summary.failed.map((f) => `  en échec, gardé pour un prochain rejeu : ${f.id} — ${f.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

function parseOptions(args: string[]): Options {
  const options: Options = { local: false, max: Infinity };
  const value = (i: number, name: string) => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`l'option ${name} attend une valeur`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--local') options.local = true;
    else if (arg === '--file-attente') options.queueUrl = value(i++, arg);
    else if (arg === '--dossier-donnees') options.dataDir = value(i++, arg);
    else if (arg === '--configuration') options.configuration = value(i++, arg);
    else if (arg === '--region') options.region = value(i++, arg);
    else if (arg === '--max') {
      const text = value(i++, arg);
      if (!/^[1-9]\d*$/.test(text)) throw new UsageError(`--max attend un nombre entier positif ; reçu « ${text} »`);
      options.max = Number(text);
    } else throw new UsageError(`option inconnue : ${arg}\nusage : ${REDRIVE_USAGE}`);
  }
  if (options.local === (options.queueUrl !== undefined)) throw new UsageError(`indiquez --file-attente <url> ou --local\nusage : ${REDRIVE_USAGE}`);
  if (options.local && (options.configuration || options.region)) throw new UsageError('--configuration et --region valent pour une file AWS, pas avec --local');
  if (!options.local && options.dataDir) throw new UsageError('--dossier-donnees vaut avec --local');
  return options;
}

/** The service's variables out of a function's `Environment.Variables` (JSON), the others left out. */
async function readVariables(path: string): Promise<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`impossible de lire la configuration ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const variables: Record<string, string> = {};
  for (const name of Object.values(CONFIG_VARIABLES)) {
    const v = (parsed as Record<string, unknown> | null)?.[name];
    if (typeof v === 'string' && v !== '') variables[name] = v;
  }
  return variables;
}

/** Runs `work` with these variables set, the environment given back after (a command run in-process leaves no trace). */
async function withEnvironment<T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[name];
      else process.env[name] = v;
    }
  }
}

/** The stores over the deployed tables and buckets that the environment names. */
async function withDeployedStores<T>(work: (stores: Stores) => Promise<T>): Promise<T> {
  const missing = Object.values(CONFIG_VARIABLES).filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new UsageError(`variables absentes : ${missing.join(', ')} (donnez --configuration <variables.json>, les variables d'une fonction du service)`);
  }
  // read now, not through config(), which keeps the first configuration it read for the process
  const names = Object.fromEntries(Object.entries(CONFIG_VARIABLES).map(([key, name]) => [key, process.env[name]!])) as unknown as ServiceConfig;
  const [{ createAwsClients }, { createAwsStores }] = await Promise.all([import('../shared/adapters/aws/clients.js'), import('../shared/adapters/aws/stores.js')]);
  const clients = createAwsClients();
  try {
    return await work(createAwsStores(names, clients));
  } finally {
    clients.dynamo.destroy();
    clients.s3.destroy();
  }
}

/** The stores over the local stack's emulators: the running `npm start` of the folder, or emulators started for the command. */
async function withLocalStores<T>(dataDir: string, work: (stores: Stores) => Promise<T>): Promise<T> {
  const { useLocalServices } = await import('../local/services.js');
  const release = await useLocalServices(dataDir);
  try {
    return await withDeployedStores(work);
  } finally {
    await release();
  }
}
