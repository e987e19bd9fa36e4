import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function evaluateCode(args: string[]): { status: number; output: any } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'local/cli.ts', 'evaluate-code', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    return { status: 0, output: JSON.parse(stdout) };
  } catch (error) {
    const failure = error as { status: number; stdout: string };
    return { status: failure.status, output: JSON.parse(failure.stdout) };
  }
}

describe('the evaluate-code command, as `aws appsync evaluate-code` answers', () => {
  it("evaluates a project resolver's request handler from its TypeScript source", () => {
    const { status, output } = evaluateCode([
      '--code',
      'resolvers/Query.reward.ts',
      '--context',
      '{"arguments":{"id":"r-1"}}',
      '--function',
      'request',
    ]);
    expect(status).toBe(0);
    expect(JSON.parse(output.evaluationResult)).toEqual({ operation: 'GetItem', key: { id: { S: 'r-1' } } });
    expect(output.error).toBeNull();
  });

  it('runs the response handler with a context file and reports util.error as the error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evaluate-'));
    const context = path.join(dir, 'context.json');
    writeFileSync(
      context,
      JSON.stringify({
        arguments: { input: { id: 'taken' } },
        error: { message: 'The conditional request failed', type: 'DynamoDB:ConditionalCheckFailedException' },
      }),
    );
    const { status, output } = evaluateCode([
      '--code',
      'resolvers/Mutation.createReward.ts',
      '--context',
      context,
      '--function',
      'response',
    ]);
    expect(status).toBe(1);
    expect(output.error.message).toBe('A reward with id taken already exists');
    expect(output.evaluationResult).toBeNull();
  });

  it('rejects code AppSync would reject, naming file and line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'evaluate-'));
    const file = path.join(dir, 'Query.bad.ts');
    writeFileSync(
      file,
      'export function request(ctx: any) {\n  let n = 0;\n  while (n < 3) { n = n + 1; }\n  return {};\n}\nexport function response() {}\n',
    );
    const { status, output } = evaluateCode(['--code', file, '--function', 'request']);
    expect(status).toBe(1);
    expect(output.error.message).toMatch(/Query\.bad\.ts:3/);
  });
});
