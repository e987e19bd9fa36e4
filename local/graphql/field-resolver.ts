import type { GraphQLResolveInfo } from 'graphql';
import type { FunctionConfigurationModel, ResolverModel } from '../assembly/stack-model.js';
import type { CallerAuth } from '../auth/types.js';
import type { DataSource } from '../datasources/types.js';
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

async function callDataSource(
  step: PlannedFunction,
  request: unknown,
): Promise<{ result: unknown; error?: { message: string; type: string } }> {
  try {
    return await step.dataSource.invoke(request, { tokenScope: step.tokenScope });
  } catch (error) {
    if (error instanceof MappingTemplateError) throw new FieldError(error.message, 'MappingTemplate');
    throw error;
  }
}

/**
 * Runs one resolver the way AppSync does. Unit: request → data source → response. Pipeline: resolver request
 * (before) → for each function (request → data source → response) → resolver response (after), with
 * ctx.prev.result carried along, one stash for the whole run, and runtime.earlyReturn honoured at every step.
 */
export async function runResolver(
  plan: ResolverPlan,
  env: Record<string, string>,
  source: unknown,
  args: Record<string, unknown>,
  request: RequestContext,
  info: GraphQLResolveInfo,
): Promise<unknown> {
  const scope = newScope({ authType: request.caller.mode, fieldName: info.fieldName, parentTypeName: info.parentType.name });
  const base: ContextInput = {
    arguments: args,
    identity: request.caller.identity,
    source: source ?? null,
    stash: {},
    request: { headers: request.headers, domainName: null },
    info: {
      fieldName: info.fieldName,
      parentTypeName: info.parentType.name,
      variables: info.variableValues,
      selectionSetList: () => selectionSetList(info),
      selectionSetGraphQL: () => selectionSetGraphQL(info),
    },
    env,
  };
  try {
    return plan.model.kind === 'UNIT' ? await runUnit(plan, base, scope) : await runPipeline(plan, base, scope);
  } finally {
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
}

async function runUnit(plan: ResolverPlan, base: ContextInput, scope: InvocationScope): Promise<unknown> {
  const module = plan.module!;
  const file = module.name;
  const requested = unwrap(module.invoke('request', base, scope), file);
  // earlyReturn in a unit resolver's request skips the data source: the value is the field's result
  if (requested.kind === 'early') return requested.value;
  const { result, error } = await callDataSource(plan.steps[0], requested.value);
  const responded = unwrap(module.invoke('response', { ...base, result, error }, scope), file);
  return responded.value;
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
    const ctx = { ...base, prev: { result: previous } };
    const requested = unwrap(step.module.invoke('request', ctx, scope), step.module.name);
    if (requested.kind === 'early') {
      previous = requested.value;
      skipToEnd = requested.skipTo === 'END';
      continue;
    }
    const { result, error } = await callDataSource(step, requested.value);
    const responded = unwrap(step.module.invoke('response', { ...ctx, result, error }, scope), step.module.name);
    previous = responded.value;
    skipToEnd = responded.kind === 'early' && responded.skipTo === 'END';
  }
  if (!plan.module?.hasResponse) return previous;
  const after = unwrap(plan.module.invoke('response', { ...base, prev: { result: previous }, result: previous }, scope), plan.module.name);
  return after.value;
}

function pathOf(info: GraphQLResolveInfo): Array<string | number> {
  const path: Array<string | number> = [];
  for (let node: GraphQLResolveInfo['path'] | undefined = info.path; node; node = node.prev) path.unshift(node.key);
  return path;
}
