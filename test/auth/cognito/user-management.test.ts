/**
 * Creating users in the product API's local pool over HTTP, with Cognito's API shapes: public SignUp with a
 * confirmation code, and the IAM-signed Admin* operations, under the password policy the CDK pool declares
 * (12 characters, all four classes). A created user then signs in with SRP like any other.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aFreshCustomer, aStrongPassword, weCallTheUserPool } from '../../steps/customer-steps.js';
import { theProductApi } from '../../steps/given-steps.js';
import { sigV4Headers } from '../../steps/iam-signing.js';
import { decodePart } from './fixtures.js';
import { srpSignIn } from './srp-client.js';

const api = theProductApi();
const pool = api.userPool!;
const aUsername = () => `user-${randomUUID()}`;
const signInWithSrp = (username: string, password: string) =>
  srpSignIn({ endpoint: pool.endpoint, userPoolId: pool.id, clientId: pool.clientId, username, password });
const admin = (operation: string, input: Record<string, unknown>) =>
  weCallTheUserPool(api, operation, { UserPoolId: pool.id, ...input }, { signed: true });
const signUp = (username: string, password: string, attributes: Record<string, string> = {}) =>
  weCallTheUserPool(api, 'SignUp', {
    ClientId: pool.clientId,
    Username: username,
    Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });

async function theCodeSentTo(email: string): Promise<string> {
  const sent = (await (await fetch(`${pool.endpoint}/_local/sent-emails?to=${encodeURIComponent(email)}`)).json()) as { message: string }[];
  expect(sent).toHaveLength(1);
  expect(sent[0].message).toMatch(/^The verification code to your new account is \d{6}$/);
  return sent[0].message.slice(-6);
}

describe('AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup (IAM)', () => {
  it('creates a customer who signs in with SRP and carries the group in their tokens', async () => {
    const username = aUsername();
    const password = aStrongPassword();
    const created = await admin('AdminCreateUser', {
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `${username}@example.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.json.User).toMatchObject({ Username: username, Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    const sub = created.json.User.Attributes.find((attribute: { Name: string }) => attribute.Name === 'sub').Value;

    expect((await admin('AdminSetUserPassword', { Username: username, Password: password, Permanent: true })).status).toBe(200);
    expect((await admin('AdminAddUserToGroup', { Username: username, GroupName: 'customer' })).status).toBe(200);

    const signedIn = await signInWithSrp(`${username}@example.com`, password);
    expect(signedIn.status).toBe(200);
    expect(decodePart(signedIn.json.AuthenticationResult.IdToken, 1)).toMatchObject({
      sub,
      'cognito:username': username,
      'cognito:groups': ['customer'],
      email_verified: true,
    });
  });

  it('refuses an existing username with UsernameExistsException, seeded or created', async () => {
    const { username } = await aFreshCustomer(api);
    for (const taken of [username, 'customer']) {
      const answer = await admin('AdminCreateUser', { Username: taken, MessageAction: 'SUPPRESS' });
      expect(answer).toMatchObject({ status: 400, errorType: 'UsernameExistsException', json: { message: 'User account already exists' } });
    }
    const viaSignUp = await signUp(username, aStrongPassword());
    expect(viaSignUp).toMatchObject({ status: 400, json: { __type: 'UsernameExistsException', message: 'User already exists' } });
  });

  it('applies the pool’s password policy to temporary and permanent passwords', async () => {
    const username = aUsername();
    const weak = await admin('AdminCreateUser', { Username: username, TemporaryPassword: 'Sh0rt-pass!', MessageAction: 'SUPPRESS' });
    expect(weak).toMatchObject({
      status: 400,
      errorType: 'InvalidPasswordException',
      json: { message: 'Password did not conform with policy: Password not long enough' },
    });
    expect((await admin('AdminCreateUser', { Username: username, MessageAction: 'SUPPRESS' })).status).toBe(200);
    const noSymbol = await admin('AdminSetUserPassword', { Username: username, Password: 'Longenoughbut123', Permanent: true });
    expect(noSymbol.json).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have symbol characters',
    });
  });

  it('refuses unsigned and wrongly signed calls before touching the pool', async () => {
    const username = aUsername();
    const input = { UserPoolId: pool.id, Username: username, MessageAction: 'SUPPRESS' };
    const unsigned = await weCallTheUserPool(api, 'AdminCreateUser', input);
    expect(unsigned).toMatchObject({ status: 400, errorType: 'MissingAuthenticationTokenException' });

    const body = JSON.stringify(input);
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser' };
    const wrongSecret = { ...api.iam, secretAccessKey: 'not-the-secret' };
    for (const [credentials, service, expected] of [
      [wrongSecret, 'cognito-idp', 'InvalidSignatureException'],
      [api.iam, 'appsync', 'InvalidSignatureException'],
    ] as const) {
      const signed = await sigV4Headers(pool.endpoint, body, credentials, { region: api.iam.region, service, headers });
      const response = await fetch(pool.endpoint, { method: 'POST', headers: signed, body });
      expect([response.status, response.headers.get('x-amzn-errortype')]).toEqual([400, expected]);
    }
    const signIn = await signInWithSrp(username, aStrongPassword());
    expect(signIn.errorType).toBe('UserNotFoundException');
  });

  it('refuses a group the pool does not declare', async () => {
    const { username } = await aFreshCustomer(api);
    const answer = await admin('AdminAddUserToGroup', { Username: username, GroupName: 'superuser' });
    expect(answer).toMatchObject({ status: 400, errorType: 'ResourceNotFoundException', json: { message: 'Group not found.' } });
  });
});

describe('SignUp and ConfirmSignUp (public, selfSignUpEnabled with autoVerify email)', () => {
  it('creates an unconfirmed user, mails a code, and lets them sign in once confirmed', async () => {
    const username = aUsername();
    const email = `${username}@example.com`;
    const password = aStrongPassword();
    const signedUp = await signUp(username, password, { email, name: 'New Shopper' });
    expect(signedUp.status).toBe(200);
    expect(signedUp.json).toEqual({
      UserConfirmed: false,
      UserSub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      CodeDeliveryDetails: { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    expect((await signInWithSrp(username, password)).json).toEqual({
      __type: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });

    const code = await theCodeSentTo(email);
    const wrongCode = code === '000000' ? '000001' : '000000';
    const confirm = (ConfirmationCode: string) =>
      weCallTheUserPool(api, 'ConfirmSignUp', { ClientId: pool.clientId, Username: username, ConfirmationCode });
    expect((await confirm(wrongCode)).errorType).toBe('CodeMismatchException');
    expect((await confirm(code)).status).toBe(200);
    expect((await confirm(code)).json.message).toBe('User cannot be confirmed. Current status is CONFIRMED');

    const signedIn = await signInWithSrp(email, password);
    expect(signedIn.status).toBe(200);
    const claims = decodePart(signedIn.json.AuthenticationResult.IdToken, 1);
    expect(claims).toMatchObject({ sub: signedUp.json.UserSub, email, email_verified: true, name: 'New Shopper' });
    // a self-signed-up user belongs to no group until an admin adds one: no customer data is theirs yet
    expect(claims['cognito:groups']).toBeUndefined();
  });

  it('refuses weak passwords, unknown attributes and a self-declared verified email', async () => {
    const weak = await signUp(aUsername(), 'alllowercase-and-long-1');
    expect(weak.json).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    const unknown = await signUp(aUsername(), aStrongPassword(), { 'custom:tier': 'gold' });
    expect(unknown).toMatchObject({ status: 400, errorType: 'InvalidParameterException' });
    const selfVerified = await signUp(aUsername(), aStrongPassword(), { email: 'x@example.com', email_verified: 'true' });
    expect(selfVerified).toMatchObject({ status: 400, errorType: 'NotAuthorizedException' });
  });

  it('lets an admin confirm a sign-up over IAM, but not an anonymous caller', async () => {
    const username = aUsername();
    const password = aStrongPassword();
    expect((await signUp(username, password)).json.UserConfirmed).toBe(false);
    const anonymous = await weCallTheUserPool(api, 'AdminConfirmSignUp', { UserPoolId: pool.id, Username: username });
    expect(anonymous.errorType).toBe('MissingAuthenticationTokenException');
    expect((await admin('AdminConfirmSignUp', { Username: username })).status).toBe(200);
    expect((await signInWithSrp(username, password)).status).toBe(200);
  });
});
