import type { ServiceConfig } from '../../config.js';
import type { Stores } from '../../ports/stores.js';
import { DynamoArchiveStore } from './archive-store.js';
import { createAwsClients, type AwsClients } from './clients.js';
import { DynamoDemandeStore } from './demande-store.js';
import { DynamoImportStore } from './import-store.js';
import { S3ObjectStore } from './object-store.js';
import { DynamoReferentielStore } from './referentiel-store.js';
import { DynamoSequenceStore } from './sequence-store.js';
import { DynamoUniciteStore } from './unicite-store.js';

/** The DynamoDB and S3 adapters, wired once from the configuration (a composition root calls this at module scope). */
export function createAwsStores(config: ServiceConfig, clients: AwsClients = createAwsClients()): Stores {
  const { dynamo, s3 } = clients;
  return {
    imports: new DynamoImportStore(dynamo, config.importsTable),
    demandes: new DynamoDemandeStore(dynamo, config.demandesTable),
    archives: new DynamoArchiveStore(dynamo, config.archivesTable),
    unicites: new DynamoUniciteStore(dynamo, config.unicitesTable),
    referentiel: new DynamoReferentielStore(dynamo, config.referentielTable),
    sequences: new DynamoSequenceStore(dynamo, config.sequencesTable),
    objects: new S3ObjectStore(s3, { televersements: config.uploadsBucket, documents: config.documentsBucket }),
  };
}
