import { createAwsStores } from '../shared/adapters/aws/stores.js';
import { systemRuntime } from '../shared/app/runtime.js';
import { config } from '../shared/config.js';
import type { Runtime, Stores } from '../shared/ports/stores.js';

/** What a handler gives its use cases: the stores and the runtime. */
export interface Services {
  stores: Stores;
  runtime: Runtime;
}

let services: Services | undefined;

/**
 * The composition root of the functions: the AWS adapters, wired from the configuration once per
 * process, on first use — importing a handler reads no environment (tests import handlers).
 */
export function awsServices(): Services {
  services ??= { stores: createAwsStores(config()), runtime: systemRuntime };
  return services;
}
