/**
 * What the product benchmarks (gift codes, rewards, registrations) share: the closed-loop load generator, tables
 * for the DynamoDB Local baselines, waiting for the engine to go idle, and an AppSync real-time subscription.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { DynamoDbClient } from '../local/dynamodb/client.js';
import { percentile } from './percentile.js';

export interface LoadSample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * `total` calls from `clients` concurrent clients, each taking the next call when its last one is answered. With
 * `dueAt` a call also waits until it is due, and its latency counts from then, not from when it was sent.
 */
async function clientsCalling(
  total: number,
  clients: number,
  call: (index: number) => Promise<boolean>,
  dueAt?: (index: number) => number,
): Promise<LoadSample> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = next++; index < total; index = next++) {
        const due = dueAt?.(index) ?? performance.now();
        if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
        if (!(await call(index))) errors++;
        latencies.push(performance.now() - due);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: total / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}

/** `total` calls from `clients` concurrent clients; each client waits for its answer before its next call. */
export function closedLoop(total: number, clients: number, call: (index: number) => Promise<boolean>): Promise<LoadSample> {
  return clientsCalling(total, clients, call);
}

/**
 * Calls at a fixed rate for `seconds` (an open loop, as independent customers arrive): call k is due k / rate s
 * after the start whatever earlier calls do, at most `clients` under way (beyond that a due call waits, and its
 * latency, counted from when it was due, shows it). `rps` is the rate calls were answered at, over the whole run.
 */
export function openLoop(rate: number, seconds: number, clients: number, call: (index: number) => Promise<boolean>): Promise<LoadSample> {
  const started = performance.now();
  return clientsCalling(Math.round(rate * seconds), clients, call, (index) => started + (index * 1000) / rate);
}

/** How a run sends its `count` calls: `call(index)` makes the index-th and answers whether it succeeded. */
export type Load = (count: number, call: (index: number) => Promise<boolean>) => Promise<LoadSample>;

/** An open loop at `rate` calls per second from up to `clients` at once: a steady stream of customers. */
export const heldAt =
  (rate: number, clients: number): Load =>
  (count, call) =>
    openLoop(rate, count / rate, clients, call);

/** Least-squares slope of samples taken every BACKLOG_EVERY_MS, per second: how fast a backlog grows. */
export function growthPerSecond(samples: number[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((sum, y) => sum + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  samples.forEach((y, x) => {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  });
  return numerator / denominator / (BACKLOG_EVERY_MS / 1000);
}

/** The first table whose name contains `part` (CloudFormation names tables `<stack>-<logical id>…`). */
export async function tableNamed(client: DynamoDbClient, part: string): Promise<string> {
  const { TableNames } = await client.call<{ TableNames: string[] }>('ListTables', {});
  const name = TableNames.find((candidate) => candidate.includes(part));
  if (!name) throw new Error(`no ${part} table in ${TableNames.join(', ')}`);
  return name;
}

/** A new table shaped like `model` (keys, GSIs, stream), so DynamoDB Local does the same work per write. */
export async function aTableShapedLike(client: DynamoDbClient, model: string, namePrefix: string): Promise<string> {
  const { Table: shape } = await client.call<{ Table: any }>('DescribeTable', { TableName: model });
  const tableName = `${namePrefix}-${randomUUID().slice(0, 8)}`;
  await client.call('CreateTable', {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: shape.KeySchema,
    AttributeDefinitions: shape.AttributeDefinitions,
    GlobalSecondaryIndexes: (shape.GlobalSecondaryIndexes ?? []).map((index: any) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
    })),
    ...(shape.StreamSpecification ? { StreamSpecification: shape.StreamSpecification } : {}),
  });
  return tableName;
}

/**
 * Waits (at most `limitMs`) until the engine process is nearly idle: under 15 % of a core over a second, its
 * consumers done with the duplicates and retries a run leaves behind, so the next run does not share the CPU with
 * them. Reads the process's CPU time from /proc (Linux); elsewhere it waits 5 s. Returns the seconds waited.
 */
export async function engineSettles(engine: { child: ChildProcess }, limitMs: number): Promise<number> {
  const cpuTicks = (): number | null => {
    try {
      const fields = readFileSync(`/proc/${engine.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second)
    } catch {
      return null;
    }
  };
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  if (cpuTicks() === null) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return seconds();
  }
  for (;;) {
    const before = cpuTicks()!;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (cpuTicks()! - before < 15 || performance.now() - started > limitMs) return seconds();
  }
}

/**
 * One socket with one subscription started, in the AppSync real-time protocol the Amplify client speaks (the
 * authorization in the `header-` subprotocol and in the start message); `onData` gets each pushed `data` payload.
 * Resolves once the subscription is acknowledged.
 */
export function aSubscription(
  graphqlUrl: string,
  authorization: string,
  subscription: { query: string; variables: Record<string, unknown> },
  onData: (data: Record<string, any>) => void,
): Promise<WebSocket> {
  const host = new URL(graphqlUrl).host;
  const auth = { host, authorization };
  const header = Buffer.from(JSON.stringify(auth)).toString('base64url');
  const socket = new WebSocket(graphqlUrl.replace('http://', 'ws://') + '/realtime', ['graphql-ws', `header-${header}`]);
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.type === 'connection_ack') {
        const payload = { data: JSON.stringify(subscription), extensions: { authorization: auth } };
        socket.send(JSON.stringify({ id: 'bench', type: 'start', payload }));
      } else if (message.type === 'start_ack') resolve(socket);
      else if (message.type === 'data') onData(message.payload.data);
      else if (message.type === 'error' || message.type === 'connection_error') reject(new Error(JSON.stringify(message)));
    });
  });
}

/** How often the end-to-end runs sample their backlog (sent, not yet done). */
export const BACKLOG_EVERY_MS = 5000;

/**
 * Samples a run's backlog every BACKLOG_EVERY_MS while it sends: growth means the consumers fall behind. `stop`
 * ends the sampling when the sending ends and resolves with the samples once a sample under way is taken.
 */
export function sampleBacklog<T = number>(backlog: () => Promise<T>): { stop: () => Promise<T[]> } {
  const samples: T[] = [];
  let sending = true;
  const sampling = (async () => {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, BACKLOG_EVERY_MS));
      if (!sending) return;
      samples.push(await backlog());
    }
  })();
  return {
    stop: () => {
      sending = false;
      return sampling.then(() => samples);
    },
  };
}
