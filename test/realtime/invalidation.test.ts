/** Invalidation: a mutation's extensions.invalidateSubscriptions ends the matching subscriptions and closes their connections. */
import { afterAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, aSubscriber, theFixtureApi } from '../steps/given-steps.js';
import type { Subscriber } from '../steps/realtime-client.js';
import { itSucceeded, theSubscriberReceives, theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theFixtureApi();
const subscribers: Subscriber[] = [];
afterAll(() => Promise.all(subscribers.map((subscriber) => subscriber.client.close())));

const roomSubscription = async (room: string) => {
  const subscriber = await aSubscriber(api, anApiKeyCaller(api));
  subscribers.push(subscriber);
  const started = await weSubscribe(subscriber, 'subscription($room: String!) { onRoomMessage(room: $room) { id } }', { room });
  theSubscriptionStarted(started);
  return started;
};

describe('subscription invalidation', () => {
  it('ends the subscriptions whose invalidation filter matches, closes their connections, and leaves the others flowing', async () => {
    const closing = aFreshPartition('room');
    const staying = aFreshPartition('room');
    const invalidated = await roomSubscription(closing);
    const untouched = await roomSubscription(staying);

    itSucceeded(
      await weSendGraphQL(
        api,
        { query: 'mutation($room: String!) { closeRoom(room: $room) { room closed } }', variables: { room: closing } },
        anApiKeyCaller(api),
      ),
    );

    const { client } = invalidated.subscriber;
    const ended = await client.waitFor((message) => message.id === invalidated.id && message.type === 'complete');
    expect(ended).toEqual({ type: 'complete', id: invalidated.id, payload: { message: 'Subscription complete.' } });
    expect((await client.closed).code).toBe(1000);

    await weSendGraphQL(
      api,
      {
        query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room } }',
        variables: { input: { id: 'after-close', room: staying } },
      },
      anApiKeyCaller(api),
    );
    expect(await theSubscriberReceives(untouched)).toEqual([{ data: { onRoomMessage: { id: 'after-close' } } }]);
  });
});
