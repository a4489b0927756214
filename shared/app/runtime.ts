import { randomUUID } from 'node:crypto';
import type { Runtime } from '../ports/stores.js';

/** The real clock, random worker identifiers and timers. */
export const systemRuntime: Runtime = {
  now: () => new Date(),
  newWorkerId: () => randomUUID(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
