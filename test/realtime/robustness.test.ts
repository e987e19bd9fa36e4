/**
 * What misbehaving clients cannot do to the real-time endpoint: malformed and unknown frames are answered,
 * oversized frames and readers that stop reading cost only their own connection, payloads over AppSync's limit
 * are dropped, and however a connection ends its subscriptions leave the registry. Runs on an engine of its
 * own (same fixture assembly, shared DynamoDB Local) so the registry counts are this file's alone.
 */
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, inject } from 'vitest';
import { startEngine, type RunningEngine } from '../../local/engine.js';
import { aFreshPartition, aSubscriber } from '../steps/given-steps.js';
import { RealtimeClient, type StartedSubscription, type Subscriber } from '../steps/realtime-client.js';
import { eventually, itSucceeded, theSubscriberReceives, theSubscriptionStarted } from '../steps/then-steps.js';
import { weSendGraphQL, weSendRaw, weSubscribe } from '../steps/when-steps.js';

const KEEP_ALIVE_MS = 200;
let engine: RunningEngine;
let api: { url: string };
let auth: Record<string, string>;

beforeAll(async () => {
  engine = await startEngine({
    assemblyDir: path.resolve(import.meta.dirname, '../.out/engine-stack.cdk.out'),
    dataDir: null,
    port: 0,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    realtime: { keepAliveMs: KEEP_ALIVE_MS },
  });
  api = { url: engine.url };
  auth = { 'x-api-key': engine.apiKeys[0].value };
});
afterAll(() => engine.stop());

// a failed test must not leave connections that later counts would see
const opened: RealtimeClient[] = [];
afterEach(() => void opened.splice(0).forEach((client) => client.socket.terminate()));
const connect = async () => {
  const subscriber = await aSubscriber(api, auth);
  opened.push(subscriber.client);
  return subscriber;
};

const registry = async (): Promise<{ connections: number; subscriptions: number }> =>
  (await weSendRaw(engine.url.replace('/graphql', '/_local/realtime'), { method: 'GET' })).body;
const theRegistryIsEmpty = () => eventually(async () => expect(await registry()).toEqual({ connections: 0, subscriptions: 0 }));
const sendMessage = (input: Record<string, unknown>) =>
  weSendGraphQL(
    api,
    { query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }', variables: { input } },
    auth,
  );
const roomSubscription = async (subscriber: Subscriber, room: string): Promise<StartedSubscription> => {
  const started = await weSubscribe(subscriber, 'subscription($room: String) { onMessage(room: $room) { id body } }', { room });
  theSubscriptionStarted(started);
  return started;
};

describe('real-time robustness', () => {
  it('sends ka at the configured interval', async () => {
    const { client } = await connect();
    await client.waitFor(() => client.received.filter((message) => message.type === 'ka').length >= 3, KEEP_ALIVE_MS * 10, 'three ka');
    await client.close();
  });

  it('answers malformed frames, unknown types and binary frames with errors and keeps the connection usable', async () => {
    const subscriber = await connect();
    const { client } = subscriber;
    client.send('{not json');
    client.send({ type: 'subscribe', id: 'x1' });
    client.send({ type: 'start', payload: { data: '{}' } });
    client.send({ type: 'start', id: 'bad-data', payload: { data: 'not json', extensions: { authorization: auth } } });
    client.send(Buffer.from([1, 2, 3]));
    await client.waitFor(() => client.received.filter((message) => message.type === 'error').length >= 5, 5000, 'five errors');
    // the start is answered after its authentication, so its error may come after the binary frame's
    const answered = client.received
      .filter((message) => message.type === 'error')
      .map((message) => `${message.id ?? '-'} ${message.payload.errors[0].errorType}`);
    expect(answered.sort()).toEqual([
      '- MalformedMessage',
      '- MalformedMessage',
      '- MalformedMessage',
      'bad-data MalformedMessage',
      'x1 UnsupportedOperation',
    ]);
    const room = aFreshPartition('room');
    const started = await roomSubscription(subscriber, room);
    await sendMessage({ id: 'still-works', room, body: 'ok' });
    expect(await theSubscriberReceives(started)).toEqual([{ data: { onMessage: { id: 'still-works', body: 'ok' } } }]);
    await client.close();
  });

  it('closes a connection that sends an oversized frame (1009) while the others keep receiving', async () => {
    const room = aFreshPartition('room');
    const bystander = await connect();
    const watching = await roomSubscription(bystander, room);
    const offender = await connect();
    offender.client.send({ type: 'start', id: 'huge', payload: { data: 'x'.repeat(300 * 1024) } });
    expect((await offender.client.closed).code).toBe(1009);
    await sendMessage({ id: 'after-oversize', room, body: 'ok' });
    expect(await theSubscriberReceives(watching)).toHaveLength(1);
    await bystander.client.close();
    await theRegistryIsEmpty();
  });

  it('drops a payload over 240 KB and keeps the subscription', async () => {
    const room = aFreshPartition('room');
    const subscriber = await connect();
    const started = await roomSubscription(subscriber, room);
    itSucceeded(await sendMessage({ id: 'too-big', room, body: 'x'.repeat(250 * 1024) }));
    await sendMessage({ id: 'small', room, body: 'ok' });
    expect((await theSubscriberReceives(started)).map((payload) => payload.data.onMessage.id)).toEqual(['small']);
    await subscriber.client.close();
  });

  it('drops a subscriber that stops reading, and only that one', async () => {
    const room = aFreshPartition('room');
    const reader = await connect();
    const reading = await roomSubscription(reader, room);
    const stalled = await connect();
    await roomSubscription(stalled, room);
    // stop reading: the kernel buffers fill, then the server's send buffer grows past its bound
    stalled.client.socket.pause();
    const body = 'x'.repeat(200 * 1024);
    let sent = 0;
    while ((await registry()).subscriptions > 1 && sent < 400) await sendMessage({ id: `flood-${sent++}`, room, body });
    expect(await registry()).toEqual({ connections: 1, subscriptions: 1 });
    expect((await theSubscriberReceives(reading, sent, 10_000)).length).toBe(sent);
    await reader.client.close();
    stalled.client.socket.terminate();
    await theRegistryIsEmpty();
  });

  it('releases everything of connections that disappear mid-stream or open and close in numbers', async () => {
    const room = aFreshPartition('room');
    const abrupt = await Promise.all(Array.from({ length: 20 }, () => connect()));
    await Promise.all(abrupt.map((subscriber) => roomSubscription(subscriber, room)));
    expect(await registry()).toEqual({ connections: 20, subscriptions: 20 });
    const publishing = sendMessage({ id: 'mid-stream', room, body: 'x' });
    for (const subscriber of abrupt) subscriber.client.socket.terminate();
    itSucceeded(await publishing);
    await theRegistryIsEmpty();

    for (let round = 0; round < 5; round++) {
      const batch = await Promise.all(Array.from({ length: 40 }, () => connect()));
      await Promise.all(batch.map((subscriber) => weSubscribe(subscriber, 'subscription { onMessage { id } }')));
      // half say goodbye properly, half vanish
      await Promise.all(
        batch.map((subscriber, n) =>
          n % 2 ? subscriber.client.close() : (subscriber.client.socket.terminate(), subscriber.client.closed),
        ),
      );
    }
    await theRegistryIsEmpty();
    // connections refused at the handshake leave nothing behind either
    const refused = await RealtimeClient.open(api.url, { 'x-api-key': 'da2-wrong' });
    refused.send({ type: 'connection_init' });
    await refused.closed;
    await theRegistryIsEmpty();
  });
});
