/**
 * Contract between the APPSYNC_JS runtime (local/runtime) and the GraphQL executor (local/graphql).
 * The runtime loads a bundled resolver/function module once and invokes its handlers synchronously.
 */

/** An error entry as AppSync puts it in the response (before path/locations are added). */
export interface AppSyncErrorInput {
  message: string;
  errorType: string | null;
  data: unknown;
  errorInfo: unknown;
}

/** `ctx` as handed to a handler. The runtime wraps it (args alias, frozen top level) itself. */
export interface ContextInput {
  arguments: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  stash: Record<string, unknown>;
  prev?: { result: unknown };
  result?: unknown;
  error?: { message: string; type: string } | undefined;
  request: { headers: Record<string, string | string[]>; domainName: string | null };
  info: {
    fieldName: string;
    parentTypeName: string;
    variables: Record<string, unknown>;
    /** Evaluated lazily: computing selection sets costs time on every field. */
    selectionSetList?: string[] | (() => string[]);
    selectionSetGraphQL?: string | (() => string);
  };
  env?: Record<string, string>;
}

/** Per-request state shared by every handler of one GraphQL field resolution. */
export interface InvocationScope {
  /** errors from util.appendError, in order */
  appendedErrors: AppSyncErrorInput[];
  /** console.log / console.error lines */
  logs: string[];
  /** extensions.setSubscriptionFilter / setSubscriptionInvalidationFilter */
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
  /** extensions.invalidateSubscriptions calls */
  invalidations: Array<{ subscriptionField: string; payload: unknown }>;
  /** extensions.evictFromApiCache calls */
  cacheEvictions: Array<{ typeName: string; fieldName: string; keys: Record<string, unknown> }>;
  /** util.http.addResponseHeader(s) */
  responseHeaders: Record<string, string>;
  /** auth mode of the caller, for util.authType() */
  authType: 'API_KEY' | 'AMAZON_COGNITO_USER_POOLS' | 'AWS_IAM' | 'OPENID_CONNECT' | 'AWS_LAMBDA' | null;
  /** the field being resolved, for util.unauthorized()'s message */
  fieldName: string;
  parentTypeName: string;
}

/** What happened when a handler ran. Exactly one of the kinds. */
export type HandlerOutcome =
  | { kind: 'return'; value: unknown }
  /** runtime.earlyReturn(value, { skipTo }) */
  | { kind: 'earlyReturn'; value: unknown; skipTo: 'END' | 'NEXT' | null }
  /** util.error / util.unauthorized: the field resolves to null with this error */
  | { kind: 'error'; error: AppSyncErrorInput }
  /** the code itself failed (TypeError, iteration guard, ...): AppSync reports errorType "Code" */
  | { kind: 'codeError'; message: string };

export interface ResolverModule {
  /** file name used in messages, e.g. "resolvers/Mutation.redeemGiftCode.ts" */
  readonly name: string;
  readonly hasRequest: boolean;
  readonly hasResponse: boolean;
  invoke(handler: 'request' | 'response', ctx: ContextInput, scope: InvocationScope): HandlerOutcome;
}

/** Thrown at load time when the code uses syntax AppSync rejects. */
export class CodeValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Array<{ file: string; line: number; column: number; message: string }>,
  ) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'));
    this.name = 'CodeValidationError';
  }
}
