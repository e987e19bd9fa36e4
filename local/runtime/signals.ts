/**
 * Control-flow signals raised by `util` and `runtime` inside handler code. APPSYNC_JS has no try/catch,
 * so user code can never intercept them; the runtime catches them at the handler boundary.
 */
import type { AppSyncErrorInput } from './types.js';

/** util.error(...) and util.unauthorized(): abort the handler, the field resolves to null with this error. */
export class UtilErrorSignal extends Error {
  constructor(readonly error: AppSyncErrorInput) {
    super(error.message);
    this.name = 'UtilErrorSignal';
  }
}

/** runtime.earlyReturn(value, { skipTo }) */
export class EarlyReturnSignal extends Error {
  constructor(
    readonly value: unknown,
    readonly skipTo: 'END' | 'NEXT' | null,
  ) {
    super('earlyReturn');
    this.name = 'EarlyReturnSignal';
  }
}

/** A util helper rejected its input (AppSync prefixes these with the call site). */
export class UtilUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UtilUsageError';
  }
}

/** A for-of / for-in loop ran past the per-invocation iteration budget (runaway-code guard). */
export class IterationLimitError extends Error {
  constructor(readonly budget: number) {
    super(`Iteration limit exceeded: more than ${budget} loop iterations in one handler invocation`);
    this.name = 'IterationLimitError';
  }
}
