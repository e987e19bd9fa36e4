import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalUserPool, LocalUserPoolConfigError } from '../../../local/auth/cognito/index.js';
import { DEFAULT_RULES } from '../../../local/auth/cognito/policy.js';
import { poolOptions, servePool, temporaryDir, WEB_CLIENT } from './fixtures.js';
import { callIdp } from './srp-client.js';

describe('persistence in the data folder', () => {
  it('keeps the signing key across restarts, private to the owner', async () => {
    const dataDir = temporaryDir();
    const first = await createLocalUserPool(poolOptions({ dataDir }));
    const tokens = await first.mintTokens('ada');
    const restarted = await createLocalUserPool(poolOptions({ dataDir }));
    expect(restarted.jwks()).toEqual(first.jwks());
    await expect(restarted.verifier.verify(tokens.idToken)).resolves.toMatchObject({ 'cognito:username': 'ada' });
    expect(statSync(path.join(dataDir, 'signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps refresh sessions (and their revocation) across restarts', async () => {
    const dataDir = temporaryDir();
    const first = await createLocalUserPool(poolOptions({ dataDir }));
    const [kept, revoked] = await Promise.all([first.mintTokens('ada'), first.mintTokens('root')]);
    const served = await servePool(poolOptions({ dataDir }));
    try {
      expect((await callIdp(served.endpoint, 'RevokeToken', { ClientId: WEB_CLIENT, Token: revoked.refreshToken })).status).toBe(200);
    } finally {
      await served.close();
    }
    const again = await servePool(poolOptions({ dataDir }));
    try {
      const refresh = (token: string) =>
        callIdp(again.endpoint, 'GetTokensFromRefreshToken', { ClientId: WEB_CLIENT, RefreshToken: token });
      expect((await refresh(kept.refreshToken)).status).toBe(200);
      expect((await refresh(revoked.refreshToken)).json.message).toBe('Refresh Token has been revoked');
    } finally {
      await again.close();
    }
  });

  it('uses a fresh in-memory key per pool when there is no data folder', async () => {
    const [one, two] = await Promise.all([createLocalUserPool(poolOptions()), createLocalUserPool(poolOptions())]);
    expect(one.jwks().keys[0].kid).not.toBe(two.jwks().keys[0].kid);
  });

  it('keeps users created through the API across restarts, with no password on disk', async () => {
    const dataDir = temporaryDir();
    const options = poolOptions({ dataDir, rules: { ...DEFAULT_RULES, autoVerifiedAttributes: ['email'] } });
    const password = 'Signed-up-pass-1';
    const first = await servePool(options);
    let sub: string;
    try {
      const signedUp = await callIdp(first.endpoint, 'SignUp', {
        ClientId: WEB_CLIENT,
        Username: 'newcomer',
        Password: password,
        UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }],
      });
      sub = signedUp.json.UserSub;
      const [sent] = (await (await fetch(`${first.endpoint}_local/sent-emails?to=newcomer%40example.com`)).json()) as { message: string }[];
      const code = /\d{6}/.exec(sent.message)![0];
      expect(
        (await callIdp(first.endpoint, 'ConfirmSignUp', { ClientId: WEB_CLIENT, Username: 'newcomer', ConfirmationCode: code })).status,
      ).toBe(200);
    } finally {
      await first.close();
    }
    const stored = path.join(dataDir, 'users.json');
    expect(readFileSync(stored, 'utf8')).not.toContain(password);
    expect(statSync(stored).mode & 0o777).toBe(0o600);

    const restarted = await servePool(options);
    try {
      const signedIn = await callIdp(restarted.endpoint, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: WEB_CLIENT,
        AuthParameters: { USERNAME: 'newcomer@example.com', PASSWORD: password },
      });
      expect(signedIn.status).toBe(200);
      await expect(restarted.cognito.verifier.verify(signedIn.json.AuthenticationResult.IdToken)).resolves.toMatchObject({ sub });
    } finally {
      await restarted.close();
    }
  });

  it('refuses a corrupt key file instead of silently replacing it', async () => {
    const dataDir = temporaryDir();
    writeFileSync(path.join(dataDir, 'signing-key.json'), '{"kty":"oct","k":"AAAA"}');
    await expect(createLocalUserPool(poolOptions({ dataDir }))).rejects.toBeInstanceOf(LocalUserPoolConfigError);
  });
});

describe('configuration checks at startup', () => {
  const rejects = (overrides: Parameters<typeof poolOptions>[0]) =>
    expect(createLocalUserPool(poolOptions(overrides))).rejects.toBeInstanceOf(LocalUserPoolConfigError);

  it('refuses pool ids Amplify could not parse, mismatched regions, and pools without clients', async () => {
    await rejects({ userPoolId: 'LocalPool1' });
    await rejects({ region: 'eu-west-1' });
    await rejects({ clientIds: [] });
  });

  it('refuses duplicate usernames or emails and unknown attribute names', async () => {
    await rejects({
      users: [
        { username: 'a', password: 'p' },
        { username: 'a', password: 'q' },
      ],
    });
    await rejects({
      users: [
        { username: 'a', password: 'p', email: 'x@y' },
        { username: 'b', password: 'q', email: 'x@y' },
      ],
    });
    await rejects({ users: [{ username: 'a', password: 'p', attributes: { issuerId: 'I1' } }] });
    await rejects({ users: [{ username: 'a', password: '' }] });
  });

  it('accepts an explicit sub for a user', async () => {
    const sub = '0b7a3c1e-2f44-4d5e-9a6b-7c8d9e0f1a2b';
    const pool = await createLocalUserPool(poolOptions({ users: [{ username: 'a', password: 'p', sub }] }));
    await expect(pool.verifier.verify((await pool.mintTokens('a')).accessToken)).resolves.toMatchObject({ sub });
  });
});
