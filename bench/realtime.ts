/**
 * `npm run bench`, real-time part: fan-out from one mutation to N = 1, 100, 1000 open WebSockets on loopback.
 *  - publish-to-receive: from sending the mutation to each subscriber holding its `data` message (p50/p99 over
 *    every delivery), measured in this process, which holds all N client sockets;
 *  - the mutation's own round trip with N subscribers, against the same mutation with no subscriber at all.
 * The engine runs in its own process (bench/servers.ts), as in bench/run.ts. Mutations are sent one at a time and
 * each waits for its N deliveries, so runs do not overlap. The mutation's client shares this process with the N
 * sockets, so with many subscribers its round trip also includes reading their deliveries.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { synthesize } from '../local/synth.js';
import { percentile } from './percentile.js';

const root = path.resolve(import.meta.dirname, '..');
const FAN_OUTS = [1, 100, 1000];
const MUTATIONS = Number(process.env.BENCH_REALTIME_MUTATIONS ?? 60);
const WARM_UP = 10;
/** the engine's JIT and DynamoDB-free NONE path settle after a few hundred requests */
const ENGINE_WARM_UP = 300;
const SUBSCRIPTION = 'subscription($room: String) { onMessage(room: $room) { id body } }';
const MUTATION = 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }';

interface Engine {
  child: ChildProcess;
  url: string;
  apiKey: string;
}

function startEngine(assemblyDir: string, dynamoDbEndpoint: string): Promise<Engine> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/servers.ts'), 'engine', assemblyDir, dynamoDbEndpoint], {
    cwd: root,
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the engine exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
  });
}

/** One subscriber socket; `onData` gets the published message id. */
function subscriber(engine: Engine, room: string, onData: (id: string) => void): Promise<WebSocket> {
  const host = new URL(engine.url).host;
  const header = Buffer.from(JSON.stringify({ host, 'x-api-key': engine.apiKey })).toString('base64url');
  const socket = new WebSocket(engine.url.replace('http://', 'ws://') + '/realtime', ['graphql-ws', `header-${header}`]);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init' }));
      const start = {
        id: 's',
        type: 'start',
        payload: {
          data: JSON.stringify({ query: SUBSCRIPTION, variables: { room } }),
          extensions: { authorization: { host, 'x-api-key': engine.apiKey } },
        },
      };
      socket.send(JSON.stringify(start));
    });
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'start_ack') resolve(socket);
      else if (message.type === 'data') onData(message.payload.data.onMessage.id);
      else if (message.type === 'error') reject(new Error(JSON.stringify(message)));
    });
  });
}

async function main(): Promise<void> {
  console.log('\n[bench:realtime] synthesizing the fixture stack and starting DynamoDB Local...');
  const assemblyDir = await synthesize({
    app: 'node --import tsx test/fixtures/engine-stack/app.ts',
    outDir: path.join(root, 'test/.out/bench.cdk.out'),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engine = await startEngine(assemblyDir, dynamoDb.endpoint);
  const headers = { 'content-type': 'application/json', 'x-api-key': engine.apiKey };

  let sequence = 0;
  /** sends one mutation and returns its round trip in ms */
  const mutate = async (room: string): Promise<{ id: string; startedAt: number; roundTrip: number }> => {
    const id = `m${sequence++}`;
    const startedAt = performance.now();
    const response = await fetch(engine.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: MUTATION, variables: { input: { id, room, body: 'x'.repeat(64) } } }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`mutation answered ${response.status}`);
    return { id, startedAt, roundTrip: performance.now() - startedAt };
  };

  for (let n = 0; n < ENGINE_WARM_UP; n++) await mutate('nobody');

  const rows: string[] = [];
  for (const fanOut of FAN_OUTS) {
    // the mutation alone, right before: no subscriber on the engine at all
    const alone: number[] = [];
    for (let n = 0; n < MUTATIONS; n++) alone.push((await mutate('nobody')).roundTrip);
    const aloneP50 = percentile(alone, 0.5);

    const room = `bench-${fanOut}`;
    const pending = new Map<string, { startedAt: number; remaining: number; done: () => void }>();
    const deliveries: number[] = [];
    const onData = (id: string) => {
      const waiting = pending.get(id);
      if (!waiting) return;
      deliveries.push(performance.now() - waiting.startedAt);
      if (--waiting.remaining === 0) waiting.done();
    };
    const sockets: WebSocket[] = [];
    for (let opened = 0; opened < fanOut; opened += 100) {
      sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, fanOut - opened) }, () => subscriber(engine, room, onData)))));
    }

    const roundTrips: number[] = [];
    for (let n = 0; n < WARM_UP + MUTATIONS; n++) {
      const delivered = new Promise<void>((done) => pending.set(`m${sequence}`, { startedAt: 0, remaining: fanOut, done }));
      const entry = pending.get(`m${sequence}`)!;
      entry.startedAt = performance.now();
      const { roundTrip } = await mutate(room);
      await delivered;
      if (n === WARM_UP - 1) deliveries.length = 0;
      if (n >= WARM_UP) roundTrips.push(roundTrip);
    }
    for (const socket of sockets) socket.terminate();

    const withP50 = percentile(roundTrips, 0.5);
    rows.push(
      [
        String(fanOut).padStart(6),
        percentile(deliveries, 0.5).toFixed(2).padStart(10),
        percentile(deliveries, 0.99).toFixed(2).padStart(10),
        withP50.toFixed(2).padStart(14),
        aloneP50.toFixed(2).padStart(14),
        (withP50 / aloneP50).toFixed(2).padStart(7),
      ].join(' '),
    );
  }
  engine.child.kill();
  await dynamoDb.stop();

  console.log(
    `\nReal-time fan-out on loopback: ${MUTATIONS} mutations per N (after ${WARM_UP} warm-up), one at a time, all N deliveries awaited each time`,
  );
  console.log(
    ['     N', 'p50 ms', 'p99 ms', 'mutation p50', 'alone p50', 'ratio']
      .map((title, n) => title.padStart([6, 10, 10, 14, 14, 7][n]))
      .join(' '),
  );
  console.log('       (publish-to-receive, every delivery)   (round trip, ms)');
  for (const row of rows) console.log(row);
}

await main();
process.exit(0);
