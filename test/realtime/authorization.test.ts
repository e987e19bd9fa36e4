/**
 * Authorization of subscriptions: the handshake and every start are authenticated like HTTP requests; the
 * Subscription field's directives and its resolver decide at start; nested fields follow their directives per
 * subscriber at delivery. A customer never receives another customer's events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, aSubscriber, aUserCaller, theFixtureApi, theSubOf } from '../steps/given-steps.js';
import type { Subscriber } from '../steps/realtime-client.js';
import { itSucceeded, theSubscriberReceives, theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const ORDER = '{ id customerId status }';
const subscribers: Subscriber[] = [];
let customer: Record<string, string>;
let customer2: Record<string, string>;
let admin: Record<string, string>;
let customerSub: string;
let customer2Sub: string;

async function connected(auth: Record<string, string>): Promise<Subscriber> {
  const subscriber = await aSubscriber(api, auth);
  subscribers.push(subscriber);
  return subscriber;
}

const updateOrder = (input: Record<string, unknown>) =>
  weSendGraphQL(
    api,
    { query: `mutation($input: OrderInput!) { updateOrder(input: $input) ${ORDER} }`, variables: { input } },
    anApiKeyCaller(api),
  );

beforeAll(async () => {
  [customer, customer2, admin, customerSub, customer2Sub] = await Promise.all([
    aUserCaller(api, 'customer'),
    aUserCaller(api, 'customer2'),
    aUserCaller(api, 'admin'),
    theSubOf(api, 'customer'),
    theSubOf(api, 'customer2'),
  ]);
});
afterAll(() => Promise.all(subscribers.map((subscriber) => subscriber.client.close())));

describe('subscription authorization', () => {
  it('refuses a mode the Subscription field does not allow', async () => {
    const started = await weSubscribe(await connected(anApiKeyCaller(api)), `subscription { onMyOrders ${ORDER} }`);
    theSubscriptionWasRefused(started, 'Unauthorized', 'Not Authorized to access onMyOrders on type Subscription');
  });

  it('refuses a signed-in user outside the field’s cognito_groups, and lets a member in', async () => {
    theSubscriptionWasRefused(await weSubscribe(await connected(customer), 'subscription { onAlert { text } }'), 'Unauthorized');
    const adminAlerts = await weSubscribe(await connected(admin), 'subscription { onAlert { text } }');
    theSubscriptionStarted(adminAlerts);
    itSucceeded(await weSendGraphQL(api, { query: 'mutation { raiseAlert(text: "disk full") { text } }' }, anApiKeyCaller(api)));
    expect((await theSubscriberReceives(adminAlerts))[0]).toEqual({ data: { onAlert: { text: 'disk full' } } });
  });

  it('lets the subscription resolver refuse a customer who asks for another customer’s orders', async () => {
    const started = await weSubscribe(
      await connected(customer),
      `subscription($customerId: ID!) { onOrderUpdated(customerId: $customerId) ${ORDER} }`,
      { customerId: customer2Sub },
    );
    theSubscriptionWasRefused(started, 'Unauthorized', /Not Authorized to access onOrderUpdated on type Subscription/);
  });

  it('never delivers one customer’s order updates to another (argument filter and identity filter)', async () => {
    const first = await connected(customer);
    const second = await connected(customer2);
    const byArgument = await weSubscribe(first, `subscription($customerId: ID!) { onOrderUpdated(customerId: $customerId) ${ORDER} }`, {
      customerId: customerSub,
    });
    const byIdentity = await weSubscribe(first, `subscription { onMyOrders ${ORDER} }`);
    const secondByIdentity = await weSubscribe(second, `subscription { onMyOrders ${ORDER} }`);
    [byArgument, byIdentity, secondByIdentity].forEach(theSubscriptionStarted);

    const order = aFreshPartition('order');
    await updateOrder({ id: `${order}-2`, customerId: customer2Sub, status: 'SHIPPED' });
    await updateOrder({ id: `${order}-1`, customerId: customerSub, status: 'PAID' });

    const own = { id: `${order}-1`, customerId: customerSub, status: 'PAID' };
    expect(await theSubscriberReceives(byArgument)).toEqual([{ data: { onOrderUpdated: own } }]);
    expect(await theSubscriberReceives(byIdentity)).toEqual([{ data: { onMyOrders: own } }]);
    expect(await theSubscriberReceives(secondByIdentity)).toEqual([
      { data: { onMyOrders: { id: `${order}-2`, customerId: customer2Sub, status: 'SHIPPED' } } },
    ]);
  });

  it('applies nested field directives to each subscriber: null with an error where the subscriber may not read', async () => {
    const room = aFreshPartition('room');
    const query = 'subscription($room: String) { onMessage(room: $room) { id secret } }';
    const byApiKey = await weSubscribe(await connected(anApiKeyCaller(api)), query, { room });
    const byCustomer = await weSubscribe(await connected(customer), query, { room });

    // the mutation's caller is signed in, so the secret is in the published response
    itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room secret } }',
          variables: { input: { id: 's1', room, secret: 'for users' } },
        },
        customer,
      ),
    );

    expect(await theSubscriberReceives(byCustomer)).toEqual([{ data: { onMessage: { id: 's1', secret: 'for users' } } }]);
    const [denied] = await theSubscriberReceives(byApiKey);
    expect(denied.data).toEqual({ onMessage: { id: 's1', secret: null } });
    expect(denied.errors).toEqual([
      expect.objectContaining({
        path: ['onMessage', 'secret'],
        errorType: 'Unauthorized',
        message: 'Not Authorized to access secret on type Message',
      }),
    ]);
  });

  it('authenticates each start on its own: another mode on the same connection, and bad credentials refused without closing it', async () => {
    const subscriber = await connected(anApiKeyCaller(api));
    theSubscriptionStarted(await weSubscribe(subscriber, `subscription { onMyOrders ${ORDER} }`, {}, customer));
    theSubscriptionWasRefused(
      await weSubscribe(subscriber, 'subscription { onMessage { id } }', {}, { 'x-api-key': 'da2-not-a-key' }),
      'UnauthorizedException',
    );
    theSubscriptionWasRefused(
      await weSubscribe(subscriber, 'subscription { onMessage { id } }', {}, { authorization: 'not.a.jwt' }),
      'UnauthorizedException',
    );
    theSubscriptionStarted(await weSubscribe(subscriber, 'subscription { onMessage { id } }'));
  });
});
