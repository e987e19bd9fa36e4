/**
 * AWS_IAM on the real-time endpoint: the connection is a SigV4 signature of POST /graphql/connect over `{}`, each
 * start one of POST /graphql over its exact `data`. Correct signatures subscribe and receive; a wrong secret, an
 * unknown key or a signature of anything but what was sent is refused at the connection (connection_error 401,
 * then close) and at the start (error, the connection stays usable); an @aws_iam-only field refuses other modes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_ACCOUNT_ID } from '../../local/assembly/intrinsics.js';
import { aFreshPartition, anApiKeyCaller, aSubscriber, aUserCaller, theFixtureApi } from '../steps/given-steps.js';
import { iamConnectionAuth, iamHeaderJson, iamStartAuth, weSubscribeSigned } from '../steps/iam-realtime.js';
import type { IamCredentials } from '../steps/iam-signing.js';
import { RealtimeClient, type Subscriber, type Transport } from '../steps/realtime-client.js';
import { itSucceeded, theSubscriberReceives, theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSendGraphQLWithIam, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const developer = api.iam;
const signing = { region: api.iam.region };
/** what ctx.identity.userArn holds for the local developer */
const developerArn = `arn:aws:iam::${LOCAL_ACCOUNT_ID}:user/local-developer`;
const stranger: IamCredentials = { accessKeyId: 'AKIDSTRANGEREXAMPLE01', secretAccessKey: 'not-a-real-secret-for-an-unknown-key' };
const wrongSecret: IamCredentials = { ...developer, secretAccessKey: `${developer.secretAccessKey.slice(1)}x` };
const ROOM_MESSAGES = 'subscription($room: String) { onMessage(room: $room) { id room body } }';
const IAM_MESSAGES = 'subscription($room: String!) { onIamMessage(room: $room) { id author body } }';

const opened: RealtimeClient[] = [];
afterAll(() => Promise.all(opened.map((client) => client.close())));

async function connected(auth: Record<string, string>, transport: Transport = 'subprotocol'): Promise<Subscriber> {
  const subscriber = await aSubscriber(api, auth, { transport });
  opened.push(subscriber.client);
  return subscriber;
}

/** A connection signed by the developer, as Amplify opens it with authMode 'iam'. */
async function anIamSubscriber(transport: Transport = 'subprotocol'): Promise<Subscriber> {
  return connected(await iamConnectionAuth(api.url, developer, signing), transport);
}

/** Starts `query` signed over its own data with `credentials` (the developer's unless told). */
const weSubscribeWithIam = (
  subscriber: Subscriber,
  query: string,
  variables: Record<string, unknown>,
  credentials: IamCredentials = developer,
) => weSubscribeSigned(subscriber, query, variables, (data) => iamStartAuth(api.url, data, credentials, signing));

const sendMessage = (input: Record<string, unknown>) =>
  weSendGraphQLWithIam(
    api,
    { query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room author body } }', variables: { input } },
    developer,
    signing,
  );

/** Opens a connection with `auth`, sends connection_init and expects the refusal AppSync sends, then the close. */
async function theConnectionIsRefused(auth: Record<string, string>, message?: string | RegExp): Promise<void> {
  const client = await RealtimeClient.open(api.url, auth);
  opened.push(client);
  client.send({ type: 'connection_init' });
  const refusal = await client.waitFor(
    (received) => received.type === 'connection_error' || received.type === 'connection_ack',
    5000,
    'the answer to connection_init',
  );
  expect(refusal.type, JSON.stringify(refusal)).toBe('connection_error');
  expect(refusal.payload.errors).toEqual([
    { errorType: 'com.amazonaws.deepdish.graphql.auth#UnauthorizedException', message: expect.any(String), errorCode: 401 },
  ]);
  if (message !== undefined) expect(refusal.payload.errors[0].message).toMatch(message);
  expect((await client.closed).code).toBe(1000);
  expect(client.received.map((received) => received.type)).toEqual(['connection_error']);
}

describe('AWS_IAM subscriptions: what AppSync accepts', () => {
  it.each(['subprotocol', 'query'] as const)(
    'connects signed over /graphql/connect (header JSON in the %s), starts signed over the data, and receives',
    async (transport) => {
      const subscriber = await anIamSubscriber(transport);
      expect(subscriber.client.received[0]).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300000 } });
      const room = aFreshPartition('iam-room');
      const started = await weSubscribeWithIam(subscriber, ROOM_MESSAGES, { room });
      theSubscriptionStarted(started);

      itSucceeded(await sendMessage({ id: 'signed-1', room, body: 'hello IAM' }));
      expect(await theSubscriberReceives(started)).toEqual([{ data: { onMessage: { id: 'signed-1', room, body: 'hello IAM' } } }]);
    },
  );

  it('runs the subscription resolver with the IAM identity: a filter on ctx.identity.userArn lets only the caller’s own messages through', async () => {
    const subscriber = await anIamSubscriber();
    const room = aFreshPartition('iam-room');
    const started = await weSubscribeWithIam(subscriber, IAM_MESSAGES, { room });
    theSubscriptionStarted(started);

    itSucceeded(await sendMessage({ id: 'not-mine', room, author: 'arn:aws:iam::000000000000:user/someone-else', body: 'skip' }));
    itSucceeded(await sendMessage({ id: 'mine', room, author: developerArn, body: 'keep' }));
    expect(await theSubscriberReceives(started)).toEqual([{ data: { onIamMessage: { id: 'mine', author: developerArn, body: 'keep' } } }]);
  });

  it('authenticates each start on its own: an IAM start on an API-key connection, an API-key start on an IAM connection', async () => {
    const byApiKey = await connected(anApiKeyCaller(api));
    theSubscriptionStarted(await weSubscribeWithIam(byApiKey, IAM_MESSAGES, { room: aFreshPartition('iam-room') }));
    const byIam = await anIamSubscriber();
    theSubscriptionStarted(await weSubscribe(byIam, ROOM_MESSAGES, { room: aFreshPartition('iam-room') }, anApiKeyCaller(api)));
  });
});

describe('AWS_IAM subscriptions: refused at the connection', () => {
  it('refuses an unknown access key', async () => {
    await theConnectionIsRefused(
      await iamConnectionAuth(api.url, stranger, signing),
      'The security token included in the request is invalid.',
    );
  });

  it('refuses a wrong secret, naming the /graphql/connect canonical request', async () => {
    await theConnectionIsRefused(
      await iamConnectionAuth(api.url, wrongSecret, signing),
      /^The request signature we calculated does not match[\s\S]*'POST\n\/graphql\/connect\n/,
    );
  });

  it('refuses a connection signed as anything but POST /graphql/connect over {}', async () => {
    // signed for the GraphQL path, as a start would be
    await theConnectionIsRefused(
      await iamHeaderJson(api.url, '/graphql', '{}', developer, signing),
      /signature we calculated does not match/,
    );
    // signed over another body
    await theConnectionIsRefused(
      await iamHeaderJson(api.url, '/graphql/connect', '{"query":"subscription { onMessage { id } }"}', developer, signing),
      /signature we calculated does not match/,
    );
  });

  it('refuses a signature whose signed header was changed afterwards', async () => {
    const auth = await iamConnectionAuth(api.url, developer, signing);
    await theConnectionIsRefused({ ...auth, 'content-type': 'application/json' }, /signature we calculated does not match/);
  });
});

describe('AWS_IAM subscriptions: refused at the start, the connection kept', () => {
  it('refuses an unknown key, a wrong secret and signatures over anything but the data, then still starts a correct one', async () => {
    const subscriber = await anIamSubscriber();
    const room = aFreshPartition('iam-room');
    const variables = { room };

    theSubscriptionWasRefused(
      await weSubscribeWithIam(subscriber, ROOM_MESSAGES, variables, stranger),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
    theSubscriptionWasRefused(
      await weSubscribeWithIam(subscriber, ROOM_MESSAGES, variables, wrongSecret),
      'InvalidSignatureException',
      /^The request signature we calculated does not match[\s\S]*'POST\n\/graphql\n/,
    );
    // signed over another query than the one sent: the data is the signed body
    const otherData = JSON.stringify({ query: 'subscription { onMessage { id } }', variables: {} });
    theSubscriptionWasRefused(
      await weSubscribeSigned(subscriber, ROOM_MESSAGES, variables, () => iamStartAuth(api.url, otherData, developer, signing)),
      'InvalidSignatureException',
    );
    // signed over the data with whitespace added: byte for byte or nothing
    theSubscriptionWasRefused(
      await weSubscribeSigned(subscriber, ROOM_MESSAGES, variables, (data) => iamStartAuth(api.url, `${data} `, developer, signing)),
      'InvalidSignatureException',
    );
    // the connection's own signature (POST /graphql/connect over {}) is no start authorization
    theSubscriptionWasRefused(
      await weSubscribeSigned(subscriber, ROOM_MESSAGES, variables, () => iamConnectionAuth(api.url, developer, signing)),
      'InvalidSignatureException',
    );
    // signed over the data but for the connect path
    theSubscriptionWasRefused(
      await weSubscribeSigned(subscriber, ROOM_MESSAGES, variables, (data) =>
        iamHeaderJson(api.url, '/graphql/connect', data, developer, signing),
      ),
      'InvalidSignatureException',
    );
    expect(subscriber.client.received.filter((message) => message.type === 'start_ack')).toEqual([]);

    const started = await weSubscribeWithIam(subscriber, ROOM_MESSAGES, variables);
    theSubscriptionStarted(started);
    itSucceeded(await sendMessage({ id: 'after-refusals', room, body: 'still here' }));
    expect(await theSubscriberReceives(started)).toEqual([{ data: { onMessage: { id: 'after-refusals', room, body: 'still here' } } }]);
  });
});

describe('an @aws_iam-only subscription field', () => {
  it('refuses an API-key start and a Cognito start, and lets an IAM start in on the same connection', async () => {
    const subscriber = await connected(anApiKeyCaller(api));
    const room = aFreshPartition('iam-room');
    theSubscriptionWasRefused(
      await weSubscribe(subscriber, IAM_MESSAGES, { room }),
      'Unauthorized',
      'Not Authorized to access onIamMessage on type Subscription',
    );
    theSubscriptionWasRefused(
      await weSubscribe(subscriber, IAM_MESSAGES, { room }, await aUserCaller(api, 'customer')),
      'Unauthorized',
      'Not Authorized to access onIamMessage on type Subscription',
    );

    const started = await weSubscribeWithIam(subscriber, IAM_MESSAGES, { room });
    theSubscriptionStarted(started);
    itSucceeded(await sendMessage({ id: 'iam-only', room, author: developerArn, body: 'for IAM' }));
    expect(await theSubscriberReceives(started)).toEqual([
      { data: { onIamMessage: { id: 'iam-only', author: developerArn, body: 'for IAM' } } },
    ]);
    // the refused starts never became subscriptions
    expect(subscriber.client.received.filter((message) => message.type === 'data').map((message) => message.id)).toEqual([started.id]);
  });
});
