/**
 * The core of `evaluate-code`, mirroring `aws appsync evaluate-code` (runtime APPSYNC_JS 1.0.0):
 * bundle the source, validate and load it, run one handler against a mock context, and report the
 * result the way EvaluateCode does (JSON strings for the result, stash and outErrors).
 */
import { bundleResolverText, BundleError } from './bundle.js';
import { loadResolverModule } from './load.js';
import { newScope } from './scope.js';
import { CodeValidationError, type ContextInput, type HandlerOutcome } from './types.js';
import { authModeOfIdentity } from './util/auth-type.js';

export { bundleResolverSource } from './bundle.js';

export interface EvaluateCodeInput {
  /** TypeScript or JavaScript module source exporting request/response */
  code: string;
  /** mock context, as the `--context` JSON of EvaluateCode */
  context: Record<string, unknown>;
  function: 'request' | 'response';
  /** used for the loader (.js → JS, otherwise TS), import resolution and messages; default "code.js" */
  fileName?: string;
}

export interface CodeError {
  /** PARSER_ERROR (does not parse) or LINT_ERROR (uses something APPSYNC_JS rejects) */
  errorType: string;
  value: string;
  location: { line: number; column: number; span: number };
}

export interface EvaluateCodeResult {
  evaluationResult: string | null;
  error: { message: string; codeErrors: CodeError[] } | null;
  logs: string[];
  stash: string;
  outErrors: string;
}

function toContextInput(context: Record<string, unknown>, stash: Record<string, unknown>): ContextInput {
  const info = (context.info ?? {}) as Partial<ContextInput['info']>;
  return {
    arguments: (context.arguments ?? context.args ?? {}) as Record<string, unknown>,
    identity: context.identity ?? null,
    source: context.source ?? null,
    stash,
    prev: context.prev as ContextInput['prev'],
    result: context.result,
    error: context.error as ContextInput['error'],
    request: (context.request ?? { headers: {}, domainName: null }) as ContextInput['request'],
    info: { fieldName: info.fieldName ?? '', parentTypeName: info.parentTypeName ?? '', variables: info.variables ?? {}, ...info },
    env: context.env as ContextInput['env'],
  };
}

function failure(message: string, codeErrors: CodeError[], stash: Record<string, unknown>): EvaluateCodeResult {
  return { evaluationResult: null, error: { message, codeErrors }, logs: [], stash: JSON.stringify(stash), outErrors: '[]' };
}

function resultJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

export function evaluateCode(input: EvaluateCodeInput): EvaluateCodeResult {
  const fileName = input.fileName ?? 'code.js';
  const stash = { ...((input.context?.stash ?? {}) as Record<string, unknown>) };
  let bundled: string;
  try {
    bundled = bundleResolverText(input.code, fileName);
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
    const codeErrors = e.messages.map((m) => ({
      errorType: 'PARSER_ERROR',
      value: m.text,
      location: { line: m.location?.line ?? 0, column: (m.location?.column ?? 0) + 1, span: m.location?.length ?? 0 },
    }));
    return failure(e.message, codeErrors, stash);
  }

  let module;
  try {
    module = loadResolverModule(bundled, fileName);
  } catch (e) {
    if (!(e instanceof CodeValidationError)) throw e;
    const codeErrors = e.problems.map((p) => ({
      errorType: p.message.startsWith('Parsing error') ? 'PARSER_ERROR' : 'LINT_ERROR',
      value: p.message,
      location: { line: p.line, column: p.column, span: 0 },
    }));
    return failure(e.message, codeErrors, stash);
  }

  const context = input.context ?? {};
  const scope = newScope({ authType: authModeOfIdentity(context.identity) });
  const outcome: HandlerOutcome = module.invoke(input.function, toContextInput(context, stash), scope);
  const base = { logs: scope.logs, stash: JSON.stringify(stash), outErrors: JSON.stringify(scope.appendedErrors) };
  switch (outcome.kind) {
    case 'return':
    case 'earlyReturn':
      return { evaluationResult: resultJson(outcome.value), error: null, ...base };
    case 'error':
      return { evaluationResult: null, error: { message: outcome.error.message, codeErrors: [] }, ...base };
    case 'codeError':
      return { evaluationResult: null, error: { message: outcome.message, codeErrors: [] }, ...base };
  }
}
