/**
 * The HTTP face of the local user pool: Cognito's Identity Provider JSON protocol as Amplify's custom
 * `userPoolEndpoint` speaks it (`POST` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>` and an
 * `application/x-amz-json-1.1` body; errors as HTTP 400 `{"__type","message"}` plus `x-amzn-errortype`), with
 * CORS so a browser app on another origin can call it, and the pool's JWKS at `…/.well-known/jwks.json`.
 * Locally, the emails a real pool would send are listed at `…/_local/sent-emails` instead.
 * The engine decides where this is mounted; the handler only looks at the method and the path's ending.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoServiceError } from './errors.js';
import type { LocalUserPool } from './issuer.js';
import { createCognitoIdpOperations } from './idp-operations.js';

export type CognitoIdpHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void>;

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** Local only: the emails the pool "sent" (sign-up codes, invitations), `?to=<address>` to filter; AWS would mail them. */
export const SENT_EMAILS_PATH = '/_local/sent-emails';
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date',
};

export function createCognitoIdpHandler(pool: LocalUserPool): CognitoIdpHandler {
  const operations = createCognitoIdpOperations(pool);

  return async function handleCognitoIdpRequest(req, res, body) {
    const requestId = randomUUID();
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers':
          req.headers['access-control-request-headers'] ?? 'content-type, x-amz-target, x-amz-user-agent, cache-control',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'GET' && url.pathname.endsWith('/.well-known/jwks.json')) {
      send(res, 200, 'application/json', requestId, pool.jwks());
      return;
    }
    if (req.method === 'GET' && url.pathname.endsWith(SENT_EMAILS_PATH)) {
      const to = url.searchParams.get('to');
      send(res, 200, 'application/json', requestId, to === null ? pool.sentEmails : pool.sentEmails.filter((email) => email.to === to));
      return;
    }
    try {
      if (req.method !== 'POST') throw new CognitoServiceError('UnknownOperationException', `${req.method} is not supported`);
      const target = headerValue(req, 'x-amz-target') ?? '';
      const name = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (operation === undefined) {
        throw new CognitoServiceError('UnknownOperationException', `Unknown or unsupported operation ${target || '(no X-Amz-Target)'}`);
      }
      const request = { method: req.method, path: req.url ?? '/', headers: req.headers, body: body.toString('utf8') };
      send(res, 200, 'application/x-amz-json-1.1', requestId, await operation(parseBody(body), request));
    } catch (err) {
      const error =
        err instanceof CognitoServiceError
          ? err
          : new CognitoServiceError('InternalErrorException', `Internal error in the local user pool: ${(err as Error).message}`, 500);
      res.setHeader('x-amzn-errortype', error.type);
      send(res, error.statusCode, 'application/x-amz-json-1.1', requestId, { __type: error.type, message: error.message });
    }
  };
}

function parseBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length === 0 ? '{}' : body.toString('utf8'));
  } catch {
    throw new CognitoServiceError('SerializationException', 'Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CognitoServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, contentType: string, requestId: string, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}
