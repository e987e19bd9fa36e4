/**
 * Load-time static check of a bundled APPSYNC_JS module: everything the APPSYNC_JS runtime rejects
 * (docs "supported runtime features" table + @aws-appsync/eslint-plugin rules) is reported with the
 * original file/line/column, all problems at once, as a CodeValidationError.
 */
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { SourceLocator } from './source-location.js';
import { CodeValidationError } from './types.js';

/** CreateResolver / CreateFunction reject code longer than this. */
export const MAX_CODE_LENGTH = 32768;

export const ALLOWED_IMPORTS = new Set([
  '@aws-appsync/utils',
  '@aws-appsync/utils/dynamodb',
  '@aws-appsync/utils/rds',
  '@aws-appsync/utils/ai',
]);

export interface ValidatedModule {
  program: acorn.Program;
  locator: SourceLocator;
}

type Problem = CodeValidationError['problems'][number];
type AnyNode = acorn.AnyNode;

function functionName(node: AnyNode, ancestors: AnyNode[]): string | null {
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  const parent = ancestors[ancestors.length - 2];
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') return parent.id.name;
  return null;
}

function propertyName(node: acorn.MemberExpression): string | null {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return null;
}

/** Collects the rule violations of one program. */
function findProblems(program: acorn.Program, report: (node: AnyNode, message: string) => void): void {
  walk.fullAncestor(program, (node, _state, ancestors) => {
    const n = node;
    switch (n.type) {
      case 'TryStatement':
        report(n, 'try/catch/finally statements are not supported');
        break;
      case 'ThrowStatement':
        report(n, 'throw statements are not supported (use util.error)');
        break;
      case 'WhileStatement':
        report(n, 'while statements are not supported');
        break;
      case 'DoWhileStatement':
        report(n, 'do-while statements are not supported');
        break;
      case 'ForStatement':
        report(n, 'for statements are not supported (use for-of or for-in)');
        break;
      case 'ContinueStatement':
        report(n, 'continue statements are not supported');
        break;
      case 'LabeledStatement':
        report(n, 'labeled statements are not supported');
        break;
      case 'UpdateExpression':
        report(n, `unary operator '${n.operator}' is not supported`);
        break;
      case 'UnaryExpression':
        if (n.operator === '~') report(n, "unary operator '~' is not supported");
        break;
      case 'BinaryExpression':
        if (n.operator === 'in') report(n, "the 'in' operator is not supported (use Object.hasOwn)");
        if (n.operator === 'instanceof') report(n, "the 'instanceof' operator is not supported");
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        report(n, 'classes are not supported');
        break;
      case 'AwaitExpression':
        report(n, 'await is not supported');
        break;
      case 'YieldExpression':
        report(n, 'yield is not supported');
        break;
      case 'ThisExpression':
        report(n, "'this' is not supported");
        break;
      case 'Literal':
        if ('regex' in n && n.regex) report(n, 'regex literals are not supported');
        break;
      case 'ImportExpression':
        report(n, 'dynamic import() is not supported');
        break;
      case 'MetaProperty':
        report(n, `${n.meta.name}.${n.property.name} is not supported`);
        break;
      case 'NewExpression':
        if (n.callee.type === 'Identifier' && n.callee.name === 'Function') report(n, 'the Function constructor is not supported');
        if (n.callee.type === 'Identifier' && n.callee.name === 'Promise') report(n, 'Promise is not supported');
        break;
      case 'CallExpression':
        if (n.callee.type === 'Identifier' && n.callee.name === 'Function') report(n, 'the Function constructor is not supported');
        if (n.callee.type === 'MemberExpression') {
          const method = propertyName(n.callee);
          if (method === 'apply' || method === 'call' || method === 'bind') report(n, `Function.prototype.${method} is not supported`);
        }
        if (n.callee.type === 'Identifier') {
          const callee = n.callee.name;
          // direct recursion: the call sits inside the function that carries the called name
          const enclosing = ancestors
            .slice(0, -1)
            .filter((a) => a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression');
          for (let i = enclosing.length - 1; i >= 0; i--) {
            const fn = enclosing[i] as AnyNode;
            const name = functionName(fn, ancestors.slice(0, ancestors.indexOf(fn) + 1));
            if (name === callee) {
              report(n, `recursion is not supported ('${callee}' calls itself)`);
              break;
            }
          }
        }
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (n.async) report(n, 'async functions are not supported');
        if (n.generator) report(n, 'generator functions are not supported');
        break;
      case 'ImportDeclaration':
        if (!ALLOWED_IMPORTS.has(String(n.source.value))) {
          report(n, `cannot import '${String(n.source.value)}': only @aws-appsync/utils modules are available (bundle other code)`);
        }
        break;
      case 'ExportAllDeclaration':
        report(n, 'export * is not supported');
        break;
      case 'ExportNamedDeclaration':
        if (n.source) report(n, 're-exporting from another module is not supported');
        break;
    }
  });
}

/** Parses and checks the bundled module; throws CodeValidationError listing every problem. */
export function validateResolverCode(code: string, name: string, sourceBaseDir?: string): ValidatedModule {
  const locator = new SourceLocator(code, name, sourceBaseDir);
  const problems: Problem[] = [];
  const at = (line: number, column: number, message: string) => {
    const position = locator.locate(line, column);
    problems.push({ file: position.file, line: position.line, column: position.column, message });
  };
  if (code.length > MAX_CODE_LENGTH) {
    problems.push({
      file: name,
      line: 1,
      column: 1,
      message: `code is ${code.length} characters; AppSync allows at most ${MAX_CODE_LENGTH}`,
    });
  }
  let program: acorn.Program;
  try {
    program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    at(err.loc?.line ?? 1, err.loc?.column ?? 0, `Parsing error: ${err.message.replace(/ \(\d+:\d+\)$/, '')}`);
    throw new CodeValidationError(name, problems);
  }
  findProblems(program, (node, message) => at(node.loc!.start.line, node.loc!.start.column, message));
  if (problems.length) throw new CodeValidationError(name, problems);
  return { program, locator };
}
