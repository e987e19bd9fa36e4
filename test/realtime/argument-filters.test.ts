/** Basic filtering: a subscription's arguments must equal the published response's fields of the same name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, aSubscriber, theFixtureApi } from '../steps/given-steps.js';
import type { StartedSubscription, Subscriber } from '../steps/realtime-client.js';
import { theSubscriberReceives, theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const room = aFreshPartition('room');
const SELECTION = '{ id room author priority }';
const MESSAGES = [
  { id: 'ada-1', room, author: 'ada', priority: 1, body: 'a' },
  { id: 'grace-5', room, author: 'grace', priority: 5, body: 'b' },
  { id: 'anonymous-5', room, priority: 5, body: 'c' },
];

let subscriber: Subscriber;
const subscriptions: Record<string, StartedSubscription> = {};

const subscribe = async (name: string, query: string, variables: Record<string, unknown>) => {
  subscriptions[name] = await weSubscribe(subscriber, query, variables);
  theSubscriptionStarted(subscriptions[name]);
};

/** ids received by one subscription once everything was published (the sentinel arrives last) */
const idsOf = async (name: string) => {
  const payloads = await theSubscriberReceives(subscriptions.sentinel, 1);
  expect(payloads).toHaveLength(1);
  return subscriber.client.dataOf(subscriptions[name].id).map((payload) => payload.data.onMessage.id);
};

beforeAll(async () => {
  subscriber = await aSubscriber(api, anApiKeyCaller(api));
  const onMessage = `subscription($room: String, $author: String, $priority: Int) { onMessage(room: $room, author: $author, priority: $priority) ${SELECTION} }`;
  await subscribe('room', onMessage, { room });
  await subscribe('roomAndAuthor', onMessage, { room, author: 'ada' });
  await subscribe('roomAndPriority', onMessage, { room, priority: 5 });
  await subscribe('authorNull', `subscription($room: String) { onMessage(room: $room, author: null) ${SELECTION} }`, { room });
  await subscribe('nothingGiven', `subscription { onMessage ${SELECTION} }`, {});
  for (const input of MESSAGES)
    await weSendGraphQL(
      api,
      { query: `mutation($input: MessageInput!) { sendMessage(input: $input) ${SELECTION} }`, variables: { input } },
      anApiKeyCaller(api),
    );
  // published last, on its own room: once it arrives, every earlier delivery on this connection has arrived
  await subscribe('sentinel', `subscription($room: String) { onMessage(room: $room) ${SELECTION} }`, { room: `${room}-sentinel` });
  await weSendGraphQL(
    api,
    {
      query: `mutation($input: MessageInput!) { sendMessage(input: $input) ${SELECTION} }`,
      variables: { input: { id: 'sentinel', room: `${room}-sentinel` } },
    },
    anApiKeyCaller(api),
  );
});
afterAll(() => subscriber.client.close());

describe('argument filters', () => {
  it('pass what equals the one argument given', async () => {
    expect(await idsOf('room')).toEqual(['ada-1', 'grace-5', 'anonymous-5']);
  });

  it('require every argument given to match', async () => {
    expect(await idsOf('roomAndAuthor')).toEqual(['ada-1']);
    expect(await idsOf('roomAndPriority')).toEqual(['grace-5', 'anonymous-5']);
  });

  it('read an explicit null as "the field must be null" and an omitted variable as no filter', async () => {
    expect(await idsOf('authorNull')).toEqual(['anonymous-5']);
    // the unfiltered subscription sees other tests' messages too: only this room's matter here
    const everything = await idsOf('nothingGiven');
    expect(everything.filter((id) => MESSAGES.some((message) => message.id === id))).toEqual(['ada-1', 'grace-5', 'anonymous-5']);
    expect(everything).toContain('sentinel');
  });
});
