import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // each test file runs in its own process: the local stack sets process-wide variables
    pool: 'forks',
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
    setupFiles: ['local/sdk-warning.ts'],
  },
});
