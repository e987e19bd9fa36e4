// `npm run lint` is `eslint .` with eslint.config.mjs: linting probe files through the same config and cwd
// shows what it would report, without an engine.
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A promise-returning call whose promise nobody awaits: an event it publishes could be lost unseen. */
const FLOATING_PROMISE = `async function publish(): Promise<void> {}

export function handle(): void {
  publish();
}
`;

const SAFE_CALL = `async function publish(): Promise<void> {}

export async function handle(): Promise<void> {
  await publish();
}
`;

/** Writes each source under its folder (the project service only types files that exist), lints them, removes them. */
async function lintProbes(sources: Record<string, string>): Promise<Map<string, string[]>> {
  const files = Object.entries(sources).map(([folder, code]) => ({
    folder,
    file: path.join(repoRoot, folder, `lint-probe-${randomUUID()}.ts`),
    code,
  }));
  try {
    for (const { file, code } of files) writeFileSync(file, code);
    const results = await new ESLint({ cwd: repoRoot }).lintFiles(files.map(({ file }) => file));
    return new Map(
      files.map(({ folder, file }) => [
        folder,
        (results.find((result) => result.filePath === file)?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`),
      ]),
    );
  } finally {
    for (const { file } of files) rmSync(file, { force: true });
  }
}

describe('npm run lint', () => {
  it('reports a floating promise placed in any file of local/, functions/ or web/src/, and nothing in the same code awaited', async () => {
    const folders = ['local', 'functions', 'web/src'];
    const reports = await lintProbes({
      ...Object.fromEntries(folders.map((folder) => [folder, FLOATING_PROMISE])),
      'local/lambda': SAFE_CALL,
    });

    for (const folder of folders) {
      expect(reports.get(folder), folder).toEqual([
        expect.stringMatching(/^@typescript-eslint\/no-floating-promises: Promises must be awaited/),
      ]);
    }
    expect(reports.get('local/lambda')).toEqual([]);
  }, 120_000);
});
