/** `npm run bench`: every measurement of the service, medians and ratios against baselines of the same run. */
import '../local/sdk-warning.js';
import { benchService } from './service.js';
import { benchSimulation } from './simulation.js';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
benchSimulation();
await benchService();
