import type { GraphQLResolveInfo } from 'graphql';
import type { FunctionConfigurationModel, ResolverModel } from '../assembly/stack-model.js';
import type { CallerAuth } from '../auth/types.js';
import type { DataSource, DataSourceOutcome } from '../datasources/types.js';
import { MappingTemplateError } from '../datasources/types.js';
import { newScope } from '../runtime/scope.js';
import type { ContextInput, HandlerOutcome, InvocationScope, ResolverModule } from '../runtime/types.js';
import { FieldError, locationsOf, type AppSyncErrorEntry } from './errors.js';
import { selectionSetGraphQL, selectionSetList } from './selection.js';

/** Per GraphQL request: who calls, and what the resolvers add to the response besides field values. */
export interface RequestContext {
  caller: CallerAuth;
  headers: Record<string, string | string[]>;
  appendedErrors: AppSyncErrorEntry[];
  responseHeaders: Record<string, string>;
  /** mutation side effects for the real-time layer */
  invalidations: InvocationScope['invalidations'];
  /** what a subscription field's resolver set at start (extensions.setSubscription[Invalidation]Filter) */
  subscriptionFilter?: unknown;
  subscriptionInvalidationFilter?: unknown;
}

export interface PlannedFunction {
  module: ResolverModule;
  dataSource: DataSource;
  tokenScope: string;
}

/** A resolver ready to run: its code loaded once, its data sources bound. */
export interface ResolverPlan {
  model: ResolverModel;
  module: ResolverModule | null;
  /** unit resolvers: the data source; pipeline resolvers: one step per function */
  steps: PlannedFunction[];
}

export function planStep(
  module: ResolverModule,
  dataSource: DataSource,
  scopeOf: ResolverModel | FunctionConfigurationModel,
): PlannedFunction {
  const tokenScope = 'typeName' in scopeOf ? `${scopeOf.typeName}.${scopeOf.fieldName}` : `function:${scopeOf.id}`;
  return { module, dataSource, tokenScope };
}

type Step = { kind: 'value'; value: unknown } | { kind: 'early'; value: unknown; skipTo: 'END' | 'NEXT' | null };

function unwrap(outcome: HandlerOutcome, file: string): Step {
  switch (outcome.kind) {
    case 'return':
      return { kind: 'value', value: outcome.value };
    case 'earlyReturn':
      return { kind: 'early', value: outcome.value, skipTo: outcome.skipTo };
    case 'error':
      throw new FieldError(outcome.error.message, outcome.error.errorType, outcome.error.data, outcome.error.errorInfo);
    case 'codeError':
      throw new FieldError(`${outcome.message}`, 'Code', null, { file });
  }
}

function asFieldError(error: unknown): unknown {
  return error instanceof MappingTemplateError ? new FieldError(error.message, 'MappingTemplate') : error;
}

/** A data source that can answer at once (NONE) does, so a resolver on it runs without a promise. */
function callDataSource(step: PlannedFunction, request: unknown): DataSourceOutcome | Promise<DataSourceOutcome> {
  let answer: DataSourceOutcome | Promise<DataSourceOutcome>;
  try {
    answer = step.dataSource.invoke(request, { tokenScope: step.tokenScope });
  } catch (error) {
    throw asFieldError(error);
  }
  return answer instanceof Promise
    ? answer.catch((error: unknown) => {
        throw asFieldError(error);
      })
    : answer;
}

/**
 * `ctx.info` as the runtime reads it. The selection sets are methods, computed only when a handler reads them; one
 * object per field and no closures, since every field of every request builds one.
 */
class FieldInfo {
  readonly fieldName: string;
  readonly parentTypeName: string;
  readonly variables: Record<string, unknown>;

  constructor(private readonly info: GraphQLResolveInfo) {
    this.fieldName = info.fieldName;
    this.parentTypeName = info.parentType.name;
    this.variables = info.variableValues;
  }

  selectionSetList(): string[] {
    return selectionSetList(this.info);
  }

  selectionSetGraphQL(): string {
    return selectionSetGraphQL(this.info);
  }
}

/**
 * Runs one resolver the way AppSync does. Unit: request → data source → response. Pipeline: resolver request
 * (before) → for each function (request → data source → response) → resolver response (after), with
 * ctx.prev.result carried along, one stash for the whole run, and runtime.earlyReturn honoured at every step.
 */
export function runResolver(
  plan: ResolverPlan,
  env: Record<string, string>,
  source: unknown,
  args: Record<string, unknown>,
  request: RequestContext,
  info: GraphQLResolveInfo,
): unknown {
  const scope = newScope({ authType: request.caller.mode, fieldName: info.fieldName, parentTypeName: info.parentType.name });
  const base: ContextInput = {
    arguments: args,
    identity: request.caller.identity,
    source: source ?? null,
    stash: {},
    request: { headers: request.headers, domainName: null },
    info: new FieldInfo(info),
    env,
  };
  // A unit resolver on a data source that answers at once resolves without a promise: graphql-js then completes
  // the field synchronously. Either way, what the handlers added reaches the request before the value does.
  let value: unknown;
  try {
    value = plan.model.kind === 'UNIT' ? runUnit(plan, base, scope) : runPipeline(plan, base, scope);
  } catch (error) {
    collectScope(scope, request, info);
    throw error;
  }
  if (!(value instanceof Promise)) {
    collectScope(scope, request, info);
    return value;
  }
  return value.finally(() => collectScope(scope, request, info));
}

/** What a resolver's handlers added besides its value: errors, response headers, real-time effects. */
function collectScope(scope: InvocationScope, request: RequestContext, info: GraphQLResolveInfo): void {
  // the field's path and locations are only worth building for the errors the resolver appended
  if (scope.appendedErrors.length) {
    const path = pathOf(info);
    const locations = locationsOf(
      info.fieldNodes
        .map((node) => node.loc?.startToken)
        .filter((t) => !!t)
        .map((t) => ({ line: t.line, column: t.column })),
    );
    for (const error of scope.appendedErrors)
      request.appendedErrors.push({ path, locations, ...error, data: error.data ?? null, errorInfo: error.errorInfo ?? null });
  }
  Object.assign(request.responseHeaders, scope.responseHeaders);
  if (scope.invalidations.length) request.invalidations.push(...scope.invalidations);
  if (scope.subscriptionFilter !== undefined) request.subscriptionFilter = scope.subscriptionFilter;
  if (scope.subscriptionInvalidationFilter !== undefined) request.subscriptionInvalidationFilter = scope.subscriptionInvalidationFilter;
}

function runUnit(plan: ResolverPlan, base: ContextInput, scope: InvocationScope): unknown {
  const module = plan.module!;
  const requested = unwrap(module.invoke('request', base, scope), module.name);
  // earlyReturn in a unit resolver's request skips the data source: the value is the field's result
  if (requested.kind === 'early') return requested.value;
  const answer = callDataSource(plan.steps[0], requested.value);
  return answer instanceof Promise ? answer.then((outcome) => respond(module, base, scope, outcome)) : respond(module, base, scope, answer);
}

/**
 * One handler's ctx: the resolver's, plus what this step adds. Written out because V8 (Node 20) builds a new hidden
 * class for every object that gets properties after a spread: `{ ...base, result }` cost microseconds a call.
 */
function handlerContext(
  base: ContextInput,
  prev: ContextInput['prev'],
  result?: unknown,
  error?: DataSourceOutcome['error'],
): ContextInput {
  return {
    arguments: base.arguments,
    identity: base.identity,
    source: base.source,
    stash: base.stash,
    request: base.request,
    info: base.info,
    env: base.env,
    prev,
    result,
    error,
  };
}

function respond(module: ResolverModule, base: ContextInput, scope: InvocationScope, { result, error }: DataSourceOutcome): unknown {
  return unwrap(module.invoke('response', handlerContext(base, undefined, result, error), scope), module.name).value;
}

async function runPipeline(plan: ResolverPlan, base: ContextInput, scope: InvocationScope): Promise<unknown> {
  let previous: unknown = null;
  let skipToEnd = false;
  if (plan.module?.hasRequest) {
    const before = unwrap(plan.module.invoke('request', base, scope), plan.module.name);
    previous = before.value;
    skipToEnd = before.kind === 'early';
  }
  for (const step of plan.steps) {
    if (skipToEnd) break;
    const prev = { result: previous };
    const ctx = handlerContext(base, prev);
    const requested = unwrap(step.module.invoke('request', ctx, scope), step.module.name);
    if (requested.kind === 'early') {
      previous = requested.value;
      skipToEnd = requested.skipTo === 'END';
      continue;
    }
    const { result, error } = await callDataSource(step, requested.value);
    const responded = unwrap(step.module.invoke('response', handlerContext(base, prev, result, error), scope), step.module.name);
    previous = responded.value;
    skipToEnd = responded.kind === 'early' && responded.skipTo === 'END';
  }
  if (!plan.module?.hasResponse) return previous;
  const after = unwrap(plan.module.invoke('response', handlerContext(base, { result: previous }, previous), scope), plan.module.name);
  return after.value;
}

function pathOf(info: GraphQLResolveInfo): Array<string | number> {
  const path: Array<string | number> = [];
  for (let node: GraphQLResolveInfo['path'] | undefined = info.path; node; node = node.prev) path.unshift(node.key);
  return path;
}
