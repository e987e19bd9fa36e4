/**
 * Runs only the APPSYNC_JS runtime tests, without the repo-wide global setup (which synthesizes the
 * CDK apps and starts the engines): `npx vitest run --config test/runtime/vitest.config.ts`.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: path.resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/runtime/**/*.test.ts'],
    pool: 'forks',
  },
});
