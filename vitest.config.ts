import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two projects, each test file in exactly one:
 * - `unit`: tests that need nothing running (`npm run test:unit`, a few seconds' loop).
 * - `integration`: tests that talk to what `test/global-setup.ts` starts (the synthesized CDK apps served by the
 *   engine over DynamoDB Local), or that start DynamoDB Local, an engine or a CDK synth themselves.
 * The split is read from the code, so a new test lands in the right project without a list to keep: a test file is
 * an integration test when it, or a test helper it imports (relative imports inside `test/`, followed
 * transitively), calls `inject(` or one of the launchers below. A test misfiled as unit fails loudly there
 * (`inject` has nothing to give it), never silently.
 */
const root = import.meta.dirname;
const needsRunningServices = /\binject\(|\bstartDynamoDbLocal\(|\bstartEngine\(|\bsynthesize\(/;

function reachesRunningServices(file: string, visited = new Set<string>()): boolean {
  if (visited.has(file)) return false;
  visited.add(file);
  const source = readFileSync(file, 'utf8');
  if (needsRunningServices.test(source)) return true;
  // value imports only: a type from test/global-setup.ts starts nothing
  const helpers = [...source.matchAll(/^import (?!type )[^;]*? from '(\.[^']+)\.js';/gms)]
    .map(([, specifier]) => path.resolve(path.dirname(file), `${specifier}.ts`))
    .filter((helper) => helper.startsWith(path.join(root, 'test') + path.sep));
  return helpers.some((helper) => reachesRunningServices(helper, visited));
}

const testFiles = ['test', 'local', 'functions'].flatMap((folder) =>
  readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(folder, file)),
);
const integration = testFiles.filter((file) => reachesRunningServices(path.join(root, file)));
const unit = testFiles.filter((file) => !integration.includes(file));

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      // one module graph per worker rather than per file: a quarter less CPU for a loop of many small files
      { extends: true, test: { name: 'unit', include: unit, isolate: false, testTimeout: 10_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: integration,
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
