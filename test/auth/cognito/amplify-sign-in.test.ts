/**
 * The unmodified aws-amplify v6 client against the local endpoint, exactly as the web app will use it.
 * aws-amplify is not a dependency yet: until it is installed these tests are skipped (the SRP math has also been
 * checked by running Amplify 6.21.1's own SRP helpers against this endpoint; see the report of that work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePart, poolOptions, servePool, USER_POOL_ID, WEB_CLIENT, type ServedPool } from './fixtures.js';

/** Imported by a computed name so that type-checking and bundling do not require the package. */
async function optionalImport(name: string): Promise<any> {
  return import(/* @vite-ignore */ name).catch(() => null);
}

const core = await optionalImport('aws-amplify');
const auth = await optionalImport('aws-amplify/auth');

describe.skipIf(core === null || auth === null)('aws-amplify v6 signIn through userPoolEndpoint', () => {
  let served: ServedPool;

  beforeAll(async () => {
    served = await servePool(poolOptions());
    core.Amplify.configure({
      Auth: { Cognito: { userPoolId: USER_POOL_ID, userPoolClientId: WEB_CLIENT, userPoolEndpoint: served.endpoint } },
    });
  });
  afterAll(() => served.close());

  it('signs in with SRP, reads the session and attributes, refreshes, and signs out', async () => {
    expect(await auth.signIn({ username: 'partner1', password: 'partner password 1' })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: 'DONE' },
    });

    const { tokens } = await auth.fetchAuthSession();
    const claims = await served.cognito.verifier.verify(tokens.accessToken.toString());
    expect(await auth.getCurrentUser()).toMatchObject({ username: 'partner1', userId: claims.sub });
    expect(tokens.idToken.payload['custom:issuerId']).toBe('ISSUER-42');
    expect(await auth.fetchUserAttributes()).toMatchObject({ email: 'partner1@example.com', 'custom:issuerId': 'ISSUER-42' });

    const refreshed = (await auth.fetchAuthSession({ forceRefresh: true })).tokens;
    expect(refreshed.accessToken.toString()).not.toBe(tokens.accessToken.toString());
    expect(decodePart(refreshed.accessToken.toString(), 1).origin_jti).toBe(claims.origin_jti);

    await auth.signOut();
    await expect(auth.getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
  });

  it('signs in with the email alias and with USER_PASSWORD_AUTH, and signs out globally', async () => {
    await auth.signIn({ username: 'ada@example.com', password: 'correct horse battery' });
    expect((await auth.getCurrentUser()).username).toBe('ada');
    await auth.signOut();
    await auth.signIn({ username: 'root', password: 'admin password 1', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    expect((await auth.fetchAuthSession()).tokens.accessToken.payload['cognito:groups']).toEqual(['admin']);
    await auth.signOut({ global: true });
  });

  it('surfaces a wrong password as NotAuthorizedException', async () => {
    await expect(auth.signIn({ username: 'root', password: 'wrong password' })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });
});
