/**
 * The unmodified aws-amplify v6 client in Node, through the web app's own client module: it subscribes over the
 * real-time protocol (given a global WebSocket that maps Amplify's loopback wss:// to ws://, the dev-only shim of
 * web/src/dev) and receives filtered, shaped payloads, with an API key and as a signed-in Cognito customer.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, signOut } from 'aws-amplify/auth';
import { configureApi, request, subscribe, type Variables } from '../../web/src/api/client.js';
import { installLoopbackWebSocket } from '../../web/src/dev/local-websocket.js';
import { LOCAL_USERS } from '../../local/dev/users.js';
import { aFreshPartition, anApiKeyCaller, theFixtureApi, theSubOf } from '../steps/given-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();
installLoopbackWebSocket(globalThis, WebSocket);

/** Collects what a live subscription delivers; `until` resolves once a payload satisfies the predicate. */
function follow<T>(query: string, variables: Variables, authMode?: 'apiKey' | 'userPool') {
  const received: T[] = [];
  const waiting: Array<() => void> = [];
  const stop = subscribe<T>(
    query,
    variables,
    { next: (data) => (received.push(data), waiting.forEach((wake) => wake())), error: (error) => received.push({ error } as T) },
    authMode,
  );
  const until = (seen: (data: T) => boolean) =>
    new Promise<T[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not seen in ${JSON.stringify(received)}`)), 10_000);
      const check = () => received.some(seen) && (clearTimeout(timer), resolve(received));
      waiting.push(check);
      check();
    });
  return { received, until, stop };
}

/** Amplify gives no start_ack to its caller: publish until the subscription sees one (a retry is harmless here). */
async function whenLive(publish: () => Promise<unknown>, live: { received: unknown[] }): Promise<void> {
  for (let attempt = 0; attempt < 50 && live.received.length === 0; attempt++) {
    await publish();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(() => {
  configureApi({
    endpoint: api.url,
    region: api.userPool!.region,
    apiKey: api.apiKey,
    userPool: { userPoolId: api.userPool!.id, userPoolClientId: api.userPool!.clientId, userPoolEndpoint: api.userPool!.endpoint },
  });
});
afterAll(() => signOut().catch(() => {}));

describe('aws-amplify v6 subscriptions in Node', () => {
  it('receives what its arguments select, shaped by its selection, with the API key', async () => {
    const room = aFreshPartition('room');
    const live = follow<{ onMessage: unknown }>('subscription OnMessage($room: String) { onMessage(room: $room) { id body author } }', {
      room,
    });
    await whenLive(
      () =>
        weSendGraphQL(
          api,
          {
            query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room } }',
            variables: { input: { id: 'warm-up', room } },
          },
          anApiKeyCaller(api),
        ),
      live,
    );

    await weSendGraphQL(
      api,
      {
        query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room } }',
        variables: { input: { id: 'elsewhere', room: `${room}-other` } },
      },
      anApiKeyCaller(api),
    );
    const sent = await request<{ sendMessage: { id: string } }>(
      'mutation Send($input: MessageInput!) { sendMessage(input: $input) { id room body } }',
      { input: { id: 'via-amplify', room, body: 'hi', author: 'ada' } },
    );
    expect(sent.sendMessage.id).toBe('via-amplify');

    const received = await live.until((data) => (data.onMessage as { id: string } | undefined)?.id === 'via-amplify');
    expect(received.at(-1)).toEqual({ onMessage: { id: 'via-amplify', body: 'hi', author: null } });
    expect(received.map((data) => (data.onMessage as { id: string }).id)).not.toContain('elsewhere');
    live.stop();
  });

  it('follows a signed-in customer’s own orders only (userPool mode)', async () => {
    const customer = LOCAL_USERS.find((user) => user.username === 'customer')!;
    await signIn({ username: customer.username, password: customer.password });
    const [mine, theirs] = await Promise.all([theSubOf(api, 'customer'), theSubOf(api, 'customer2')]);
    const order = aFreshPartition('order');
    const live = follow<{ onMyOrders: { id: string } }>('subscription { onMyOrders { id customerId status } }', {}, 'userPool');
    const update = (id: string, customerId: string, status: string) =>
      weSendGraphQL(
        api,
        {
          query: 'mutation($input: OrderInput!) { updateOrder(input: $input) { id customerId status } }',
          variables: { input: { id, customerId, status } },
        },
        anApiKeyCaller(api),
      );
    await whenLive(() => update(`${order}-warm-up`, mine, 'NEW'), live);

    itSucceeded(await update(`${order}-theirs`, theirs, 'PAID'));
    itSucceeded(await update(`${order}-mine`, mine, 'PAID'));

    const received = await live.until((data) => data.onMyOrders?.id === `${order}-mine`);
    expect(received.at(-1)).toEqual({ onMyOrders: { id: `${order}-mine`, customerId: mine, status: 'PAID' } });
    expect(received.map((data) => data.onMyOrders.id)).not.toContain(`${order}-theirs`);
    live.stop();
  });
});
