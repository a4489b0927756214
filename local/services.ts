/**
 * The local AWS services for the functions and the commands: emulators started on the data
 * folder, the process environment set as the template says, the demo reference data on first use.
 * A running `npm start` publishes its services in the data folder so commands can join it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_REFERENTIEL, readReferentielFile } from '../shared/domain/referentiel.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startEmulators, type Emulators } from './emulators.js';
import { loadLocalModel } from './model-cache.js';
import type { LocalModel } from './template.js';

const SERVICES_FILE = 'services.json';

export interface LocalServices {
  model: LocalModel;
  emulators: Emulators;
  /** True when this start created the tables (and loaded the demo reference data). */
  firstStart: boolean;
  /** Every variable set for the functions. */
  environment: Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalServices(dataDir: string, s3Port: number, host: string, logLevel: string): Promise<LocalServices> {
  const model = await loadLocalModel();
  const emulators = await startEmulators(dataDir, model.buckets, model.tables, s3Port, host);
  const environment: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: emulators.s3Url,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamoUrl,
    POWERTOOLS_LOG_LEVEL: logLevel,
  };
  for (const fn of model.functions.values()) Object.assign(environment, fn.environment);
  Object.assign(process.env, environment);

  const firstStart = emulators.createdTables.length > 0;
  if (firstStart) {
    const [{ createAwsStores }, { config }] = await Promise.all([import('../shared/adapters/aws/stores.js'), import('../shared/config.js')]);
    const demo = readReferentielFile(JSON.stringify(DEMO_REFERENTIEL));
    if (!demo.ok) throw new Error(`demo reference data: ${demo.reasons.join('; ')}`);
    await createAwsStores(config()).referentiel.upsertFournisseurs(demo.fournisseurs);
  }
  return { model, emulators, firstStart, environment, stop: () => emulators.stop() };
}

/** Tells commands where the running service's emulators are. */
export function publishServices(dataDir: string, environment: Record<string, string>): () => void {
  const file = join(dataDir, SERVICES_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.pid, environment }));
  return () => rmSync(file, { force: true });
}

/**
 * For a command: joins the running `npm start` of this data folder, or starts the emulators on
 * it for the command's duration. Returns how to let them go, which also gives the process back
 * the environment it had (a command run in-process, as the tests do, leaves no trace).
 */
export async function useLocalServices(dataDir: string): Promise<() => Promise<void>> {
  const before = { ...process.env };
  const restore = (environment: Record<string, string>) => () => {
    for (const name of Object.keys(environment)) {
      if (before[name] === undefined) delete process.env[name];
      else process.env[name] = before[name];
    }
  };
  const file = join(dataDir, SERVICES_FILE);
  if (existsSync(file)) {
    const published = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; environment: Record<string, string> };
    if (isAlive(published.pid)) {
      Object.assign(process.env, published.environment);
      const release = restore(published.environment);
      return async () => release();
    }
  }
  const services = await startLocalServices(dataDir, 0, '127.0.0.1', 'WARN');
  const release = restore(services.environment);
  return async () => {
    try {
      await services.stop();
    } finally {
      release();
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
