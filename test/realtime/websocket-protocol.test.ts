/** The AppSync real-time WebSocket protocol: handshake transports, connection auth, start/stop, limits, errors. */
import { afterAll, describe, expect, it } from 'vitest';
import { anApiKeyCaller, aSubscriber, aUserCaller, theFixtureApi } from '../steps/given-steps.js';
import { RealtimeClient, type Subscriber } from '../steps/realtime-client.js';
import { theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSubscribe, weUnsubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const opened: RealtimeClient[] = [];
afterAll(() => Promise.all(opened.map((client) => client.close())));

async function connected(auth = anApiKeyCaller(api), options: Parameters<typeof aSubscriber>[2] = {}): Promise<Subscriber> {
  const subscriber = await aSubscriber(api, auth, options);
  opened.push(subscriber.client);
  return subscriber;
}

describe('handshake', () => {
  it.each([
    ['the header- subprotocol (Amplify)', { transport: 'subprotocol' as const }],
    ['the header query parameter', { transport: 'query' as const }],
    ['plain HTTP headers', { transport: 'headers' as const }],
    ['the subprotocol on /graphql itself', { transport: 'subprotocol' as const, path: '/graphql' }],
  ])('accepts credentials in %s and acknowledges with connectionTimeoutMs, then keeps alive', async (_name, options) => {
    const { client } = await connected(anApiKeyCaller(api), options);
    expect(client.socket.protocol).toBe('graphql-ws');
    expect(client.received.slice(0, 1)).toEqual([{ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } }]);
    await client.waitFor((message) => message.type === 'ka');
  });

  it('accepts a Cognito token', async () => {
    const { client } = await connected(await aUserCaller(api, 'customer'));
    expect(client.received[0].type).toBe('connection_ack');
  });

  it.each([
    ['an unknown API key', { 'x-api-key': 'da2-unknown' }, 401],
    ['no credentials', {}, 401],
  ])('answers connection_init with connection_error 401 for %s, then closes', async (_name, auth, errorCode) => {
    const client = await RealtimeClient.open(api.url, auth);
    client.send({ type: 'connection_init' });
    const refusal = await client.waitFor((message) => message.type === 'connection_error');
    expect(refusal.payload.errors).toEqual([
      { errorType: 'com.amazonaws.deepdish.graphql.auth#UnauthorizedException', message: expect.any(String), errorCode },
    ]);
    expect((await client.closed).code).toBe(1000);
  });

  it('answers undecodable header JSON with connection_error 400', async () => {
    const client = await RealtimeClient.open(api.url, {}, { protocols: ['graphql-ws', 'header-not~base64~json'] });
    client.send({ type: 'connection_init' });
    expect((await client.waitFor((message) => message.type === 'connection_error')).payload.errors[0].errorCode).toBe(400);
    await client.closed;
  });

  it('refuses an upgrade that does not offer graphql-ws (e.g. graphql-transport-ws)', async () => {
    await expect(RealtimeClient.open(api.url, anApiKeyCaller(api), { protocols: ['graphql-transport-ws'] })).rejects.toThrow(/HTTP 400/);
  });
});

describe('subscriptions on a connection', () => {
  it('start → start_ack, stop → complete, and nothing after the stop', async () => {
    const subscriber = await connected();
    const started = await weSubscribe(subscriber, 'subscription { onMessage(room: "protocol-stop") { id } }');
    theSubscriptionStarted(started);
    await weUnsubscribe(started);
    expect(subscriber.client.received.filter((message) => message.id === started.id).map((message) => message.type)).toEqual([
      'start_ack',
      'complete',
    ]);
  });

  it('refuses a reused id with DuplicatedOperationError', async () => {
    const subscriber = await connected();
    const first = await weSubscribe(subscriber, 'subscription { onMessage { id } }');
    subscriber.client.send({
      id: first.id,
      type: 'start',
      payload: {
        data: JSON.stringify({ query: 'subscription { onMessage { id } }' }),
        extensions: { authorization: { host: subscriber.client.host, ...subscriber.auth } },
      },
    });
    const refusal = await subscriber.client.waitFor((message) => message.id === first.id && message.type === 'error');
    expect(refusal.payload.errors).toEqual([
      { errorType: 'DuplicatedOperationError', message: `Duplicated operation with id ${first.id}` },
    ]);
  });

  it('allows 100 subscriptions per connection and refuses the 101st until one stops', async () => {
    const subscriber = await connected();
    const started = await Promise.all(
      Array.from({ length: 100 }, (_, n) => weSubscribe(subscriber, `subscription { onMessage(room: "limit-${n}") { id } }`)),
    );
    started.forEach(theSubscriptionStarted);
    theSubscriptionWasRefused(await weSubscribe(subscriber, 'subscription { onMessage { id } }'), 'LimitExceededError');
    await weUnsubscribe(started[0]);
    theSubscriptionStarted(await weSubscribe(subscriber, 'subscription { onMessage { id } }'));
  });

  it('answers an invalid operation with the graphql-java style validation error', async () => {
    const refused = await weSubscribe(await connected(), 'subscription { onMessage { nope } }');
    theSubscriptionWasRefused(
      refused,
      null,
      "Validation error of type FieldUndefined: Field 'nope' in type 'Message' is undefined @ 'nope'",
    );
  });

  it('refuses queries, mutations and starts without authorization', async () => {
    const subscriber = await connected();
    theSubscriptionWasRefused(await weSubscribe(subscriber, '{ ping }'), 'UnsupportedOperation');
    subscriber.client.send({
      id: 'no-auth',
      type: 'start',
      payload: { data: JSON.stringify({ query: 'subscription { onMessage { id } }' }) },
    });
    const refusal = await subscriber.client.waitFor((message) => message.id === 'no-auth');
    expect(refusal).toEqual({
      type: 'error',
      id: 'no-auth',
      payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] },
    });
  });
});
