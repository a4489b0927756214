import { simulateUpload } from '../../shared/app/simulation/simulate-upload.js';
import { simulationMetrics } from '../outcome-metrics.js';
import { s3Handler } from '../s3-handler.js';

/** S3 ObjectCreated under `depots/` → simulation of the uploaded JSON file. */
export const handler = s3Handler('simulation', ({ stores, runtime }, object) => simulateUpload(stores, runtime, object), simulationMetrics);
