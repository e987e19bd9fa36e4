import type { IncomingMessage } from 'node:http';

/**
 * Where a real-time client puts its credentials, in the order AppSync reads them: the `header` query parameter
 * (base64 JSON), the `header-<base64url JSON>` subprotocol (what Amplify v6 sends), or plain HTTP headers.
 */
export type HandshakeCredentials = { headers: Record<string, string>; malformed: false } | { headers: null; malformed: true };

/** Subprotocols the client offered, in order. */
export function offeredSubprotocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  return (header ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
}

export function handshakeCredentials(req: IncomingMessage): HandshakeCredentials {
  const query = new URL(req.url ?? '/', 'http://local').searchParams.get('header');
  if (query !== null) return decodeHeaderJson(query);
  const subprotocol = offeredSubprotocols(req).find((protocol) => protocol.startsWith('header-'));
  if (subprotocol) return decodeHeaderJson(subprotocol.slice('header-'.length));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
  return { headers, malformed: false };
}

/** Authorization objects (handshake header JSON, a start's `extensions.authorization`) as lower-case headers. */
export function headersFromAuthorization(authorization: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(authorization)) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  return headers;
}

function decodeHeaderJson(encoded: string): HandshakeCredentials {
  try {
    // Node's base64 decoder reads both alphabets, padded or not: the query form is base64, the subprotocol base64url.
    const parsed: unknown = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { headers: null, malformed: true };
    return { headers: headersFromAuthorization(parsed as Record<string, unknown>), malformed: false };
  } catch {
    return { headers: null, malformed: true };
  }
}
