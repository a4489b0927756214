/**
 * The store contract against the AWS adapters on the real protocols: DynamoDB (dynalite) and S3
 * (s3rver), started on a temporary folder with the tables and buckets of the synthesized template.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createAwsClients, type AwsClients } from '../../shared/adapters/aws/clients.js';
import { createAwsStores } from '../../shared/adapters/aws/stores.js';
import { config } from '../../shared/config.js';
import type { Stores } from '../../shared/ports/stores.js';
import { startLocalServices, type LocalServices } from '../../local/services.js';
import { describeStoreContract } from '../adapters/store-contract.js';

let dataDir: string;
let services: LocalServices;
let clients: AwsClients;
let stores: Stores;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'segur-stores-'));
  services = await startLocalServices(dataDir, 0, '127.0.0.1', 'SILENT');
  // the clients read the emulators' endpoints from the variables the services just set
  clients = createAwsClients();
  stores = createAwsStores(config(), clients);
});

afterAll(async () => {
  clients?.dynamo.destroy();
  clients?.s3.destroy();
  await services?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describeStoreContract('AWS adapters on the emulators', () => stores, { rangeOnEmptyObject: true });
