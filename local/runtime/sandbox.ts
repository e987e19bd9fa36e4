/**
 * The vm context resolver code runs in. One sandbox is created per engine (a process-wide default is
 * shared): resolver modules are compiled into it once and handlers are then plain function calls, so
 * an invocation costs microseconds instead of a context creation.
 */
import vm from 'node:vm';
import * as dynamodbModule from './dynamodb-module/index.js';
import { extensions } from './extensions.js';
import { runtime } from './runtime-global.js';
import { SANDBOX_BOOTSTRAP } from './sandbox-bootstrap.js';
import { currentScope } from './scope.js';
import { IterationLimitError, UtilUsageError } from './signals.js';
import { aiModule, rdsModule } from './unsupported-modules.js';
import { util } from './util/index.js';

/**
 * Iterations of for-of / for-in bodies allowed per handler invocation. AppSync silently stops
 * loops after ~1000 elements; locally a far larger budget only catches runaway code (an iterator
 * that never ends, a list grown while iterated) and turns it into a code error instead of a hung server.
 */
export const DEFAULT_ITERATION_BUDGET = 1_000_000;

/** Helpers created inside the sandbox by the bootstrap (sandbox-realm functions). */
interface SandboxBridge {
  adopt(value: unknown): unknown;
  tick: () => void;
  importModule: (specifier: string) => unknown;
  makeStash(hostStash: Record<string, unknown> | undefined): Record<string, unknown>;
  makeContext(input: unknown, stash: Record<string, unknown>, outErrors: unknown): Record<string, unknown>;
  resetIterations(budget: number): void;
}

function formatLogArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function logger(): (...args: unknown[]) => void {
  return (...args) => void currentScope().logs.push(args.map(formatLogArgument).join(' '));
}

export class Sandbox {
  readonly context: vm.Context;
  readonly bridge: SandboxBridge;
  /** diagnostics: how many resolver modules were compiled into this sandbox */
  compilations = 0;

  constructor(readonly iterationBudget = DEFAULT_ITERATION_BUDGET) {
    // no eval / new Function / wasm from inside: a host of escapes needs code generation
    this.context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false }, name: 'appsync-js' });
    const bootstrap = new vm.Script(SANDBOX_BOOTSTRAP, { filename: 'appsync-js-bootstrap.js' }).runInContext(this.context) as (
      host: unknown,
    ) => SandboxBridge;
    this.bridge = bootstrap({
      util,
      extensions,
      runtime,
      console: { log: logger(), error: logger(), warn: logger(), info: logger(), debug: logger() },
      modules: {
        '@aws-appsync/utils': { util, extensions, runtime },
        '@aws-appsync/utils/dynamodb': dynamodbModule,
        '@aws-appsync/utils/rds': rdsModule,
        '@aws-appsync/utils/ai': aiModule,
      },
      iterationLimitExceeded: () => {
        throw new IterationLimitError(iterationBudget);
      },
      unknownModule: (specifier: string) => {
        throw new UtilUsageError(`Cannot find module '${specifier}'`);
      },
    });
  }

  /** Compiles a function source `(function (...) {...})` in the sandbox realm. */
  compile(source: string, filename: string): (...args: unknown[]) => unknown {
    this.compilations++;
    return new vm.Script(source, { filename }).runInContext(this.context) as (...args: unknown[]) => unknown;
  }
}

let shared: Sandbox | undefined;

/** The process-wide sandbox used when a loader call names none. */
export function sharedSandbox(): Sandbox {
  shared ??= new Sandbox();
  return shared;
}
