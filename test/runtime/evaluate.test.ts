import { describe, expect, test } from 'vitest';
import { evaluateCode } from '../../local/runtime/evaluate.js';

describe('evaluateCode', () => {
  test('bundles TypeScript, runs the handler and reports JSON strings like EvaluateCode', () => {
    const code = `import { util, Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
type Args = { id: string };
export function request(ctx: Context<Args>) {
  console.log('getting', ctx.args.id);
  ctx.stash.seen = true;
  util.appendError('partial', 'Warn');
  return ddb.get({ key: { id: ctx.args.id } });
}
export const response = (ctx: Context) => ctx.result;
`;
    const result = evaluateCode({
      code,
      context: { arguments: { id: 'p1' }, stash: { pre: 1 } },
      function: 'request',
      fileName: 'resolvers/Query.getPost.ts',
    });
    expect(result).toEqual({
      evaluationResult: '{"operation":"GetItem","key":{"id":{"S":"p1"}}}',
      error: null,
      logs: ['getting p1'],
      stash: '{"pre":1,"seen":true}',
      outErrors: '[{"message":"partial","errorType":"Warn","data":null,"errorInfo":null}]',
    });
  });

  test('unsupported syntax is reported as LINT_ERROR code errors at the original line', () => {
    const code = `export function request(ctx) {
  let n = 0;
  while (n < 3) n += 1;
  return n;
}
export function response(ctx) { return ctx.result; }`;
    const result = evaluateCode({ code, context: {}, function: 'request' });
    expect(result.evaluationResult).toBeNull();
    expect(result.error?.codeErrors).toEqual([
      { errorType: 'LINT_ERROR', value: 'while statements are not supported', location: { line: 3, column: 3, span: 0 } },
    ]);
  });

  test('syntax errors are PARSER_ERROR code errors', () => {
    const result = evaluateCode({ code: 'export function request(ctx) { return {; }', context: {}, function: 'request' });
    expect(result.error?.codeErrors[0]).toMatchObject({ errorType: 'PARSER_ERROR', location: { line: 1 } });
  });

  test('util.error and runtime faults become the error message', () => {
    expect(
      evaluateCode({ code: "export function request() { util.error('foo', 'Bad'); }", context: {}, function: 'request' }).error,
    ).toEqual({ message: 'foo', codeErrors: [] });
    const fault = evaluateCode({
      code: 'export function response(ctx) { return ctx.result.a.b; }',
      context: { result: {} },
      function: 'response',
    });
    expect(fault.error?.message).toBe("code.js:1:53: TypeError: Cannot read properties of undefined (reading 'b')");
  });

  test('util.authType follows the identity shape of the mock context', () => {
    const code = 'export function request() { return util.authType(); }';
    expect(evaluateCode({ code, context: {}, function: 'request' }).evaluationResult).toBe('"API Key Authorization"');
    const cognito = { sub: 's', issuer: 'i', claims: {}, username: 'u', sourceIp: ['1.1.1.1'], defaultAuthStrategy: 'ALLOW', groups: null };
    expect(evaluateCode({ code, context: { identity: cognito }, function: 'request' }).evaluationResult).toBe('"User Pool Authorization"');
  });
});
