/** "When" steps: what a client does, over the wire. Shared by unit, integration and end-to-end tests. */
import { randomUUID } from 'node:crypto';
import type { StartedSubscription, Subscriber } from './realtime-client.js';
import { sigV4Headers, type IamCredentials, type SigningOptions } from './iam-signing.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function weSendRaw(
  url: string,
  init: { body?: string | Buffer; headers?: Record<string, string>; method?: string },
): Promise<HttpResult> {
  const response = await fetch(url, { method: init.method ?? 'POST', body: init.body, headers: init.headers });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, body, text };
}

export function weSendGraphQL(
  target: { url: string },
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string>,
): Promise<HttpResult> {
  return weSendRaw(target.url, { body: JSON.stringify(request), headers: { 'content-type': 'application/json', ...headers } });
}

/** A GraphQL request signed for AWS_IAM (SigV4, service appsync) with the given credentials */
export async function weSendGraphQLWithIam(
  target: { url: string },
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  credentials: IamCredentials,
  options: SigningOptions,
): Promise<HttpResult> {
  const body = JSON.stringify(request);
  // fetch sets Host itself, to the same value that was signed
  const { host: _host, ...headers } = await sigV4Headers(target.url, body, credentials, options);
  return weSendRaw(target.url, { body, headers });
}

/** Starts a subscription on a connected subscriber, with its own credentials unless others are given. */
export async function weSubscribe(
  subscriber: Subscriber,
  query: string,
  variables: Record<string, unknown> = {},
  auth: Record<string, string> = subscriber.auth,
): Promise<StartedSubscription> {
  const id = randomUUID();
  const authorization = { host: subscriber.client.host, ...auth };
  subscriber.client.send({ id, type: 'start', payload: { data: JSON.stringify({ query, variables }), extensions: { authorization } } });
  const outcome = await subscriber.client.waitFor(
    (message) => message.id === id && (message.type === 'start_ack' || message.type === 'error'),
    10_000,
    `the answer to start ${id}`,
  );
  return { id, subscriber, outcome };
}

/** stop → complete */
export async function weUnsubscribe(subscription: StartedSubscription): Promise<void> {
  subscription.subscriber.client.send({ id: subscription.id, type: 'stop' });
  await subscription.subscriber.client.waitFor((message) => message.id === subscription.id && message.type === 'complete');
}
