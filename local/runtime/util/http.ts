/** util.http: header helpers; response headers land in the invocation scope for the HTTP layer. */
import { currentScope } from '../scope.js';
import { UtilUsageError } from '../signals.js';

/** Headers AppSync never forwards to an HTTP data source. */
const RESTRICTED_REQUEST_HEADERS = new Set(['host', 'connection', 'user-agent', 'expect', 'transfer-encoding', 'content-length']);
const RESPONSE_HEADERS_LIMIT_BYTES = 4096;

function headerValue(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function addResponseHeader(name: string, value: unknown): void {
  const headerName = String(name);
  if (/^x-amzn?-/i.test(headerName)) throw new UtilUsageError(`Response header ${headerName} uses a restricted prefix (x-amz-, x-amzn-)`);
  const headers = currentScope().responseHeaders;
  const next = { ...headers, [headerName]: headerValue(value) };
  const size = Object.entries(next).reduce((total, [k, v]) => total + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > RESPONSE_HEADERS_LIMIT_BYTES) throw new UtilUsageError('Custom response headers exceed the 4 KB limit');
  headers[headerName] = next[headerName];
}

export const http = {
  copyHeaders(headers: Record<string, unknown>): Record<string, unknown> {
    const copy: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers ?? {})) {
      if (!RESTRICTED_REQUEST_HEADERS.has(name.toLowerCase())) copy[name] = value;
    }
    return copy;
  },
  addResponseHeader,
  addResponseHeaders(headers: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(headers ?? {})) addResponseHeader(name, value);
  },
};
