import { describe, expect, test } from 'vitest';
import { bundleResolverText } from '../../local/runtime/bundle.js';
import { loadResolverModule } from '../../local/runtime/load.js';
import { Sandbox } from '../../local/runtime/sandbox.js';
import { newScope } from '../../local/runtime/scope.js';
import { CodeValidationError, type ContextInput, type HandlerOutcome } from '../../local/runtime/types.js';

function contextInput(overrides: Partial<ContextInput> = {}): ContextInput {
  return {
    arguments: { id: 'a1' },
    identity: null,
    source: null,
    stash: {},
    request: { headers: {}, domainName: null },
    info: { fieldName: 'getThing', parentTypeName: 'Query', variables: {} },
    ...overrides,
  };
}

function run(code: string, handler: 'request' | 'response' = 'request', ctx = contextInput(), sandbox?: Sandbox): HandlerOutcome {
  return loadResolverModule(code, 'resolvers/test.js', { sandbox }).invoke(
    handler,
    ctx,
    newScope({ fieldName: 'getThing', parentTypeName: 'Query' }),
  );
}

const returning = (expression: string) => `export function request(ctx) { return ${expression}; }`;

describe('sandbox globals', () => {
  test('only the APPSYNC_JS globals exist', () => {
    const typeofs = run(
      returning(
        '[typeof process, typeof require, typeof globalThis, typeof Buffer, typeof Date, typeof setTimeout, typeof eval, typeof Function, typeof Promise, typeof Reflect]',
      ),
    );
    expect(typeofs).toEqual({ kind: 'return', value: Array(10).fill('undefined') });
    const present = run(
      returning(
        '[typeof util, typeof extensions, typeof runtime, typeof console, typeof JSON, typeof Math, typeof Number, typeof Object, typeof Array, typeof String, NaN, Infinity]',
      ),
    );
    expect(present).toEqual({
      kind: 'return',
      value: ['object', 'object', 'object', 'object', 'object', 'object', 'function', 'function', 'function', 'function', NaN, Infinity],
    });
  });

  test('resolver code cannot reach process through constructors of anything it is handed', () => {
    const escapes = [
      "ctx.constructor.constructor('return process')()",
      "ctx.args.constructor.constructor('return process')()",
      "ctx.args.list.map.constructor('return process')()",
      "util.autoId.constructor('return process')()",
      "Object.getPrototypeOf(util.time).constructor.constructor('return process')()",
      "util.dynamodb.toMapValues({ a: 1 }).constructor.constructor('return process')()",
      "(() => 1).constructor('return process')()",
      "ctx.info.constructor.constructor('return process')()",
      "Object.getOwnPropertyDescriptor(Object.getPrototypeOf(ctx.info), 'selectionSetList').get.constructor('return process')()",
    ];
    for (const escape of escapes) {
      const outcome = run(returning(escape), 'request', contextInput({ arguments: { list: [1, 2] } }));
      expect(outcome.kind, escape).toBe('codeError');
      expect((outcome as { message: string }).message, escape).toMatch(/EvalError|Code generation from strings disallowed/);
    }
  });

  test('JSON.parse answers an empty string for invalid JSON', () => {
    expect(run(returning("[JSON.parse('{bad'), JSON.parse('{\"a\":1}')]"))).toEqual({ kind: 'return', value: ['', { a: 1 }] });
  });

  test('console output goes to the scope logs', () => {
    const scope = newScope();
    loadResolverModule(
      "export function request(ctx) { console.log('args', ctx.args, 3); console.error('bad'); return null; }",
      'log.js',
    ).invoke('request', contextInput(), scope);
    expect(scope.logs).toEqual(['args {"id":"a1"} 3', 'bad']);
  });

  test('resolvers sharing a sandbox cannot change the language for each other', () => {
    const outcome = run('export function request(ctx) { Array.prototype.first = 1; return 1; }');
    expect(outcome.kind).toBe('codeError');
    expect(run(returning('[].first'))).toEqual({ kind: 'return', value: undefined });
  });
});

describe('handler outcomes', () => {
  test('return values, earlyReturn, util.error and util.appendError', () => {
    expect(run(returning('{ id: ctx.args.id, same: ctx.args === ctx.arguments }'))).toEqual({
      kind: 'return',
      value: { id: 'a1', same: true },
    });
    expect(run("export function request(ctx) { runtime.earlyReturn({ skipped: true }, { skipTo: 'END' }); return 1; }")).toEqual({
      kind: 'earlyReturn',
      value: { skipped: true },
      skipTo: 'END',
    });
    expect(run("export function request(ctx) { util.error('nope', 'Custom', { a: 1 }); }")).toEqual({
      kind: 'error',
      error: { message: 'nope', errorType: 'Custom', data: { a: 1 }, errorInfo: null },
    });
    expect(run('export function request(ctx) { util.unauthorized(); }')).toMatchObject({
      kind: 'error',
      error: { message: 'Not Authorized to access getThing on type Query', errorType: 'Unauthorized' },
    });
    const scope = newScope();
    const outcome = loadResolverModule(
      "export function request(ctx) { util.appendError('soft'); return ctx.outErrors.length; }",
      'a.js',
    ).invoke('request', contextInput(), scope);
    expect(outcome).toEqual({ kind: 'return', value: 0 });
    expect(scope.appendedErrors).toEqual([{ message: 'soft', errorType: null, data: null, errorInfo: null }]);
  });

  test('code errors name the original TypeScript file and line', () => {
    const source = `import { Context } from '@aws-appsync/utils';
export function request(ctx: Context) {
  return {};
}
export function response(ctx: Context) {
  const items = ctx.result.items as string[];
  return items.length;
}
`;
    const module = loadResolverModule(bundleResolverText(source, 'resolvers/Query.items.ts'), 'build/Query.items.js');
    const outcome = module.invoke('response', contextInput({ result: {} }), newScope());
    expect(outcome).toEqual({
      kind: 'codeError',
      message: "resolvers/Query.items.ts:7:16: TypeError: Cannot read properties of undefined (reading 'length')",
    });
  });

  test('util misuse is a code error prefixed with the call site', () => {
    const outcome = run("export function request(ctx) {\n  return util.time.nowFormatted('yyyy', 'Mars/Olympus');\n}");
    expect(outcome).toEqual({ kind: 'codeError', message: 'resolvers/test.js:2:20: Unknown time-zone ID: Mars/Olympus' });
    // on a one-line module the removed `export` keyword and the wrapper do not shift columns
    const oneLiner = run('export function request(ctx) { return ctx.args.missing.length; }');
    expect(oneLiner).toEqual({
      kind: 'codeError',
      message: "resolvers/test.js:1:56: TypeError: Cannot read properties of undefined (reading 'length')",
    });
  });

  test('missing handlers pass through', () => {
    const module = loadResolverModule('export function request(ctx) { return {}; }', 'req-only.js');
    expect([module.hasRequest, module.hasResponse]).toEqual([true, false]);
    expect(module.invoke('response', contextInput({ result: { a: 1 } }), newScope())).toEqual({ kind: 'return', value: { a: 1 } });
    expect(module.invoke('response', contextInput({ prev: { result: 'p' } }), newScope())).toEqual({ kind: 'return', value: 'p' });
  });

  test('imports resolve to the runtime; anything else is rejected at load time', () => {
    const code = `import { util as u, runtime } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
export const request = (ctx) => ({ req: ddb.get({ key: { id: ctx.args.id } }), id: u.base64Encode('x'), r: typeof runtime.earlyReturn });
`;
    expect(run(code)).toEqual({
      kind: 'return',
      value: { req: { operation: 'GetItem', key: { id: { S: 'a1' } } }, id: 'eA==', r: 'function' },
    });
    expect(() => loadResolverModule("import x from 'lodash';\nexport const request = () => x;", 'bad.js')).toThrow(CodeValidationError);
  });
});

describe('ctx', () => {
  test('stash is shared across handlers and visible to the caller', () => {
    const module = loadResolverModule(
      `export function request(ctx) { ctx.stash.list = [1]; delete ctx.stash.old; return null; }
export function response(ctx) { ctx.stash.list.push(2); return ctx.stash; }`,
      'stash.js',
    );
    const stash: Record<string, unknown> = { old: true };
    module.invoke('request', contextInput({ stash }), newScope());
    const outcome = module.invoke('response', contextInput({ stash }), newScope());
    expect(stash).toEqual({ list: [1, 2] });
    expect(outcome).toEqual({ kind: 'return', value: { list: [1, 2] } });
  });

  test('info selection sets are lazy and left out of JSON.stringify(ctx.info)', () => {
    let computed = 0;
    const info = {
      fieldName: 'getThing',
      parentTypeName: 'Query',
      variables: { v: 1 },
      selectionSetList: () => {
        computed++;
        return ['id', 'author/name'];
      },
      selectionSetGraphQL: '{ id author { name } }',
    };
    const skip = run(returning('JSON.stringify(ctx.info)'), 'request', contextInput({ info }));
    expect(skip).toEqual({ kind: 'return', value: '{"fieldName":"getThing","parentTypeName":"Query","variables":{"v":1}}' });
    expect(computed).toBe(0);
    const use = run(
      returning('[ctx.info.selectionSetList, ctx.info.selectionSetList.length, ctx.info.selectionSetGraphQL]'),
      'request',
      contextInput({ info }),
    );
    expect(use).toEqual({ kind: 'return', value: [['id', 'author/name'], 2, '{ id author { name } }'] });
    expect(computed).toBe(1);
  });

  test('top-level ctx properties cannot be reassigned; nested ones can', () => {
    expect(run('export function request(ctx) { ctx.args.extra = 1; return ctx.args; }')).toEqual({
      kind: 'return',
      value: { id: 'a1', extra: 1 },
    });
    expect(run('export function request(ctx) { ctx.result = 1; return 1; }')).toMatchObject({
      kind: 'codeError',
      message: expect.stringMatching(/TypeError: Cannot assign to read only property 'result'/),
    });
  });
});

describe('runaway code', () => {
  test('a for-of loop past the iteration budget becomes a code error', () => {
    const sandbox = new Sandbox(1_000);
    const code = `export function request(ctx) {
  const list = [1];
  for (const x of list) list.push(x);
  return list.length;
}`;
    expect(run(code, 'request', contextInput(), sandbox)).toEqual({
      kind: 'codeError',
      message: 'resolvers/test.js:3:25: Iteration limit exceeded: more than 1000 loop iterations in one handler invocation',
    });
    // the budget is per invocation
    expect(run(returning('Object.keys(ctx.args).length'), 'request', contextInput(), sandbox)).toEqual({ kind: 'return', value: 1 });
  });

  test('mutual recursion overflowing the stack becomes a code error', () => {
    const code = `function ping(n) { return pong(n); }
function pong(n) { return ping(n); }
export function request(ctx) { return ping(1); }`;
    expect(run(code)).toMatchObject({ kind: 'codeError', message: expect.stringMatching(/RangeError: Maximum call stack size exceeded/) });
  });
});

describe('compilation', () => {
  test('a module is compiled once; invocations do not recompile', () => {
    const sandbox = new Sandbox();
    const module = loadResolverModule(returning('ctx.args.id'), 'once.js', { sandbox });
    expect(sandbox.compilations).toBe(1);
    for (let i = 0; i < 200; i++) module.invoke('request', contextInput(), newScope());
    expect(sandbox.compilations).toBe(1);
  });
});
