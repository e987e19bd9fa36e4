import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate } from '../auth/authenticate.js';
import { sendJson, type RouteHandler } from '../http/server.js';
import type { ExecutionOutcome, GraphQLEndpoint, GraphQLRequestBody } from './endpoint.js';
import { RequestError } from '../common/request-error.js';

/** Headers AppSync never hands to resolvers. */
const HIDDEN_HEADERS = new Set(['cookie']);

export function requestHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HIDDEN_HEADERS.has(name)) headers[name] = value;
  return headers;
}

export function sourceIpOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '127.0.0.1';
}

/**
 * POST /graphql: authenticate, execute, answer in AppSync's shapes. GET goes to `onGet` when given (a GraphQL
 * explorer, locally) and is refused like AppSync otherwise.
 */
export function graphqlRoute(
  endpoint: GraphQLEndpoint,
  authenticate: Authenticate,
  onExecuted?: (outcome: ExecutionOutcome) => void,
  onGet?: RouteHandler,
) {
  return async (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    try {
      if (req.method === 'GET' && onGet) return await onGet(req, res, raw);
      if (req.method !== 'POST') throw new RequestError(405, 'MethodNotAllowed', 'Only POST is supported on /graphql.');
      const text = raw.toString('utf8');
      let body: GraphQLRequestBody;
      try {
        body = JSON.parse(text);
      } catch {
        throw new RequestError(400, 'MalformedHttpRequestException', 'Invalid JSON payload in POST request.');
      }
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new RequestError(400, 'MalformedHttpRequestException', 'Invalid JSON payload in POST request.');
      const caller = await authenticate({ headers: req.headers, sourceIp: sourceIpOf(req), body: text });
      const outcome = await endpoint.execute(body, caller, requestHeaders(req));
      sendJson(res, 200, outcome.response, outcome.responseHeaders);
      onExecuted?.(outcome);
    } catch (error) {
      if (error instanceof RequestError) return sendJson(res, error.statusCode, error.toBody());
      throw error;
    }
  };
}
