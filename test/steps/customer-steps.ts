/**
 * Customers a test has to itself, created the way an operator's back office would create them in AWS: the user
 * pool's Admin* API (AdminCreateUser, AdminSetUserPassword, AdminAddUserToGroup) signed with the local developer's
 * IAM credentials, then a sign-in like any client's. No two tests share one, so per-customer state (balances,
 * failed-attempt windows, redemption lists) starts empty.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EngineUnderTest } from '../global-setup.js';
import { aSignedInUser, theProductApi } from './given-steps.js';
import { sigV4Headers } from './iam-signing.js';

export interface FreshCustomer {
  username: string;
  password: string;
  /** what ctx.identity.sub holds for them: the customerId of their data */
  sub: string;
  idToken: string;
  accessToken: string;
  /** headers sending the access token, as the Amplify client does */
  caller: Record<string, string>;
}

export interface IdpAnswer {
  status: number;
  errorType: string | null;
  json: any;
}

/** Calls the pool's Identity Provider API over HTTP; `signed` signs it with the developer's SigV4 credentials. */
export async function weCallTheUserPool(
  api: EngineUnderTest,
  operation: string,
  input: Record<string, unknown>,
  options: { signed?: boolean } = {},
): Promise<IdpAnswer> {
  const pool = api.userPool;
  if (!pool) throw new Error('this API has no user pool');
  const body = JSON.stringify(input);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
  };
  const signedHeaders = options.signed
    ? await sigV4Headers(pool.endpoint, body, api.iam, { region: api.iam.region, service: 'cognito-idp', headers })
    : headers;
  const response = await fetch(pool.endpoint, { method: 'POST', headers: signedHeaders, body });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), json: await response.json() };
}

/** An admin call that must succeed; its answer's body. */
async function anAdminCall(api: EngineUnderTest, operation: string, input: Record<string, unknown>): Promise<any> {
  const answer = await weCallTheUserPool(api, operation, { UserPoolId: api.userPool!.id, ...input }, { signed: true });
  if (answer.status !== 200) throw new Error(`${operation} failed: ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** A password the pool's policy accepts (12+ characters of every class), unique to the user. */
export function aStrongPassword(): string {
  return `Fresh-${randomBytes(9).toString('base64url')}-7a!`;
}

/** A confirmed customer with a verified email, in the `customer` group, signed in. */
export async function aFreshCustomer(api: EngineUnderTest = theProductApi()): Promise<FreshCustomer> {
  const username = `customer-${randomUUID()}`;
  const password = aStrongPassword();
  await anAdminCall(api, 'AdminCreateUser', {
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [
      { Name: 'email', Value: `${username}@example.com` },
      { Name: 'email_verified', Value: 'true' },
    ],
  });
  await anAdminCall(api, 'AdminSetUserPassword', { Username: username, Password: password, Permanent: true });
  await anAdminCall(api, 'AdminAddUserToGroup', { Username: username, GroupName: 'customer' });
  const { idToken, accessToken } = await aSignedInUser(api, { username, password });
  const sub = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')).sub as string;
  return { username, password, sub, idToken, accessToken, caller: { authorization: accessToken } };
}
