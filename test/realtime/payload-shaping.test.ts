/** @aws_subscribe: what a subscriber receives is the mutation's response as its caller selected it, reshaped by the subscriber. */
import { afterAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, aSubscriber, theFixtureApi } from '../steps/given-steps.js';
import type { Subscriber } from '../steps/realtime-client.js';
import { theFieldFailed, theSubscriberReceives, theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const subscribers: Subscriber[] = [];
afterAll(() => Promise.all(subscribers.map((subscriber) => subscriber.client.close())));

async function aConnectedSubscriber(): Promise<Subscriber> {
  const subscriber = await aSubscriber(api, anApiKeyCaller(api));
  subscribers.push(subscriber);
  return subscriber;
}

const send = (selection: string, input: Record<string, unknown>, mutation = 'sendMessage') =>
  weSendGraphQL(
    api,
    { query: `mutation($input: MessageInput!) { ${mutation}(input: $input) ${selection} }`, variables: { input } },
    anApiKeyCaller(api),
  );

describe('payload shaping', () => {
  it('delivers the fields both the mutation and the subscriber selected, and null for those the mutation did not select', async () => {
    const room = aFreshPartition('room');
    const subscription = await weSubscribe(
      await aConnectedSubscriber(),
      'subscription($room: String) { onMessage(room: $room) { id room body author meta { lang place { country } } } }',
      { room },
    );
    theSubscriptionStarted(subscription);

    await send('{ id room body meta { place { country city } } }', {
      id: 'm1',
      room,
      body: 'hello',
      author: 'ada',
      meta: { lang: 'en', place: { country: 'NL', city: 'Delft' } },
    });

    const [payload] = await theSubscriberReceives(subscription);
    expect(payload).toEqual({
      data: { onMessage: { id: 'm1', room, body: 'hello', author: null, meta: { lang: null, place: { country: 'NL' } } } },
    });
  });

  it('reads the mutation through its aliases and fragments, and answers with the subscriber’s own aliases', async () => {
    const room = aFreshPartition('room');
    const subscription = await weSubscribe(
      await aConnectedSubscriber(),
      'subscription($room: String) { message: onMessage(room: $room) { key: id text: body ...Who } } fragment Who on Message { author }',
      { room },
    );
    theSubscriptionStarted(subscription);

    await weSendGraphQL(
      api,
      {
        query:
          'mutation($input: MessageInput!) { sent: sendMessage(input: $input) { ident: id room words: body ... on Message { author } } }',
        variables: { input: { id: 'm2', room, body: 'aliased', author: 'grace' } },
      },
      anApiKeyCaller(api),
    );

    const [payload] = await theSubscriberReceives(subscription);
    expect(payload).toEqual({ data: { message: { key: 'm2', text: 'aliased', author: 'grace' } } });
  });

  it('reports a non-null field the mutation did not select as an error', async () => {
    const room = aFreshPartition('room');
    const subscription = await weSubscribe(
      await aConnectedSubscriber(),
      'subscription($room: String) { onMessage(room: $room) { id body } }',
      { room },
    );

    await send('{ room body }', { id: 'm3', room, body: 'no id selected' });

    const [payload] = await theSubscriberReceives(subscription);
    expect(payload.data).toEqual({ onMessage: null });
    expect(payload.errors[0].message).toMatch(/Cannot return null for non-nullable field Message.id/);
  });

  it('publishes only for the mutations the subscription field lists, and only when they succeed', async () => {
    const room = aFreshPartition('room');
    const subscriber = await aConnectedSubscriber();
    const everyMessage = await weSubscribe(subscriber, 'subscription($room: String) { onMessage(room: $room) { id } }', { room });
    const roomMessages = await weSubscribe(subscriber, 'subscription($room: String!) { onRoomMessage(room: $room) { id } }', { room });

    const failed = await send('{ id room }', { id: 'empty', room, body: '' });
    theFieldFailed(failed, ['sendMessage'], 'ValidationError');
    await send('{ id room }', { id: 'edited', room, body: 'edit' }, 'editMessage');
    await send('{ id room }', { id: 'sent', room, body: 'send' });

    // the last publish reaches onMessage after everything published before it on this connection
    const received = await theSubscriberReceives(everyMessage, 2);
    expect(received.map((payload) => payload.data.onMessage.id)).toEqual(['edited', 'sent']);
    const roomReceived = await theSubscriberReceives(roomMessages, 1);
    expect(roomReceived.map((payload) => payload.data.onRoomMessage.id)).toEqual(['sent']);
  });

  it('filters on the response, so a field the mutation did not select cannot match an argument', async () => {
    const room = aFreshPartition('room');
    const subscription = await weSubscribe(await aConnectedSubscriber(), 'subscription($room: String) { onMessage(room: $room) { id } }', {
      room,
    });

    await send('{ id }', { id: 'room-not-selected', room, body: 'x' });
    await send('{ id room }', { id: 'room-selected', room, body: 'y' });

    const received = await theSubscriberReceives(subscription);
    expect(received.map((payload) => payload.data.onMessage.id)).toEqual(['room-selected']);
  });

  it('still publishes a mutation that answered with partial errors', async () => {
    const room = aFreshPartition('room');
    const subscription = await weSubscribe(
      await aConnectedSubscriber(),
      'subscription($room: String) { onMessage(room: $room) { id body } }',
      { room },
    );

    // secret is for signed-in users only: the API-key caller gets it as null with an error, the rest succeeds
    const partial = await send('{ id room body secret }', { id: 'partial', room, body: 'still sent', secret: 's3cret' });
    theFieldFailed(partial, ['sendMessage', 'secret'], 'Unauthorized');

    const [payload] = await theSubscriberReceives(subscription);
    expect(payload).toEqual({ data: { onMessage: { id: 'partial', body: 'still sent' } } });
  });
});
