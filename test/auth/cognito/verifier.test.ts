import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createCognitoVerifier,
  createLocalUserPool,
  identityFromClaims,
  TokenRejectedError,
  type LocalCognito,
  type MintedTokens,
  type TokenRejectionCode,
} from '../../../local/auth/cognito/index.js';
import {
  decodePart,
  encodePart,
  ISSUER,
  OTHER_CLIENT,
  poolOptions,
  signHs256,
  signRs256,
  storedPrivateKey,
  temporaryDir,
  USERS,
  WEB_CLIENT,
} from './fixtures.js';

let pool: LocalCognito;
let dataDir: string;
let kid: string;
let partner: MintedTokens;
let customer: MintedTokens;

beforeAll(async () => {
  dataDir = temporaryDir();
  pool = await createLocalUserPool(poolOptions({ dataDir }));
  kid = pool.jwks().keys[0].kid!;
  [partner, customer] = await Promise.all([pool.mintTokens('partner1'), pool.mintTokens('ada')]);
});

async function expectRejected(token: unknown, code: TokenRejectionCode, verifier = pool.verifier): Promise<void> {
  const error = await verifier.verify(token).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TokenRejectedError);
  expect((error as TokenRejectedError).code).toBe(code);
}

/** Claims the pool would mint, re-signed by the test with the pool's real key after changing `changes`. */
function resigned(token: string, changes: Record<string, unknown>): string {
  const payload = { ...decodePart(token, 1), ...changes };
  for (const [claim, value] of Object.entries(changes)) if (value === undefined) delete payload[claim];
  return signRs256(decodePart(token, 0), payload, storedPrivateKey(dataDir));
}

describe('tokens the pool mints', () => {
  it('publishes a Cognito-shaped JWKS with a kid', () => {
    const [key, ...others] = pool.jwks().keys;
    expect(others).toHaveLength(0);
    expect(key).toEqual({ alg: 'RS256', e: 'AQAB', kid: expect.any(String), kty: 'RSA', n: expect.any(String), use: 'sig' });
    expect(pool.issuer).toBe(ISSUER);
  });

  it('mints an ID token with exactly Cognito’s claim set (groups, email, custom attributes)', () => {
    expect(decodePart(partner.idToken, 0)).toEqual({ kid, alg: 'RS256' });
    const claims = decodePart(partner.idToken, 1);
    expect(Object.keys(claims).sort()).toEqual(
      [
        'sub',
        'cognito:groups',
        'email_verified',
        'iss',
        'cognito:username',
        'origin_jti',
        'aud',
        'event_id',
        'token_use',
        'auth_time',
        'exp',
        'iat',
        'jti',
        'email',
        'custom:issuerId',
        'name',
      ].sort(),
    );
    expect(claims).toMatchObject({
      'cognito:groups': ['partner'],
      email_verified: true,
      iss: ISSUER,
      'cognito:username': 'partner1',
      aud: WEB_CLIENT,
      token_use: 'id',
      email: 'partner1@example.com',
      'custom:issuerId': 'ISSUER-42',
    });
    expect(claims.exp).toBe((claims.iat as number) + 3600);
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('mints an access token with exactly Cognito’s claim set (no email, no custom attributes)', () => {
    const claims = decodePart(partner.accessToken, 1);
    expect(Object.keys(claims).sort()).toEqual(
      [
        'sub',
        'cognito:groups',
        'iss',
        'client_id',
        'origin_jti',
        'event_id',
        'token_use',
        'scope',
        'auth_time',
        'exp',
        'iat',
        'jti',
        'username',
      ].sort(),
    );
    const id = decodePart(partner.idToken, 1);
    expect(claims).toMatchObject({
      sub: id.sub,
      client_id: WEB_CLIENT,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: 'partner1',
      origin_jti: id.origin_jti,
      event_id: id.event_id,
    });
    expect(claims.jti).not.toBe(id.jti);
  });

  it('omits cognito:groups and email claims for a user without them', async () => {
    const tokens = await pool.mintTokens('nogroups');
    const claims = decodePart(tokens.idToken, 1);
    expect(claims).not.toHaveProperty('cognito:groups');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('email_verified');
  });

  it('keeps sub stable for a username across pools (so seed data can name it)', async () => {
    const again = await createLocalUserPool(poolOptions({ users: USERS.filter((user) => user.username === 'ada') }));
    const tokens = await again.mintTokens('ada');
    expect(decodePart(tokens.idToken, 1).sub).toBe(decodePart(customer.idToken, 1).sub);
  });
});

describe('verify: what AppSync accepts', () => {
  it('accepts ID and access tokens, with or without a Bearer prefix', async () => {
    await expect(pool.verifier.verify(partner.idToken)).resolves.toMatchObject({ token_use: 'id' });
    await expect(pool.verifier.verify(partner.accessToken)).resolves.toMatchObject({ token_use: 'access' });
    await expect(pool.verifier.verify(`Bearer ${partner.accessToken}`)).resolves.toMatchObject({ username: 'partner1' });
  });

  it('builds ctx.identity from an ID token (username = cognito:username, all claims)', async () => {
    const claims = await pool.verifier.verify(partner.idToken);
    const identity = identityFromClaims(claims, { sourceIp: ['10.0.0.1'], defaultAuthStrategy: 'ALLOW' });
    expect(identity).toEqual({
      sub: claims.sub,
      issuer: ISSUER,
      username: 'partner1',
      claims,
      sourceIp: ['10.0.0.1'],
      defaultAuthStrategy: 'ALLOW',
      groups: ['partner'],
    });
    expect(identity.claims['custom:issuerId']).toBe('ISSUER-42');
  });

  it('builds ctx.identity from an access token (username claim; no custom attributes there)', async () => {
    const claims = await pool.verifier.verify(partner.accessToken);
    const identity = identityFromClaims(claims, { sourceIp: ['127.0.0.1'], defaultAuthStrategy: 'DENY' });
    expect(identity).toMatchObject({ username: 'partner1', groups: ['partner'], defaultAuthStrategy: 'DENY' });
    expect(identity.claims['custom:issuerId']).toBeUndefined();
  });

  it('gives groups null when the token has no cognito:groups', async () => {
    const claims = await pool.verifier.verify((await pool.mintTokens('nogroups')).accessToken);
    expect(identityFromClaims(claims, { sourceIp: [], defaultAuthStrategy: 'ALLOW' }).groups).toBeNull();
  });

  it('tolerates a small clock skew on exp', async () => {
    const now = Date.now();
    const old = await createLocalUserPool(poolOptions({ dataDir, now: () => now - 3630_000 }));
    await expect(pool.verifier.verify((await old.mintTokens('ada')).idToken)).resolves.toMatchObject({
      token_use: 'id',
      'cognito:username': 'ada',
    });
  });

  it('verifies against a JWKS URL as well as a JWKS object', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.end(JSON.stringify(pool.jwks())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const remote = createCognitoVerifier({ issuer: ISSUER, jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` });
      await expect(remote.verify(customer.accessToken)).resolves.toMatchObject({ username: 'ada' });
    } finally {
      server.close();
    }
  });
});

describe('verify: the hostile-token list (every one is a TokenRejectedError)', () => {
  it('rejects alg "none", with or without a signature segment', async () => {
    const header = encodePart({ alg: 'none', kid });
    const payload = encodePart({ ...decodePart(customer.idToken, 1), 'cognito:groups': ['admin'] });
    await expectRejected(`${header}.${payload}.`, 'malformed');
    await expectRejected(`${header}.${payload}.c2lnbmF0dXJl`, 'algorithm');
    await expectRejected(`${encodePart({ alg: 'NONE', kid })}.${payload}.c2ln`, 'algorithm');
  });

  it('rejects HS256 tokens signed with the public key (PEM and JWK forms)', async () => {
    const payload = { ...decodePart(customer.idToken, 1), 'cognito:groups': ['admin'] };
    const publicJwk = pool.jwks().keys[0];
    const pem = createPublicKey({ key: publicJwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
    const forms = [pem, pem.trim(), JSON.stringify(publicJwk), Buffer.from(publicJwk.n!, 'base64url')];
    for (const secret of forms) await expectRejected(signHs256({ alg: 'HS256', kid }, payload, secret), 'algorithm');
  });

  it('rejects a token signed by another key that claims the pool’s kid', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = signRs256({ kid, alg: 'RS256' }, { ...decodePart(customer.idToken, 1), 'cognito:groups': ['admin'] }, privateKey);
    await expectRejected(forged, 'signature');
  });

  it('rejects an unknown kid, a missing kid, and a token from another pool with the same issuer', async () => {
    const stranger = await createLocalUserPool(poolOptions());
    await expectRejected((await stranger.mintTokens('root')).idToken, 'unknown-key');
    await expectRejected(resigned(customer.idToken, {}).replace(/^[^.]+/, encodePart({ alg: 'RS256' })), 'unknown-key');
    const unknownKid = signRs256({ kid: 'not-a-kid', alg: 'RS256' }, decodePart(customer.idToken, 1), storedPrivateKey(dataDir));
    await expectRejected(unknownKid, 'unknown-key');
  });

  it('rejects expired tokens (beyond the skew)', async () => {
    const now = Date.now();
    const old = await createLocalUserPool(poolOptions({ dataDir, now: () => now - 3700_000 }));
    await expectRejected((await old.mintTokens('ada')).accessToken, 'expired');
    await expectRejected(resigned(customer.idToken, { exp: Math.floor(now / 1000) - 120 }), 'expired');
  });

  it('rejects not-yet-valid tokens (nbf or iat in the future)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(resigned(customer.idToken, { nbf: now + 600 }), 'not-yet-valid');
    const future = await createLocalUserPool(poolOptions({ dataDir, now: () => Date.now() + 600_000 }));
    await expectRejected((await future.mintTokens('ada')).idToken, 'not-yet-valid');
  });

  it('rejects a wrong issuer, including a sibling pool that shares the signing key', async () => {
    const sibling = await createLocalUserPool(poolOptions({ dataDir, userPoolId: 'us-east-1_OtherPool' }));
    await expectRejected((await sibling.mintTokens('ada')).idToken, 'issuer');
    await expectRejected(resigned(customer.idToken, { iss: `${ISSUER}/` }), 'issuer');
    await expectRejected(resigned(customer.idToken, { iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalPool1' }), 'issuer');
    await expectRejected(resigned(customer.idToken, { iss: undefined }), 'issuer');
  });

  it('rejects another app client: aud for ID tokens, client_id for access tokens (appIdClientRegex)', async () => {
    const webOnly = createCognitoVerifier({ issuer: ISSUER, jwks: pool.jwks(), appIdClientRegex: WEB_CLIENT });
    const other = await pool.mintTokens('ada', OTHER_CLIENT);
    await expect(webOnly.verify(customer.idToken)).resolves.toMatchObject({ token_use: 'id' });
    await expectRejected(other.idToken, 'client', webOnly);
    await expectRejected(other.accessToken, 'client', webOnly);
    // the client id is read from the claim of the token's own kind, not from whichever claim is present
    await expectRejected(resigned(other.accessToken, { aud: WEB_CLIENT }), 'client', webOnly);
    await expectRejected(resigned(other.idToken, { client_id: WEB_CLIENT }), 'client', webOnly);
    // the regex must match the whole client id
    const prefixOnly = createCognitoVerifier({ issuer: ISSUER, jwks: pool.jwks(), appIdClientRegex: 'webclient' });
    await expectRejected(customer.idToken, 'client', prefixOnly);
    const listed = createCognitoVerifier({ issuer: ISSUER, jwks: pool.jwks(), clientIds: [OTHER_CLIENT] });
    await expectRejected(customer.accessToken, 'client', listed);
  });

  it('accepts only token_use id or access', async () => {
    await expectRejected(resigned(customer.accessToken, { token_use: 'refresh' }), 'token-use');
    await expectRejected(resigned(customer.accessToken, { token_use: undefined }), 'token-use');
    await expectRejected(resigned(customer.idToken, { 'cognito:username': undefined }), 'malformed');
    await expectRejected(resigned(customer.idToken, { 'cognito:groups': 'admin' }), 'malformed');
  });

  it('rejects a tampered payload carried by another token’s valid header and signature', async () => {
    const [header, , signature] = customer.idToken.split('.');
    const adminPayload = encodePart({ ...decodePart(customer.idToken, 1), 'cognito:groups': ['admin'] });
    await expectRejected(`${header}.${adminPayload}.${signature}`, 'signature');
    const rootPayload = (await pool.mintTokens('root')).idToken.split('.')[1];
    await expectRejected(`${header}.${rootPayload}.${signature}`, 'signature');
  });

  it('rejects oversized tokens before parsing them', async () => {
    await expectRejected('a'.repeat(1_000_000), 'too-large');
    const padded = resigned(customer.idToken, { padding: 'x'.repeat(20_000) });
    await expectRejected(padded, 'too-large');
  });

  it('rejects garbage of every shape without throwing anything else', async () => {
    const garbage: [unknown, TokenRejectionCode][] = [
      [undefined, 'missing'],
      [null, 'missing'],
      [42, 'missing'],
      [{}, 'missing'],
      ['', 'missing'],
      ['Bearer ', 'malformed'],
      ['Bearer Bearer x.y.z', 'malformed'],
      [' ', 'malformed'],
      ['abc', 'malformed'],
      ['a.b', 'malformed'],
      ['a.b.c.d', 'malformed'],
      ['a.b.c.d.e', 'malformed'],
      ['...', 'malformed'],
      ['!!.??.##', 'malformed'],
      ['a.b.c', 'malformed'],
      ['e30.e30.e30', 'algorithm'],
      [`${encodePart('not json')}.${encodePart('{}')}.c2ln`, 'malformed'],
      [`${encodePart([1, 2])}.${encodePart({})}.c2ln`, 'malformed'],
      [`${encodePart({ alg: 123, kid })}.${encodePart({})}.c2ln`, 'algorithm'],
      [`${encodePart({ alg: 'RS256', kid: 7 })}.${encodePart({})}.c2ln`, 'unknown-key'],
      [`${customer.idToken.split('.').slice(0, 2).join('.')}.${'A'.repeat(400)}`, 'signature'],
      [`${customer.idToken}\n`, 'malformed'],
      [`${customer.idToken.split('.')[0]}.${encodePart('not json at all')}.${customer.idToken.split('.')[2]}`, 'signature'],
    ];
    for (const [token, code] of garbage) await expectRejected(token, code);
  });

  it('rejects a validly signed token whose payload is not a JSON object', async () => {
    const key = storedPrivateKey(dataDir);
    const { createSign } = await import('node:crypto');
    const input = `${encodePart({ kid, alg: 'RS256' })}.${encodePart('["not", "an", "object"]')}`;
    const token = `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
    await expectRejected(token, 'malformed');
  });
});
