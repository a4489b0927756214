import { defineConfig } from 'vitest/config';

/**
 * Two projects (`npm run test:unit`, `npm run test:integration`; `npm test` runs both):
 * - `unit`: the domain, the use cases over in-memory adapters, adapters over mocked SDK clients,
 *   the CLI in-process. Worker threads, which start faster than processes: no file here sets
 *   process-wide state (and each file still gets a fresh worker).
 * - `integration`: the local stack over HTTP, the emulators, the page in Chromium, commands as
 *   child processes, and the CDK assertions (loading and synthesizing the CDK app, with one real
 *   esbuild bundling, costs 4–8 s, which would double the unit project). One process per file:
 *   the local stack sets process-wide variables, and CDK's bundling needs a real process's stdio.
 */
export default defineConfig({
  test: {
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    setupFiles: ['local/sdk-warning.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/adapters/**/*.test.ts'],
          pool: 'threads',
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/web/**/*.test.ts', 'test/infra/**/*.test.ts'],
          pool: 'forks',
          // synthesizes the local model once (when its sources changed) before any test process starts
          globalSetup: ['test/warm-model-cache.ts'],
          // the page in Chromium takes 4 s on a quiet machine, twice that beside another suite
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
