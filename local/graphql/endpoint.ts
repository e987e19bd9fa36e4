import { execute, getOperationAST, OperationTypeNode, type DocumentNode, type GraphQLError } from 'graphql';
import type { CallerAuth } from '../auth/types.js';
import { DocumentCache } from './document-cache.js';
import { checkRequestBody, type GraphQLRequestBody } from './request-body.js';
import { RequestError } from '../common/request-error.js';
import { formatExecutionError, formatRequestValidationError, type AppSyncErrorEntry } from './errors.js';
import type { ExecutableSchema } from './executable-schema.js';
import type { RequestContext } from './field-resolver.js';

export type { GraphQLRequestBody } from './request-body.js';

export interface GraphQLResponse {
  data?: unknown;
  errors?: AppSyncErrorEntry[];
  extensions?: Record<string, unknown>;
}

export interface ExecutionOutcome {
  response: GraphQLResponse;
  responseHeaders: Record<string, string>;
  /** set for mutations that succeeded at least partly: the real-time layer publishes from it */
  mutation?: { document: DocumentNode; operationName: string | null; data: Record<string, unknown> | null; context: RequestContext };
}

const CACHE_LIMIT = 2000;

/**
 * Executes GraphQL requests against the API's schema. Parsing and validation are cached per query text, so a
 * client repeating its operations (every real client) pays for them once.
 */
export class GraphQLEndpoint {
  private readonly documents: DocumentCache;

  constructor(private readonly executable: ExecutableSchema) {
    this.documents = new DocumentCache(executable.schema, CACHE_LIMIT);
  }

  get schema() {
    return this.executable.schema;
  }

  async execute(body: GraphQLRequestBody, caller: CallerAuth, headers: Record<string, string | string[]>): Promise<ExecutionOutcome> {
    const checked = checkRequestBody(body);
    if ('problem' in checked) throw new RequestError(400, 'MalformedHttpRequestException', checked.problem);
    const { query, variables, operationName } = checked.ok;
    const parsed = this.documents.get(query);
    if (!parsed.document) return { response: { data: null, errors: parsed.errors }, responseHeaders: {} };

    const operation = getOperationAST(parsed.document, operationName);
    if (operation?.operation === OperationTypeNode.SUBSCRIPTION) {
      return {
        response: {
          data: null,
          errors: [
            {
              path: null,
              data: null,
              errorType: 'UnsupportedOperation',
              errorInfo: null,
              locations: null,
              message: 'Subscriptions are served over the real-time WebSocket endpoint (/graphql/realtime).',
            },
          ],
        },
        responseHeaders: {},
      };
    }

    const context: RequestContext = { caller, headers, appendedErrors: [], responseHeaders: {}, invalidations: [] };
    const result = await execute({
      schema: this.executable.schema,
      document: parsed.document,
      variableValues: variables,
      operationName,
      contextValue: context,
    });
    const preExecution = !('data' in result) || result.data === undefined;
    const errors = [
      ...(result.errors ?? []).map((error: GraphQLError) =>
        preExecution ? formatRequestValidationError(error) : formatExecutionError(error),
      ),
      ...context.appendedErrors,
    ];
    const response: GraphQLResponse = { data: result.data ?? null };
    if (errors.length) response.errors = errors;
    return {
      response,
      responseHeaders: context.responseHeaders,
      mutation:
        operation?.operation === OperationTypeNode.MUTATION && result.data
          ? { document: parsed.document, operationName, data: result.data, context }
          : undefined,
    };
  }
}
