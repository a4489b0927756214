/** `npm run bench`: every measurement of the service, medians and ratios against baselines of the same run. */
import '../local/sdk-warning.js';
import { benchImport } from './import.js';
import { benchService } from './service.js';
import { benchSimulation } from './simulation.js';
import { benchUnzip } from './unzip.js';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const only = process.argv[2];
if (!only || only === 'simulation') benchSimulation();
if (!only || only === 'service') await benchService();
if (!only || only === 'import') await benchImport();
if (!only || only === 'unzip') await benchUnzip();
