/**
 * The hostile-token list: Authorization header values AppSync must refuse, built against a running API's own user
 * pool (its real tokens and, to forge otherwise-valid tokens, its signing key). Shared by the HTTP tests and the
 * WebSocket ones, which send the same values in their `header` / `start` authorization.
 */
import { createHmac, createPrivateKey, createPublicKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EngineUnderTest } from '../global-setup.js';
import { aSignedInUser } from './given-steps.js';

export interface HostileToken {
  name: string;
  /** the Authorization header value to send */
  token: string;
  /** larger than an HTTP server accepts in headers (16 KiB): refused before any token check over HTTP */
  oversized?: true;
}

type Claims = Record<string, unknown>;

const encode = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decode = (token: string, index: 0 | 1): Claims => JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));

function signRs256(header: unknown, payload: unknown, key: KeyObject): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

function signHs256(header: unknown, payload: unknown, secret: string | Buffer): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Every kind of token an attacker or a broken client could send as a customer trying to act as an admin. */
export async function hostileTokens(api: EngineUnderTest): Promise<HostileToken[]> {
  const pool = api.userPool;
  if (!pool?.signingKeyFile) throw new Error('hostile tokens need an API whose user pool keeps its signing key in a data folder');
  const poolKey = createPrivateKey({ key: JSON.parse(readFileSync(pool.signingKeyFile, 'utf8')), format: 'jwk' });
  const publicJwk = createPublicKey(poolKey).export({ format: 'jwk' });
  const publicPem = createPublicKey(poolKey).export({ type: 'spki', format: 'pem' }) as string;
  const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  const { idToken, accessToken } = await aSignedInUser(api, 'customer');
  const header = decode(idToken, 0);
  const id = decode(idToken, 1);
  const access = decode(accessToken, 1);
  const now = Math.floor(Date.now() / 1000);
  const asAdmin = { ...id, 'cognito:groups': ['admin'] };
  /** claims the pool never minted, signed with the pool's own key: only the claim checks can catch these */
  const forged = (claims: Claims, changes: Claims) => {
    const payload: Claims = { ...claims, ...changes };
    for (const [claim, value] of Object.entries(changes)) if (value === undefined) delete payload[claim];
    return signRs256(header, payload, poolKey);
  };
  const [idHeader, , idSignature] = idToken.split('.');
  const [accessHeader, , accessSignature] = accessToken.split('.');

  return [
    { name: 'alg none, no signature', token: `${encode({ alg: 'none', kid: header.kid })}.${encode(asAdmin)}.` },
    { name: 'alg none, with a signature segment', token: `${encode({ alg: 'none', kid: header.kid })}.${encode(asAdmin)}.${idSignature}` },
    { name: 'HS256 keyed with the public key (PEM)', token: signHs256({ alg: 'HS256', kid: header.kid }, asAdmin, publicPem) },
    {
      name: 'HS256 keyed with the public key (JWK)',
      token: signHs256({ alg: 'HS256', kid: header.kid }, asAdmin, JSON.stringify(publicJwk)),
    },
    { name: 'another RSA key claiming the pool’s kid', token: signRs256(header, asAdmin, strangerKey) },
    { name: 'unknown kid', token: signRs256({ ...header, kid: 'not-the-pool-kid' }, id, poolKey) },
    { name: 'expired', token: forged(id, { iat: now - 7200, exp: now - 300 }) },
    { name: 'not yet valid (nbf)', token: forged(id, { nbf: now + 600 }) },
    { name: 'issued in the future (iat)', token: forged(id, { iat: now + 600, exp: now + 4200 }) },
    { name: 'issuer of another pool', token: forged(id, { iss: `https://cognito-idp.${pool.region}.amazonaws.com/${pool.id}` }) },
    { name: 'issuer with a trailing slash', token: forged(id, { iss: `${pool.issuer}/` }) },
    { name: 'no issuer', token: forged(id, { iss: undefined }) },
    { name: 'ID token for another app client (aud)', token: forged(id, { aud: 'someotherclient0000000000' }) },
    { name: 'access token for another app client (client_id)', token: forged(access, { client_id: 'someotherclient0000000000' }) },
    {
      name: 'ID token carrying the right client only in client_id',
      token: forged(id, { aud: 'someotherclient0000000000', client_id: pool.clientId }),
    },
    { name: 'refresh token_use', token: forged(access, { token_use: 'refresh' }) },
    { name: 'no token_use', token: forged(access, { token_use: undefined }) },
    { name: 'tampered groups on an ID token, original signature', token: `${idHeader}.${encode(asAdmin)}.${idSignature}` },
    {
      name: 'tampered groups on an access token, original signature',
      token: `${accessHeader}.${encode({ ...access, 'cognito:groups': ['admin'] })}.${accessSignature}`,
    },
    {
      name: 'tampered username, original signature',
      token: `${idHeader}.${encode({ ...id, 'cognito:username': 'admin' })}.${idSignature}`,
    },
    { name: 'tampered token behind a Bearer prefix', token: `Bearer ${idHeader}.${encode(asAdmin)}.${idSignature}` },
    { name: 'oversized garbage (1 MB)', token: 'a'.repeat(1_000_000), oversized: true },
    { name: 'oversized but validly signed (20 KB of claims)', token: forged(id, { padding: 'x'.repeat(20_000) }), oversized: true },
    { name: 'one segment', token: 'abc' },
    { name: 'three empty segments', token: '..' },
    { name: 'three non-base64 segments', token: '!!.??.##' },
    { name: 'empty JSON objects', token: 'e30.e30.e30' },
    { name: 'header that is not JSON', token: `${encode('not json')}.${encode(id)}.${idSignature}` },
    { name: 'payload that is not JSON', token: `${idHeader}.${encode('not json')}.${idSignature}` },
    { name: 'five segments (JWE shape)', token: 'a.b.c.d.e' },
    { name: 'Bearer and nothing else', token: 'Bearer ' },
  ];
}
