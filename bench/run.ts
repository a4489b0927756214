/**
 * `npm run bench [simulation|service|import|unzip]`: every measurement of the service, medians and
 * ratios against baselines of the same run; each of issue 8's goals next to its figure, and again
 * together at the end.
 */
import '../local/sdk-warning.js';
import { benchImport } from './import.js';
import { goalLine, type GoalResult } from './measure.js';
import { benchService } from './service.js';
import { benchSimulation } from './simulation.js';
import { benchUnzip } from './unzip.js';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const only = process.argv[2];
const goals: GoalResult[] = [];
if (!only || only === 'simulation') goals.push(...benchSimulation());
if (!only || only === 'service') goals.push(...(await benchService()));
if (!only || only === 'import') goals.push(...(await benchImport()));
if (!only || only === 'unzip') await benchUnzip();
if (goals.length > 1) console.log(['objectifs (issue 8)', ...goals.map(goalLine)].join('\n'));
