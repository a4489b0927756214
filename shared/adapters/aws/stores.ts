import type { ServiceConfig } from '../../config.js';
import type { Stores } from '../../ports/stores.js';

/** The DynamoDB and S3 adapters, wired once from the configuration (a composition root calls this at module scope). */
export function createAwsStores(_config: ServiceConfig): Stores {
  throw new Error('not yet');
}
