/** `npm run bench`: every measurement of the service, medians and ratios against baselines of the same run. */
import { benchSimulation } from './simulation.js';

benchSimulation();
