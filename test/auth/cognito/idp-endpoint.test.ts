import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePart, ISSUER, OTHER_CLIENT, poolOptions, servePool, USER_POOL_ID, WEB_CLIENT, type ServedPool } from './fixtures.js';
import { amplifyTimestamp, callIdp, srpSignIn } from './srp-client.js';

let served: ServedPool;
let endpoint: string;
/** The pool's clock, movable to expire SRP challenges. */
let clockOffsetMs = 0;

beforeAll(async () => {
  served = await servePool(poolOptions({ now: () => Date.now() + clockOffsetMs }));
  endpoint = served.endpoint;
});
afterAll(() => served.close());

const signInWithSrp = (username: string, password: string, extra: { timestamp?: string } = {}) =>
  srpSignIn({ endpoint, userPoolId: USER_POOL_ID, clientId: WEB_CLIENT, username, password, ...extra });

const signInWithPassword = (username: string, password: string, clientId = WEB_CLIENT) =>
  callIdp(endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });

describe('USER_SRP_AUTH (Amplify’s default signIn flow)', () => {
  it('signs in with the SRP-6a exchange and returns verifiable Cognito tokens', async () => {
    const { status, json, challenge } = await signInWithSrp('partner1', 'partner password 1');
    expect(challenge).toMatchObject({ USERNAME: 'partner1', USER_ID_FOR_SRP: 'partner1' });
    expect(challenge.SALT).toMatch(/^[0-9a-f]+$/);
    expect(challenge.SRP_B).toMatch(/^[0-9a-f]+$/);
    expect(status).toBe(200);
    expect(json.ChallengeParameters).toEqual({});
    expect(json.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: expect.any(String) });
    const id = await served.cognito.verifier.verify(json.AuthenticationResult.IdToken);
    expect(id).toMatchObject({
      'cognito:username': 'partner1',
      'cognito:groups': ['partner'],
      'custom:issuerId': 'ISSUER-42',
      iss: ISSUER,
    });
    await expect(served.cognito.verifier.verify(json.AuthenticationResult.AccessToken)).resolves.toMatchObject({ username: 'partner1' });
  });

  it('signs in with the email alias; the proof is bound to USER_ID_FOR_SRP', async () => {
    const { status, json, challenge } = await signInWithSrp('ada@example.com', 'correct horse battery');
    expect(challenge).toMatchObject({ USERNAME: 'ada', USER_ID_FOR_SRP: 'ada' });
    expect(status).toBe(200);
    expect(decodePart(json.AuthenticationResult.IdToken, 1)['cognito:username']).toBe('ada');
  });

  it('answers a wrong password with NotAuthorizedException "Incorrect username or password."', async () => {
    const { status, errorType, json } = await signInWithSrp('root', 'not the password');
    expect(status).toBe(400);
    expect(errorType).toBe('NotAuthorizedException');
    expect(json).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('answers an unknown user with UserNotFoundException', async () => {
    const { status, json } = await signInWithSrp('nobody', 'whatever password');
    expect(status).toBe(400);
    expect(json).toEqual({ __type: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('accepts each SECRET_BLOCK once: a replayed answer is refused', async () => {
    const first = await signInWithSrp('ada', 'correct horse battery');
    expect(first.status).toBe(200);
    const replay = await callIdp(endpoint, 'RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: WEB_CLIENT,
      ChallengeResponses: {
        USERNAME: 'ada',
        PASSWORD_CLAIM_SECRET_BLOCK: first.challenge.SECRET_BLOCK,
        TIMESTAMP: amplifyTimestamp(new Date()),
        PASSWORD_CLAIM_SIGNATURE: 'AAAA',
      },
    });
    expect(replay.json).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('expires an unanswered challenge after 3 minutes', async () => {
    const started = await callIdp(endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: WEB_CLIENT,
      AuthParameters: { USERNAME: 'ada', SRP_A: 'abcdef' },
    });
    const challenge = started.json.ChallengeParameters;
    clockOffsetMs = 4 * 60 * 1000;
    try {
      const late = await callIdp(endpoint, 'RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: WEB_CLIENT,
        ChallengeResponses: {
          USERNAME: 'ada',
          PASSWORD_CLAIM_SECRET_BLOCK: challenge.SECRET_BLOCK,
          TIMESTAMP: amplifyTimestamp(new Date()),
          PASSWORD_CLAIM_SIGNATURE: 'AAAA',
        },
      });
      expect(late.json.__type).toBe('NotAuthorizedException');
    } finally {
      clockOffsetMs = 0;
    }
  });

  it('requires Amplify’s TIMESTAMP format (day of month unpadded)', async () => {
    const padded = await signInWithSrp('ada', 'correct horse battery', { timestamp: 'Mon Nov 02 07:05:09 UTC 2026' });
    expect(padded.json.__type).toBe('InvalidParameterException');
    expect(amplifyTimestamp(new Date(Date.UTC(2026, 10, 2, 7, 5, 9)))).toBe('Mon Nov 2 07:05:09 UTC 2026');
    const unpadded = await signInWithSrp('ada', 'correct horse battery', { timestamp: 'Mon Nov 2 07:05:09 UTC 2026' });
    expect(unpadded.status).toBe(200);
  });

  it('refuses an SRP_A that is zero modulo N', async () => {
    const { json } = await callIdp(endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: WEB_CLIENT,
      AuthParameters: { USERNAME: 'ada', SRP_A: '0' },
    });
    expect(json.__type).toBe('InvalidParameterException');
  });
});

describe('USER_PASSWORD_AUTH', () => {
  it('signs in with the password and refuses a wrong one', async () => {
    const ok = await signInWithPassword('root', 'admin password 1');
    expect(ok.status).toBe(200);
    expect(decodePart(ok.json.AuthenticationResult.AccessToken, 1)).toMatchObject({ username: 'root', 'cognito:groups': ['admin'] });
    const wrong = await signInWithPassword('root', 'admin password 2');
    expect(wrong.json).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('refuses an unknown app client and flows the web client does not enable', async () => {
    expect((await signInWithPassword('root', 'admin password 1', 'someclient')).json).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool client someclient does not exist.',
    });
    const custom = await callIdp(endpoint, 'InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: WEB_CLIENT,
      AuthParameters: { USERNAME: 'root' },
    });
    expect(custom.json).toEqual({ __type: 'InvalidParameterException', message: 'CUSTOM_AUTH flow not enabled for this client' });
    const missing = await callIdp(endpoint, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: {} });
    expect(missing.json.message).toContain("Value null at 'clientId'");
    const noPassword = await callIdp(endpoint, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: WEB_CLIENT,
      AuthParameters: { USERNAME: 'root' },
    });
    expect(noPassword.json).toEqual({ __type: 'InvalidParameterException', message: 'Missing required parameter PASSWORD' });
  });
});

describe('refresh, GetUser and sign-out', () => {
  it('refreshes with GetTokensFromRefreshToken (Amplify 6.21+) and REFRESH_TOKEN_AUTH: same session, new tokens', async () => {
    const signedIn = (await signInWithSrp('ada', 'correct horse battery')).json.AuthenticationResult;
    const first = decodePart(signedIn.AccessToken, 1);
    const viaNewApi = await callIdp(endpoint, 'GetTokensFromRefreshToken', { ClientId: WEB_CLIENT, RefreshToken: signedIn.RefreshToken });
    expect(viaNewApi.status).toBe(200);
    expect(viaNewApi.json.AuthenticationResult.RefreshToken).toBeUndefined();
    const viaInitiateAuth = await callIdp(endpoint, 'InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: WEB_CLIENT,
      AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken },
    });
    for (const result of [viaNewApi.json.AuthenticationResult, viaInitiateAuth.json.AuthenticationResult]) {
      const access = decodePart(result.AccessToken, 1);
      expect(access).toMatchObject({ origin_jti: first.origin_jti, auth_time: first.auth_time, username: 'ada' });
      expect(access.jti).not.toBe(first.jti);
      await expect(served.cognito.verifier.verify(result.IdToken)).resolves.toMatchObject({ 'cognito:username': 'ada' });
    }
  });

  it('refuses unknown refresh tokens and refresh tokens of another client', async () => {
    const signedIn = (await signInWithPassword('ada', 'correct horse battery')).json.AuthenticationResult;
    const unknown = await callIdp(endpoint, 'GetTokensFromRefreshToken', { ClientId: WEB_CLIENT, RefreshToken: 'garbage' });
    expect(unknown.json).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    const otherClient = await callIdp(endpoint, 'GetTokensFromRefreshToken', {
      ClientId: OTHER_CLIENT,
      RefreshToken: signedIn.RefreshToken,
    });
    expect(otherClient.json.__type).toBe('NotAuthorizedException');
  });

  it('returns the user’s attributes from GetUser (fetchUserAttributes) and refuses ID tokens there', async () => {
    const signedIn = (await signInWithSrp('partner1', 'partner password 1')).json.AuthenticationResult;
    const { json } = await callIdp(endpoint, 'GetUser', { AccessToken: signedIn.AccessToken });
    expect(json.Username).toBe('partner1');
    expect(json.UserAttributes).toEqual([
      { Name: 'sub', Value: decodePart(signedIn.IdToken, 1).sub },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'email', Value: 'partner1@example.com' },
      { Name: 'custom:issuerId', Value: 'ISSUER-42' },
      { Name: 'name', Value: 'Partner One' },
    ]);
    const withIdToken = await callIdp(endpoint, 'GetUser', { AccessToken: signedIn.IdToken });
    expect(withIdToken.json).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });

  it('RevokeToken (signOut) ends the session for Cognito, while AppSync-style verification still accepts its tokens', async () => {
    const signedIn = (await signInWithSrp('ada', 'correct horse battery')).json.AuthenticationResult;
    expect((await callIdp(endpoint, 'RevokeToken', { ClientId: WEB_CLIENT, Token: signedIn.RefreshToken })).status).toBe(200);
    const refresh = await callIdp(endpoint, 'GetTokensFromRefreshToken', { ClientId: WEB_CLIENT, RefreshToken: signedIn.RefreshToken });
    expect(refresh.json).toEqual({ __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    const getUser = await callIdp(endpoint, 'GetUser', { AccessToken: signedIn.AccessToken });
    expect(getUser.json).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(served.cognito.verifier.verify(signedIn.AccessToken)).resolves.toMatchObject({ token_use: 'access' });
  });

  it('GlobalSignOut revokes every session of the user and no one else’s', async () => {
    const [one, two, other] = await Promise.all([
      signInWithPassword('root', 'admin password 1'),
      signInWithSrp('root', 'admin password 1'),
      signInWithPassword('ada', 'correct horse battery'),
    ]);
    expect((await callIdp(endpoint, 'GlobalSignOut', { AccessToken: one.json.AuthenticationResult.AccessToken })).status).toBe(200);
    for (const session of [one, two]) {
      const refresh = await callIdp(endpoint, 'GetTokensFromRefreshToken', {
        ClientId: WEB_CLIENT,
        RefreshToken: session.json.AuthenticationResult.RefreshToken,
      });
      expect(refresh.json.message).toBe('Refresh Token has been revoked');
    }
    const untouched = await callIdp(endpoint, 'GetTokensFromRefreshToken', {
      ClientId: WEB_CLIENT,
      RefreshToken: other.json.AuthenticationResult.RefreshToken,
    });
    expect(untouched.status).toBe(200);
  });
});

describe('the HTTP protocol', () => {
  it('answers CORS preflights so a browser app on another origin can call it', async () => {
    const response = await fetch(endpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type,x-amz-target,x-amz-user-agent,cache-control');
  });

  it('serves the JWKS under .well-known', async () => {
    const response = await fetch(new URL(`${USER_POOL_ID}/.well-known/jwks.json`, endpoint));
    expect(await response.json()).toEqual(served.cognito.jwks());
  });

  it('refuses unknown operations and bodies that are not JSON objects', async () => {
    expect((await callIdp(endpoint, 'AdminDeleteUser', {})).json.__type).toBe('UnknownOperationException');
    expect((await callIdp(endpoint, 'constructor', {})).json.__type).toBe('UnknownOperationException');
    const noTarget = await fetch(endpoint, { method: 'POST', body: '{}' });
    expect(noTarget.status).toBe(400);
    for (const body of ['{nope', '[]', 'null']) {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body,
      });
      expect(((await response.json()) as { __type: string }).__type).toBe('SerializationException');
    }
  });
});
