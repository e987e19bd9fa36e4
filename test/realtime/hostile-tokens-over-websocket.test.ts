/**
 * The hostile-token list over the real-time endpoint: every token refused as the connection's credential
 * (connection_error 401, then the socket closes) and as a start's authorization (error for that start, no
 * start_ack, the connection still usable), and the endpoint keeps serving throughout.
 *
 * Runs on an engine of its own (the fixture assembly, shared DynamoDB Local) with a data folder, so its user pool
 * keeps its signing key in a file and the list can forge tokens with the pool's own key; the fixture API has the
 * subscriptions and the user pool the list needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { LOCAL_USERS } from '../../local/dev/users.js';
import { startEngine, type RunningEngine } from '../../local/engine.js';
import type { EngineUnderTest } from '../global-setup.js';
import { aFreshPartition, anApiKeyCaller, aSignedInUser, aSubscriber, aUserCaller } from '../steps/given-steps.js';
import { hostileTokens, type HostileToken } from '../steps/hostile-tokens.js';
import { RealtimeClient, type Subscriber, type Transport } from '../steps/realtime-client.js';
import { itSucceeded, theSubscriberReceives, theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

/** an admin-only subscription: any token that slipped through as an admin would be acknowledged here */
const ADMIN_ALERTS = 'subscription { onAlert { text } }';
const ROOM_MESSAGES = 'subscription($room: String) { onMessage(room: $room) { id body } }';
/** a start frame larger than this closes the connection (1009) before any token is read */
const LARGEST_FRAME = 240 * 1024;
const UNAUTHORIZED = 'com.amazonaws.deepdish.graphql.auth#UnauthorizedException';

let dataDir: string;
let engine: RunningEngine;
let api: EngineUnderTest;
let tokens: HostileToken[];
let customer: Record<string, string>;
const engineLog: string[] = [];
const opened: RealtimeClient[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'loyalty-graph-hostile-ws-'));
  engine = await startEngine({
    assemblyDir: path.resolve(import.meta.dirname, '../.out/engine-stack.cdk.out'),
    dataDir,
    port: 0,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    users: LOCAL_USERS,
    log: (line) => engineLog.push(line),
  });
  const pool = engine.stack.userPools[0];
  const local = engine.userPools.get(pool.id)!;
  api = {
    url: engine.url,
    apiKey: engine.apiKeys[0].value,
    userPool: {
      id: pool.id,
      clientId: pool.clientIds[0],
      endpoint: engine.url.replace('/graphql', `/local-cognito/${pool.id}`),
      region: engine.stack.region,
      issuer: local.issuer,
      signingKeyFile: path.join(dataDir, 'cognito', pool.id, 'signing-key.json'),
    },
    iam: {
      accessKeyId: engine.iam.developer.accessKeyId,
      secretAccessKey: engine.iam.developer.secretAccessKey,
      region: engine.stack.region,
    },
  };
  tokens = await hostileTokens(api);
  customer = await aUserCaller(api, 'customer');
});

afterAll(async () => {
  for (const client of opened) client.socket.terminate();
  await engine?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function connected(auth: Record<string, string>): Promise<Subscriber> {
  const subscriber = await aSubscriber(api, auth);
  opened.push(subscriber.client);
  return subscriber;
}

/** What the endpoint answers a connection made with `token`: its messages, the refusal it sent and how the socket closed. */
async function aConnectionWith(token: string, transport: Transport): Promise<{ answers: string[]; refusal: any; close: number | null }> {
  const client = await RealtimeClient.open(api.url, { authorization: token }, { transport });
  opened.push(client);
  client.send({ type: 'connection_init' });
  const answer = await client.waitFor(
    (message) => message.type === 'connection_error' || message.type === 'connection_ack',
    5000,
    'the answer to connection_init',
  );
  // an acknowledged connection stays open: no close to wait for
  const closed =
    answer.type === 'connection_error'
      ? await Promise.race([client.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000))])
      : null;
  client.socket.terminate();
  return { answers: client.received.map((message) => message.type), refusal: answer.payload, close: closed?.code ?? null };
}

function theConnectionWasRefused(name: string, outcome: Awaited<ReturnType<typeof aConnectionWith>>): void {
  expect(outcome.answers, name).toEqual(['connection_error']);
  expect(outcome.refusal.errors, name).toEqual([{ errorType: UNAUTHORIZED, message: expect.any(String), errorCode: 401 }]);
  expect(outcome.close, name).toBe(1000);
}

/** A room subscription on a fresh customer connection still receives a message published now. */
async function theEndpointStillServes(): Promise<void> {
  const subscriber = await connected(customer);
  const room = aFreshPartition('room');
  const started = await weSubscribe(subscriber, ROOM_MESSAGES, { room });
  theSubscriptionStarted(started);
  itSucceeded(
    await weSendGraphQL(
      api,
      {
        query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }',
        variables: { input: { id: 'alive', room, body: 'still serving' } },
      },
      anApiKeyCaller(api),
    ),
  );
  expect(await theSubscriberReceives(started)).toEqual([{ data: { onMessage: { id: 'alive', body: 'still serving' } } }]);
}

describe('tokens the real-time endpoint accepts', () => {
  it('takes the ID token and the access token of a signed-in user, on the connection and on a start', async () => {
    const { idToken, accessToken } = await aSignedInUser(api, 'customer');
    for (const token of [idToken, accessToken]) {
      const subscriber = await connected({ authorization: token });
      theSubscriptionStarted(await weSubscribe(subscriber, ROOM_MESSAGES, { room: aFreshPartition('room') }));
    }
  });
});

describe('hostile tokens as the connection credential', () => {
  it.each(['subprotocol', 'query', 'headers'] as const)(
    'refuses every one in the %s with connection_error 401 UnauthorizedException, then closes',
    async (transport) => {
      const refused: string[] = [];
      for (const { name, token, oversized } of tokens) {
        if (oversized) continue;
        theConnectionWasRefused(name, await aConnectionWith(token, transport));
        refused.push(name);
      }
      expect(refused.length).toBeGreaterThanOrEqual(25);
      // a verifier that threw instead of refusing would still be answered 401: the engine log tells them apart
      expect(engineLog.filter((line) => line.includes('handshake authentication failed'))).toEqual([]);
    },
  );

  it('refuses oversized tokens at the HTTP upgrade (headers beyond 16 KiB), and keeps serving', async () => {
    for (const { name, token } of tokens.filter((candidate) => candidate.oversized)) {
      for (const transport of ['subprotocol', 'query', 'headers'] as const) {
        await expect(RealtimeClient.open(api.url, { authorization: token }, { transport }), `${name} in the ${transport}`).rejects.toThrow(
          /HTTP 4\d\d|ECONNRESET|EPIPE|socket hang up/,
        );
      }
    }
    await theEndpointStillServes();
  });
});

describe('hostile tokens as a start’s authorization, on a connection opened with a valid token', () => {
  it('refuses every start that fits a frame with UnauthorizedException, acknowledges none, and the connection still subscribes', async () => {
    const subscriber = await connected(customer);
    const refused: string[] = [];
    for (const { name, token } of tokens) {
      if (token.length >= LARGEST_FRAME) continue;
      const started = await weSubscribe(subscriber, ADMIN_ALERTS, {}, { authorization: token });
      theSubscriptionWasRefused(started, 'UnauthorizedException');
      refused.push(name);
    }
    expect(refused.length).toBeGreaterThanOrEqual(30);
    expect(subscriber.client.received.filter((message) => message.type === 'start_ack')).toEqual([]);

    const room = aFreshPartition('room');
    const started = await weSubscribe(subscriber, ROOM_MESSAGES, { room });
    theSubscriptionStarted(started);
    itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }',
          variables: { input: { id: 'after-hostile-starts', room, body: 'ok' } },
        },
        customer,
      ),
    );
    expect(await theSubscriberReceives(started)).toEqual([{ data: { onMessage: { id: 'after-hostile-starts', body: 'ok' } } }]);
  });

  it('closes a connection whose start frame is beyond the frame limit (1009), before reading the token', async () => {
    const huge = tokens.filter(({ token }) => token.length >= LARGEST_FRAME);
    expect(huge.length).toBeGreaterThan(0);
    for (const { name, token } of huge) {
      const { client } = await connected(customer);
      client.send({
        id: 'huge',
        type: 'start',
        payload: {
          data: JSON.stringify({ query: ADMIN_ALERTS }),
          extensions: { authorization: { host: client.host, authorization: token } },
        },
      });
      expect((await client.closed).code, name).toBe(1009);
      expect(
        client.received.filter((message) => message.id === 'huge'),
        name,
      ).toEqual([]);
    }
    await theEndpointStillServes();
  });
});

describe('the endpoint under the whole list', () => {
  it('refuses the whole list sent at once, connections and starts, and keeps serving', async () => {
    const fitting = tokens.filter(({ token, oversized }) => !oversized && token.length < LARGEST_FRAME);
    const subscriber = await connected(customer);
    const [connections, starts] = await Promise.all([
      Promise.all(fitting.map(({ token }) => aConnectionWith(token, 'subprotocol'))),
      Promise.all(fitting.map(({ token }) => weSubscribe(subscriber, ADMIN_ALERTS, {}, { authorization: token }))),
    ]);
    connections.forEach((outcome, n) => theConnectionWasRefused(fitting[n].name, outcome));
    starts.forEach((started) => theSubscriptionWasRefused(started, 'UnauthorizedException'));
    expect(subscriber.client.received.filter((message) => message.type === 'start_ack')).toEqual([]);

    // the signed-in admin, whom the forged tokens impersonate, is let in on the same connection
    const admin = await aUserCaller(api, 'admin');
    theSubscriptionStarted(await weSubscribe(subscriber, ADMIN_ALERTS, {}, admin));
    await theEndpointStillServes();
    expect(engineLog.filter((line) => /handshake authentication failed|start .* failed|upgrade failed/.test(line))).toEqual([]);
  });
});
