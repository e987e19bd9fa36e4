/** A GraphQL request as clients send it, over HTTP and in real-time `start` messages alike. */
export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface CheckedRequestBody {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | null;
}

/** The request's parts when their shapes are right, else what is wrong with them. */
export function checkRequestBody(body: GraphQLRequestBody): { ok: CheckedRequestBody } | { problem: string } {
  if (typeof body.query !== 'string' || body.query.trim() === '')
    return { problem: 'The request body must be a JSON object with a "query" string.' };
  const { variables, operationName } = body;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
    return { problem: '"variables" must be a JSON object.' };
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return { problem: '"operationName" must be a string.' };
  return {
    ok: { query: body.query, variables: (variables as Record<string, unknown> | null) ?? undefined, operationName: operationName ?? null },
  };
}
