import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaFunctionModel } from '../../local/assembly/stack-model.js';
import { LambdaRunner } from '../../local/lambda/runner.js';

/** A function that answers after the event's `waitMs`, one environment at a time. */
function aSlowFunction(codePath: string): LambdaFunctionModel {
  return {
    logicalId: 'Slow',
    name: 'Slow',
    handler: 'index.handler',
    runtime: 'nodejs20.x',
    codePath,
    environment: {},
    timeoutSeconds: 10,
    memoryMb: 128,
    reservedConcurrency: 1,
    roleStatements: [],
  };
}

describe('a stopped function', () => {
  let codePath: string;

  beforeAll(() => {
    codePath = mkdtempSync(path.join(tmpdir(), 'lambda-runner-'));
    writeFileSync(
      path.join(codePath, 'index.mjs'),
      'export const handler = async ({ waitMs }) => { await new Promise((resolve) => setTimeout(resolve, waitMs)); return { waited: waitMs }; };\n',
    );
  });
  afterAll(() => rmSync(codePath, { recursive: true, force: true }));

  it('lets the running invocation finish and answers the queued ones with a retryable failure instead of leaving them waiting', async () => {
    const runner = new LambdaRunner(aSlowFunction(codePath), {});
    const running = runner.invoke({ waitMs: 300 });
    const queued = runner.invoke({ waitMs: 0 });
    // the first one has its environment once it started: give the worker time to load the handler
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runner.close();

    expect(await queued).toEqual({ ok: false, errorType: 'ServiceException', errorMessage: expect.stringContaining('stopped') });
    expect(await running).toMatchObject({ ok: true, result: { waited: 300 } });
    expect(await runner.invoke({ waitMs: 0 })).toMatchObject({ ok: false, errorType: 'ServiceException' });
  });
});
