/**
 * AWS_IAM on the real-time endpoint, the way Amplify signs it: the connection's header JSON is a SigV4 signature
 * of `POST https://<host>/graphql/connect` with the body `{}`, and each start's `extensions.authorization` a
 * signature of `POST https://<host>/graphql` over the exact `data` string the start carries.
 */
import { randomUUID } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IamCredentials, SigningOptions } from './iam-signing.js';
import type { StartedSubscription, Subscriber } from './realtime-client.js';

/** The headers Amplify's real-time provider signs besides host and the SigV4 ones. */
const AMPLIFY_SIGNED_HEADERS = {
  accept: 'application/json, text/javascript',
  'content-encoding': 'amz-1.0',
  'content-type': 'application/json; charset=UTF-8',
};

/** Header JSON for IAM: every signed header, with `Authorization` (and `X-Amz-*`) spelled as Amplify spells them. */
export async function iamHeaderJson(
  graphqlUrl: string,
  path: string,
  body: string,
  credentials: IamCredentials,
  options: SigningOptions,
): Promise<Record<string, string>> {
  const url = new URL(graphqlUrl);
  const signer = new SignatureV4({ credentials, region: options.region, service: options.service ?? 'appsync', sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path,
      headers: { ...AMPLIFY_SIGNED_HEADERS, host: url.host },
      body,
    },
    { signingDate: options.signingDate },
  );
  const spelled: Record<string, string> = {
    authorization: 'Authorization',
    'x-amz-date': 'X-Amz-Date',
    'x-amz-security-token': 'X-Amz-Security-Token',
  };
  return Object.fromEntries(Object.entries(signed.headers).map(([name, value]) => [spelled[name] ?? name, value]));
}

/** The connection's credentials: a signature of POST /graphql/connect over `{}`. */
export function iamConnectionAuth(
  graphqlUrl: string,
  credentials: IamCredentials,
  options: SigningOptions,
): Promise<Record<string, string>> {
  return iamHeaderJson(graphqlUrl, `${new URL(graphqlUrl).pathname}/connect`, '{}', credentials, options);
}

/** A start's authorization: a signature of POST /graphql over exactly `data`. */
export function iamStartAuth(
  graphqlUrl: string,
  data: string,
  credentials: IamCredentials,
  options: SigningOptions,
): Promise<Record<string, string>> {
  return iamHeaderJson(graphqlUrl, new URL(graphqlUrl).pathname, data, credentials, options);
}

/**
 * Starts a subscription whose authorization is `sign(data)`: by default the caller signs what it sends, a test can
 * sign something else (another body, another path) to see the start refused.
 */
export async function weSubscribeSigned(
  subscriber: Subscriber,
  query: string,
  variables: Record<string, unknown>,
  sign: (data: string) => Promise<Record<string, string>>,
): Promise<StartedSubscription> {
  const id = randomUUID();
  const data = JSON.stringify({ query, variables });
  const authorization = await sign(data);
  subscriber.client.send({ id, type: 'start', payload: { data, extensions: { authorization } } });
  const outcome = await subscriber.client.waitFor(
    (message) => message.id === id && (message.type === 'start_ack' || message.type === 'error'),
    10_000,
    `the answer to start ${id}`,
  );
  return { id, subscriber, outcome };
}
