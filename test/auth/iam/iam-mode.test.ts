/** AWS_IAM verifier and local credentials, without a server: ctx.identity's shape and the Lambda functions' credentials. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iamMode, localIamCredentials } from '../../../local/auth/iam/index.js';
import type { RequestCredentials } from '../../../local/auth/types.js';
import { RequestError } from '../../../local/common/request-error.js';
import { sigV4Headers, type IamCredentials } from '../../steps/iam-signing.js';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const credentials = localIamCredentials({ accountId: ACCOUNT, dataDir: null, functionNames: ['orders-consumer', 'points-consumer'] });
const verifier = iamMode(credentials, { region: REGION });
const developerKeys = { accessKeyId: credentials.developer.accessKeyId, secretAccessKey: credentials.developer.secretAccessKey };

/** What the HTTP route hands the verifier for a request signed with `signer` (Node lowercases header names). */
async function signedRequest(
  signer: IamCredentials,
  url = 'http://127.0.0.1:4000/graphql',
  extra: Record<string, string> = {},
): Promise<RequestCredentials> {
  const body = JSON.stringify({ query: '{ health { status } }' });
  const headers = await sigV4Headers(url, body, signer, { region: REGION });
  const target = new URL(url);
  return {
    headers: { ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])), ...extra },
    sourceIp: '127.0.0.1',
    body,
    path: target.pathname + target.search,
  };
}

async function refusal(request: RequestCredentials): Promise<RequestError> {
  const error = await verifier.verify(request).then(
    () => null,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
}

describe('ctx.identity for AWS_IAM, as AppSync fills it', () => {
  it('describes an IAM user: account, user ARN, unique id as username, no Cognito identity', async () => {
    const caller = await verifier.verify(await signedRequest(developerKeys, undefined, { 'x-forwarded-for': '203.0.113.7' }));
    expect(caller).toEqual({
      mode: 'AWS_IAM',
      groups: null,
      identity: {
        accountId: ACCOUNT,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: ['203.0.113.7', '127.0.0.1'],
        username: credentials.developer.userId,
        userArn: `arn:aws:iam::${ACCOUNT}:user/local-developer`,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      },
    });
    expect(credentials.developer.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(credentials.developer.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
  });

  it('describes a Lambda function as its execution-role session (assumed-role ARN, AROA…:session)', async () => {
    const env = credentials.lambdaEnvironment('orders-consumer');
    const fromEnv = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN,
    };
    const caller = await verifier.verify(await signedRequest(fromEnv));
    expect(caller.identity).toMatchObject({
      accountId: ACCOUNT,
      userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/orders-consumer-role/orders-consumer`,
      username: expect.stringMatching(/^AROA[A-Z2-7]{17}:orders-consumer$/),
      cognitoIdentityPoolId: null,
    });
    expect(fromEnv.accessKeyId).toMatch(/^ASIA/);
  });
});

describe('temporary credentials and local state', () => {
  it('requires the session token of temporary credentials, and only that one', async () => {
    const orders = credentials.functions.get('orders-consumer')!;
    const points = credentials.functions.get('points-consumer')!;
    const withoutToken = { accessKeyId: orders.accessKeyId, secretAccessKey: orders.secretAccessKey };
    expect((await refusal(await signedRequest(withoutToken))).errorType).toBe('UnrecognizedClientException');
    const foreignToken = { ...withoutToken, sessionToken: points.sessionToken! };
    expect((await refusal(await signedRequest(foreignToken))).message).toBe('The security token included in the request is invalid.');
  });

  it('covers the query string and path in the signature', async () => {
    const signed = await signedRequest(developerKeys, 'http://127.0.0.1:4000/graphql?b=2&a=x%20y');
    await expect(verifier.verify(signed)).resolves.toMatchObject({ mode: 'AWS_IAM' });
    expect((await refusal({ ...signed, path: '/graphql?a=x%20y&b=3' })).errorType).toBe('InvalidSignatureException');
    expect((await refusal({ ...signed, path: '/graphql/connect' })).errorType).toBe('InvalidSignatureException');
  });

  it('keeps the developer key across restarts when state persists, and mints fresh function credentials', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'local-iam-'));
    const first = localIamCredentials({ accountId: ACCOUNT, dataDir, functionNames: ['f'] });
    const second = localIamCredentials({ accountId: ACCOUNT, dataDir, functionNames: ['f'] });
    expect(second.developer).toEqual(first.developer);
    expect(second.functions.get('f')!.accessKeyId).not.toBe(first.functions.get('f')!.accessKeyId);
    expect(first.byAccessKeyId(first.developer.accessKeyId)).toBe(first.developer);
    expect(() => first.lambdaEnvironment('unknown')).toThrow(/No local credentials/);
  });
});
