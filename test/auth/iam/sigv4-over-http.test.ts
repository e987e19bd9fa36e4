/** AWS_IAM end to end: requests signed by the AWS SDK's SigV4 signer, verified by the engine over HTTP. */
import { describe, expect, it } from 'vitest';
import { theFixtureApi, theProductApi } from '../../steps/given-steps.js';
import { sigV4Headers } from '../../steps/iam-signing.js';
import { itSucceeded, theFieldFailed, theRequestWasRefused } from '../../steps/then-steps.js';
import { weSendGraphQLWithIam, weSendRaw } from '../../steps/when-steps.js';

const fixture = theFixtureApi();
const app = theProductApi();
const developer = fixture.iam;
const signing = { region: fixture.iam.region };
const iamOnly = { query: '{ iamOnly }' };
const MINUTE = 60_000;

/** Signs `signedBody` but sends `sentBody` and `overrides`: what a tampering proxy or a buggy client would do. */
async function sendTampered(signedBody: string, sentBody: string, overrides: Record<string, string> = {}) {
  const { host: _host, ...headers } = await sigV4Headers(fixture.url, signedBody, developer, signing);
  return weSendRaw(fixture.url, { body: sentBody, headers: { ...headers, ...overrides } });
}

describe('AWS_IAM: what AppSync accepts', () => {
  it('lets a correctly signed request through to the fields that allow @aws_iam', async () => {
    expect(itSucceeded(await weSendGraphQLWithIam(fixture, iamOnly, developer, signing))).toEqual({ iamOnly: 'for IAM callers' });
  });

  it('applies the directives: a field without one is open only to the default mode (API key here)', async () => {
    const result = await weSendGraphQLWithIam(fixture, { query: '{ iamOnly echo(message: "hi") { message } }' }, developer, signing);
    theFieldFailed(result, ['echo'], 'Unauthorized', 'Not Authorized to access echo on type Query');
    expect(result.body.data).toEqual({ iamOnly: 'for IAM callers', echo: null });
  });

  it('serves the product API: health allows @aws_iam, the catalog does not', async () => {
    const appSigning = { region: app.iam.region };
    expect(itSucceeded(await weSendGraphQLWithIam(app, { query: '{ health { status } }' }, app.iam, appSigning))).toEqual({
      health: { status: 'OK' },
    });
    const denied = await weSendGraphQLWithIam(app, { query: '{ rewards { nextToken } }' }, app.iam, appSigning);
    theFieldFailed(denied, ['rewards'], 'Unauthorized', 'Not Authorized to access rewards on type Query');
  });

  it('accepts a signature made up to 5 minutes ago or ahead (clock skew)', async () => {
    for (const skew of [-4 * MINUTE, 4 * MINUTE]) {
      itSucceeded(await weSendGraphQLWithIam(fixture, iamOnly, developer, { ...signing, signingDate: new Date(Date.now() + skew) }));
    }
  });
});

describe('AWS_IAM: what AppSync refuses, with its error types', () => {
  it('refuses an unknown access key', async () => {
    const stranger = { accessKeyId: 'AKIDSTRANGEREXAMPLE01', secretAccessKey: 'not-a-real-secret-for-an-unknown-key' };
    theRequestWasRefused(
      await weSendGraphQLWithIam(fixture, iamOnly, stranger, signing),
      401,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('refuses a session token the key was not issued with', async () => {
    const withToken = { ...developer, sessionToken: 'IQoJb3JpZ2luX2VjEOr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ' };
    theRequestWasRefused(await weSendGraphQLWithIam(fixture, iamOnly, withToken, signing), 401, 'UnrecognizedClientException');
  });

  it('refuses a wrong secret key', async () => {
    const result = await weSendGraphQLWithIam(
      fixture,
      iamOnly,
      { ...developer, secretAccessKey: `${developer.secretAccessKey.slice(1)}x` },
      signing,
    );
    theRequestWasRefused(
      result,
      403,
      'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided\./,
    );
    expect(result.body.errors[0].message).toContain("The Canonical String for this request should have been\n'POST\n/graphql\n");
  });

  it('refuses a body changed after signing (the payload hash is part of the signature)', async () => {
    const signed = JSON.stringify(iamOnly);
    theRequestWasRefused(await sendTampered(signed, JSON.stringify({ query: '{ iamOnly ping }' })), 403, 'InvalidSignatureException');
    theRequestWasRefused(await sendTampered(signed, `${signed} `), 403, 'InvalidSignatureException');
  });

  it('refuses a signed header changed after signing', async () => {
    const body = JSON.stringify(iamOnly);
    theRequestWasRefused(
      await sendTampered(body, body, { 'content-type': 'application/json; charset=utf-8' }),
      403,
      'InvalidSignatureException',
    );
  });

  it('refuses signatures older or newer than 5 minutes, in AWS words', async () => {
    const old = await weSendGraphQLWithIam(fixture, iamOnly, developer, { ...signing, signingDate: new Date(Date.now() - 6 * MINUTE) });
    theRequestWasRefused(
      old,
      400,
      'BadRequestException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
    const ahead = await weSendGraphQLWithIam(fixture, iamOnly, developer, { ...signing, signingDate: new Date(Date.now() + 6 * MINUTE) });
    theRequestWasRefused(
      ahead,
      400,
      'BadRequestException',
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    );
  });

  it('refuses a signature scoped to another region or service', async () => {
    theRequestWasRefused(
      await weSendGraphQLWithIam(fixture, iamOnly, developer, { region: 'eu-west-1' }),
      403,
      'InvalidSignatureException',
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    );
    theRequestWasRefused(
      await weSendGraphQLWithIam(fixture, iamOnly, developer, { ...signing, service: 'execute-api' }),
      403,
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'appsync'.",
    );
  });

  it('refuses an Authorization header with missing parts, a missing X-Amz-Date, or an unsigned Host', async () => {
    const body = JSON.stringify(iamOnly);
    const signed = await sigV4Headers(fixture.url, body, developer, signing);
    const credential = /Credential=([^,]+)/.exec(signed.authorization)![1];
    const refusals: Array<[Record<string, string>, RegExp]> = [
      [
        { authorization: 'AWS4-HMAC-SHA256 ', 'x-amz-date': signed['x-amz-date'] },
        /^Authorization header requires 'Credential' parameter\. Authorization header requires 'Signature' parameter\. Authorization header requires 'SignedHeaders' parameter\. Authorization=/,
      ],
      [{ authorization: signed.authorization }, /requires existence of either a 'X-Amz-Date' or a 'Date' header/],
      [
        {
          authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=content-type;x-amz-date, Signature=${'0'.repeat(64)}`,
          'x-amz-date': signed['x-amz-date'],
        },
        /'Host' or ':authority' must be a 'SignedHeader'/,
      ],
      [
        {
          authorization: `AWS4-HMAC-SHA256 Credential=${developer.accessKeyId}/x, SignedHeaders=host, Signature=00`,
          'x-amz-date': signed['x-amz-date'],
        },
        /Credential must have exactly 5 slash-delimited elements/,
      ],
      [{ authorization: signed.authorization, 'x-amz-date': '2024-01-01T00:00:00Z' }, /Date must be in ISO-8601 'basic format'/],
    ];
    for (const [headers, message] of refusals) {
      theRequestWasRefused(
        await weSendRaw(fixture.url, { body, headers: { 'content-type': 'application/json', ...headers } }),
        403,
        'IncompleteSignatureException',
        message,
      );
    }
  });
});
