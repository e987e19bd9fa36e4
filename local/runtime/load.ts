/**
 * loadResolverModule: validate a bundled APPSYNC_JS module, compile it once into a sandbox, and
 * return a ResolverModule whose invoke() is a direct call into the compiled handler.
 */
import { IMPORT_FN, TICK_FN, rewriteModule, type RewrittenModule } from './module-rewrite.js';
import { Sandbox, sharedSandbox } from './sandbox.js';
import { runInScope } from './scope.js';
import { EarlyReturnSignal, IterationLimitError, UtilErrorSignal, UtilUsageError } from './signals.js';
import type { SourceLocator } from './source-location.js';
import type { ContextInput, HandlerOutcome, InvocationScope, ResolverModule } from './types.js';
import { validateResolverCode } from './validate.js';

export interface LoadOptions {
  /** sandbox to compile into; defaults to the process-wide shared one */
  sandbox?: Sandbox;
  /** directory the inline source map's `sources` are relative to (usually the bundle's directory) */
  sourceBaseDir?: string;
}

type Handler = (ctx: unknown) => unknown;
type ColumnMapper = RewrittenModule['originalColumn'];

const WRAPPER_PREFIX = `(function (${IMPORT_FN}, ${TICK_FN}) {"use strict";`;

/** First `file:line:column` of the module in a stack trace, mapped to the original source. */
function stackLocation(stack: unknown, moduleName: string, locator: SourceLocator, originalColumn: ColumnMapper): string | null {
  if (typeof stack !== 'string') return null;
  const marker = `${moduleName}:`;
  for (const line of stack.split('\n')) {
    const at = line.lastIndexOf(marker);
    if (at < 0) continue;
    const m = /^(\d+):(\d+)/.exec(line.slice(at + marker.length));
    if (!m) continue;
    const bundleLine = Number(m[1]);
    // V8 columns are 1-based; line 1 also carries the wrapper prefix
    const rewrittenColumn = Number(m[2]) - 1 - (bundleLine === 1 ? WRAPPER_PREFIX.length : 0);
    const position = locator.locate(bundleLine, Math.max(0, originalColumn(bundleLine, rewrittenColumn)));
    return `${position.file}:${position.line}:${position.column}`;
  }
  return null;
}

function describeError(error: unknown): { name: string; message: string; stack: unknown } {
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    return { name: String(e.name ?? 'Error'), message: String(e.message ?? ''), stack: e.stack };
  }
  return { name: 'Error', message: String(error), stack: undefined };
}

function codeErrorMessage(error: unknown, moduleName: string, locator: SourceLocator, originalColumn: ColumnMapper): string {
  const { name, message, stack } = describeError(error);
  const location = stackLocation(stack, moduleName, locator, originalColumn) ?? moduleName;
  // util misuse reads like AppSync's "code.js:12:3: <msg>"; runtime faults keep their error name
  const text = error instanceof UtilUsageError || error instanceof IterationLimitError ? message : `${name}: ${message}`;
  return `${location}: ${text}`;
}

function syncStash(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(target)) if (!Object.hasOwn(source, key)) delete target[key];
  for (const key of Object.keys(source)) target[key] = source[key];
}

/**
 * What runs when a module lacks a handler: a missing `request` yields an empty request object and a
 * missing `response` passes the result through (ctx.result, or ctx.prev.result in a pipeline),
 * which is what AppSync's default templates do.
 */
function defaultOutcome(handler: 'request' | 'response', ctx: ContextInput): HandlerOutcome {
  if (handler === 'request') return { kind: 'return', value: {} };
  return { kind: 'return', value: ctx.result !== undefined ? ctx.result : (ctx.prev?.result ?? null) };
}

export function loadResolverModule(code: string, name: string, options: LoadOptions = {}): ResolverModule {
  const { program, locator } = validateResolverCode(code, name, options.sourceBaseDir);
  const sandbox = options.sandbox ?? sharedSandbox();
  const { bridge } = sandbox;
  const { body, originalColumn } = rewriteModule(code, program);
  const factory = sandbox.compile(`${WRAPPER_PREFIX}${body}\n})`, name);

  let exportsObject: Record<string, unknown>;
  try {
    exportsObject = factory(bridge.importModule, bridge.tick) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`Loading ${name} failed: ${codeErrorMessage(error, name, locator, originalColumn)}`);
  }
  const handlers: Partial<Record<'request' | 'response', Handler>> = {};
  for (const handler of ['request', 'response'] as const) {
    if (typeof exportsObject[handler] === 'function') handlers[handler] = exportsObject[handler] as Handler;
  }

  function run(fn: Handler, ctx: ContextInput, scope: InvocationScope): HandlerOutcome {
    bridge.resetIterations(sandbox.iterationBudget);
    const stash = bridge.makeStash(ctx.stash);
    try {
      const value = fn(bridge.makeContext(ctx, stash, scope.appendedErrors));
      return { kind: 'return', value };
    } catch (error) {
      if (error instanceof EarlyReturnSignal) return { kind: 'earlyReturn', value: error.value, skipTo: error.skipTo };
      if (error instanceof UtilErrorSignal) return { kind: 'error', error: error.error };
      return { kind: 'codeError', message: codeErrorMessage(error, name, locator, originalColumn) };
    } finally {
      if (ctx.stash) syncStash(ctx.stash, stash);
    }
  }

  return {
    name,
    hasRequest: handlers.request !== undefined,
    hasResponse: handlers.response !== undefined,
    invoke(handler, ctx, scope) {
      const fn = handlers[handler];
      if (!fn) return defaultOutcome(handler, ctx);
      return runInScope(scope, () => run(fn, ctx, scope));
    },
  };
}
