/**
 * Signature Version 4 as AWS computes it on the server side: the canonical request, the string to sign and the
 * signature, from what arrived on the wire (never from what the client claims to have signed, except the list of
 * signed headers).
 */
import { createHash, createHmac } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

export interface SignedRequest {
  method: string;
  /** path and optional query string, as sent */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

/** The Authorization header's parameters; absent ones are undefined (the caller decides how to complain). */
export function authorizationParameters(header: string): { Credential?: string; SignedHeaders?: string; Signature?: string } {
  const parameters: Record<string, string> = {};
  for (const part of header.slice(SIGV4_ALGORITHM.length).split(',')) {
    const separator = part.indexOf('=');
    if (separator > 0) parameters[part.slice(0, separator).trim()] = part.slice(separator + 1).trim();
  }
  return parameters;
}

export function canonicalRequest(request: SignedRequest, signedHeaders: string[]): string {
  const [pathname, query] = splitOnce(request.path, '?');
  return [
    request.method.toUpperCase(),
    pathname.split('/').map(encodeRfc3986).join('/') || '/',
    canonicalQuery(query),
    ...signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}`),
    '',
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

export function stringToSign(amzDate: string, scope: CredentialScope, canonical: string): string {
  return [SIGV4_ALGORITHM, amzDate, `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`, sha256Hex(canonical)].join('\n');
}

export function signature(secretAccessKey: string, scope: CredentialScope, toSign: string): string {
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, scope.date);
  for (const part of [scope.region, scope.service, scope.terminator]) key = hmac(key, part);
  return hmac(key, toSign).toString('hex');
}

/** `yyyyMMddTHHmmssZ` (ISO 8601 basic), the only X-Amz-Date format AWS accepts; null when it is not that. */
export function parseAmzDate(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [key, value] = splitOnce(pair, '=');
      return [encodeRfc3986(safeDecode(key)), encodeRfc3986(safeDecode(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** encodeURIComponent plus the reserved characters RFC 3986 also escapes (SigV4's UriEncode). */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
