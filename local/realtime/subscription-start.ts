import { execute, getOperationAST, OperationTypeNode, type GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { Authenticate } from '../auth/authenticate.js';
import { DocumentCache } from '../graphql/document-cache.js';
import { formatExecutionError, formatRequestValidationError } from '../graphql/errors.js';
import { RequestError } from '../common/request-error.js';
import { checkRequestBody, type CheckedRequestBody } from '../graphql/request-body.js';
import { runResolver, type RequestContext, type ResolverPlan } from '../graphql/field-resolver.js';
import { compileArgumentFilter, compileEnhancedFilter, FilterDefinitionError } from './filters.js';
import { headersFromAuthorization } from './handshake-credentials.js';
import { errors, type AppSyncWireError } from './protocol.js';
import type { ActiveSubscription } from './subscription-registry.js';

export interface StartRequest {
  data: string;
  authorization: Record<string, unknown> | null;
  /** the connection's upgrade request headers, for ctx.request.headers */
  connectionHeaders: Record<string, string | string[]>;
  sourceIp: string;
}

export type StartOutcome =
  { subscription: Omit<ActiveSubscription, 'id' | 'connection'>; errors: null } | { subscription: null; errors: AppSyncWireError[] };

/** What the subscription field's resolver left behind when it ran at start. */
interface StartContext extends RequestContext {
  started?: { fieldName: string; args: Record<string, unknown>; filter: unknown; invalidationFilter: unknown };
}

const CACHE_LIMIT = 500;

/**
 * Turns a `start` message into a live subscription, deciding everything per subscription once: the caller is
 * authenticated again from the start's own authorization, the operation is validated, the Subscription field's
 * directives are checked and its resolver runs (it may refuse with util.unauthorized() and may set enhanced and
 * invalidation filters), and the filters are compiled.
 */
export class SubscriptionStarter {
  private readonly rootValue: Record<string, unknown>;
  private readonly documents: DocumentCache;

  /** `schema`: the API's schema with directive checks but no resolvers, so fields read what they are given */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly plans: Map<string, ResolverPlan>,
    private readonly env: Record<string, string>,
    private readonly authenticate: Authenticate,
  ) {
    this.documents = new DocumentCache(schema, CACHE_LIMIT);
    // the default resolver calls a function found on the root value: that is where the field's resolver runs
    const startField = (args: Record<string, unknown>, context: StartContext, info: GraphQLResolveInfo) =>
      this.runSubscriptionResolver(args, context, info);
    this.rootValue = Object.fromEntries(Object.keys(schema.getSubscriptionType()?.getFields() ?? {}).map((name) => [name, startField]));
  }

  async start(request: StartRequest): Promise<StartOutcome> {
    if (!request.authorization) return refused([errors.missingAuthorization()]);
    const authHeaders = headersFromAuthorization(request.authorization);
    let caller;
    try {
      caller = await this.authenticate({ headers: authHeaders, sourceIp: request.sourceIp, body: request.data });
    } catch (error) {
      if (error instanceof RequestError) return refused([{ errorType: error.errorType, message: error.message }]);
      throw error;
    }

    const body = parseStartData(request.data);
    if (!body) return refused([errors.malformedStartData()]);
    const parsed = this.documents.get(body.query);
    if (!parsed.document) return refused(parsed.errors);
    if (getOperationAST(parsed.document, body.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION)
      return refused([errors.notASubscription()]);

    const context: StartContext = {
      caller,
      headers: { ...request.connectionHeaders, ...authHeaders },
      appendedErrors: [],
      responseHeaders: {},
      invalidations: [],
    };
    const result = await execute({
      schema: this.schema,
      document: parsed.document,
      rootValue: this.rootValue,
      contextValue: context,
      variableValues: body.variables,
      operationName: body.operationName,
    });
    const failed = [
      ...(result.errors ?? []).map((error: GraphQLError) =>
        result.data ? formatExecutionError(error) : formatRequestValidationError(error),
      ),
      ...context.appendedErrors,
    ];
    if (failed.length || !context.started) return refused(failed);

    const { fieldName, args, filter, invalidationFilter } = context.started;
    try {
      return {
        errors: null,
        subscription: {
          fieldName,
          document: parsed.document,
          operationName: body.operationName,
          variables: body.variables ?? {},
          context: { caller, headers: context.headers, appendedErrors: [], responseHeaders: {}, invalidations: [] },
          // enhanced filters replace argument filtering altogether
          matches: filter === undefined || filter === null ? compileArgumentFilter(args) : compileEnhancedFilter(filter),
          invalidatedBy: invalidationFilter === undefined || invalidationFilter === null ? null : compileEnhancedFilter(invalidationFilter),
          deliveryKey: JSON.stringify([body.query, body.operationName, body.variables, caller.mode, caller.groups]),
        },
      };
    } catch (error) {
      if (error instanceof FilterDefinitionError) return refused([errors.invalidFilter(error.message)]);
      throw error;
    }
  }

  private async runSubscriptionResolver(args: Record<string, unknown>, context: StartContext, info: GraphQLResolveInfo): Promise<null> {
    const plan = this.plans.get(`Subscription.${info.fieldName}`);
    if (plan) await runResolver(plan, this.env, null, args, context, info);
    context.started = {
      fieldName: info.fieldName,
      args,
      filter: context.subscriptionFilter,
      invalidationFilter: context.subscriptionInvalidationFilter,
    };
    // AppSync ignores what a subscription resolver returns at start
    return null;
  }
}

function refused(errors: AppSyncWireError[]): StartOutcome {
  return { subscription: null, errors };
}

function parseStartData(data: string): CheckedRequestBody | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const checked = checkRequestBody(body);
  return 'ok' in checked ? checked.ok : null;
}
