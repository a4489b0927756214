import { commitImport } from '../../shared/app/import/commit-import.js';
import { importMetrics } from '../outcome-metrics.js';
import { s3Handler } from '../s3-handler.js';

/** S3 ObjectCreated under `imports/` → import of the simulated file. */
export const handler = s3Handler('import', ({ stores, runtime }, object) => commitImport(stores, runtime, object.key), importMetrics);
