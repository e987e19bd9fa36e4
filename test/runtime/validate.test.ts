import { describe, expect, test } from 'vitest';
import { bundleResolverText } from '../../local/runtime/bundle.js';
import { CodeValidationError } from '../../local/runtime/types.js';
import { MAX_CODE_LENGTH, validateResolverCode } from '../../local/runtime/validate.js';

const FILE = 'resolvers/Query.bad.ts';

/** Bundles TypeScript like the project does, validates, and returns "line:col message" per problem. */
function problemsOf(source: string): string[] {
  try {
    validateResolverCode(bundleResolverText(source, FILE), 'build/Query.bad.js');
  } catch (e) {
    if (!(e instanceof CodeValidationError)) throw e;
    return e.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`);
  }
  return [];
}

const wrap = (body: string) => `import { util, Context } from '@aws-appsync/utils';
type Args = { id: string };
export function request(ctx: Context<Args>) {
  const items: number[] = [];
${body}
  return {};
}
export const response = (ctx: Context) => ctx.result;
`;

describe('static validation of APPSYNC_JS code', () => {
  const rejected: Array<[string, string, RegExp]> = [
    ['try/catch', '  try { util.autoId(); } catch (e) { util.error("x"); }', /try\/catch/],
    ['throw', '  if (!ctx.args.id) throw new Error("x");', /throw statements/],
    ['while', '  while (items.length < 3) items.push(1);', /while statements/],
    ['do-while', '  do { items.push(1); } while (items.length < 3);', /do-while/],
    ['classic for', '  for (let i = 0; i < 3; i += 1) items.push(i);', /for statements/],
    ['continue', '  for (const i of items) { if (i) continue; }', /continue/],
    ['labels', '  outer: for (const i of items) { break outer; }', /labeled statements/],
    ['++', '  let n = 0; n++;', /unary operator '\+\+'/],
    ['--', '  let n = 0; n--;', /unary operator '--'/],
    ['~', '  const n = ~items.length;', /unary operator '~'/],
    ['in', "  const has = 'id' in ctx.args;", /'in' operator/],
    ['instanceof', '  const isArr = items instanceof Array;', /'instanceof'/],
    ['class', '  class Foo {}', /classes/],
    ['async', '  const f = async () => 1;', /async functions/],
    ['generator', '  const g = function* () { yield 1; };', /generator functions/],
    ['regex', '  const ok = /a+/.test(ctx.args.id);', /regex literals/],
    ['this', '  const self = this;', /'this'/],
    ['new Function', "  const f = new Function('return 1');", /Function constructor/],
    ['.call', '  const f = (x: number) => x; f.call(null, 1);', /Function\.prototype\.call/],
    ['.apply', '  Math.max.apply(null, items);', /Function\.prototype\.apply/],
    ['.bind', '  const f = util.autoId.bind(util);', /Function\.prototype\.bind/],
  ];

  test.each(rejected)('rejects %s with the original file and line', (_name, body, message) => {
    const problems = problemsOf(wrap(body));
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(new RegExp(`^${FILE.replace(/\./g, '\\.')}:5:\\d+ `));
    expect(problems.some((p) => message.test(p))).toBe(true);
  });

  test('rejects direct recursion, also through a const arrow function', () => {
    const source = `export function request(ctx) {
  return walk(ctx.args.n);
}
function walk(n: number): number {
  return n > 0 ? walk(n - 1) : 0;
}
const sum = (n: number): number => (n > 0 ? n + sum(n - 1) : 0);
export const response = (ctx) => sum(ctx.result);
`;
    expect(problemsOf(source)).toEqual([
      `${FILE}:5:18 recursion is not supported ('walk' calls itself)`,
      `${FILE}:7:49 recursion is not supported ('sum' calls itself)`,
    ]);
  });

  test('reports every problem at once, and helper files with their own name', () => {
    const problems = problemsOf(wrap('  let n = 0;\n  n++;\n  while (n) n -= 1;'));
    expect(problems.map((p) => p.split(' ')[0])).toEqual([`${FILE}:6:3`, `${FILE}:7:3`]);
  });

  test('accepts the supported subset', () => {
    const source = wrap(`  for (const k in ctx.args) items.push(k.length);
  for (const v of items) { if (v > 2) break; }
  const { id, ...rest } = ctx.args;
  const label = \`\${id ?? 'none'}-\${Object.keys(rest).length}\`;
  switch (label) { case 'x': break; default: items.push(typeof label === 'string' ? 1 : 0); }
  const total = items.map((i) => i * 2).reduce((a, b) => a + b, 0) % 7;
  util.appendError(String(total));`);
    expect(problemsOf(source)).toEqual([]);
  });

  test('imports other than @aws-appsync/utils are rejected (bundle them instead)', () => {
    const code = "import fs from 'node:fs';\nexport function request() { return fs; }\n";
    expect(() => validateResolverCode(code, 'x.js')).toThrow(/x\.js:1:1: cannot import 'node:fs'/);
  });

  test('code longer than 32768 characters is rejected', () => {
    const code = `export function request() { return '${'a'.repeat(MAX_CODE_LENGTH)}'; }`;
    expect(() => validateResolverCode(code, 'big.js')).toThrow(/at most 32768/);
  });

  test('without a source map the bundle positions are reported', () => {
    expect(() => validateResolverCode('export function request() {\n  let i = 0;\n  i++;\n}\n', 'plain.js')).toThrow('plain.js:3:3: ');
  });
});
