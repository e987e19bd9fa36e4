/**
 * Handlers are synchronous (APPSYNC_JS has no async), so the scope of the handler that is running can be
 * a single module-level slot: `util`, `extensions` and `runtime` read it instead of being rebuilt per call.
 */
import type { InvocationScope } from './types.js';

let current: InvocationScope | null = null;

export function newScope(init: Partial<InvocationScope> = {}): InvocationScope {
  return {
    appendedErrors: [],
    logs: [],
    invalidations: [],
    cacheEvictions: [],
    responseHeaders: {},
    authType: null,
    fieldName: '',
    parentTypeName: '',
    ...init,
  };
}

export function runInScope<T>(scope: InvocationScope, fn: () => T): T {
  const previous = current;
  current = scope;
  try {
    return fn();
  } finally {
    current = previous;
  }
}

/** The scope of the running handler; outside any handler (e.g. evaluating helpers in tests) a throwaway one. */
export function currentScope(): InvocationScope {
  return current ?? newScope();
}
