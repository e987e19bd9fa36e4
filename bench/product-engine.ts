/**
 * The product's engine as the benchmarks drive it: in its own process (`bench/servers.ts product`) with the
 * benchmark's users, called over keep-alive HTTP and signed in to through its user pool, as clients do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { cpuProfileArgs } from './cpu-profile.js';
import { passwordOf } from './redemption-users.js';
import { signInWithPassword } from '../test/steps/user-pool-client.js';

const root = path.resolve(import.meta.dirname, '..');
/** the benchmarks' concurrent clients, one keep-alive socket each */
export const CLIENTS = 50;

/** A request-per-second figure with its latencies, ms. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
}

/** A signed-in benchmark customer. */
export interface Customer {
  username: string;
  /** what the web client sends: the access token */
  authorization: string;
  sub: string;
}

export interface Engine {
  child: ChildProcess;
  url: string;
  userPool: { endpoint: string; clientId: string };
  /** what the engine's Lambda functions logged at ERROR, by service and error name */
  loggedErrors: Map<string, number>;
}

/**
 * The engine in its own process. Its stderr carries the Lambda functions' structured logs: ERROR lines are counted
 * (consumers racing a duplicate delivery log IdempotencyAlreadyInProgressError and are retried, by design), any
 * other line is passed through.
 */
export function startProductEngine(assemblyDir: string, dynamoDbEndpoint: string): Promise<Engine> {
  const child = spawn(
    process.execPath,
    [...cpuProfileArgs(), '--import', 'tsx', path.join(root, 'bench/servers.ts'), 'product', assemblyDir, dynamoDbEndpoint],
    {
      cwd: root,
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const loggedErrors = new Map<string, number>();
  createInterface({ input: child.stderr }).on('line', (line) => {
    let entry: { level?: string; service?: string; error?: { name?: string } } | null = null;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = null;
    }
    if (entry?.level === 'ERROR') {
      const key = `${entry.service ?? '?'}: ${entry.error?.name ?? 'error'}`;
      loggedErrors.set(key, (loggedErrors.get(key) ?? 0) + 1);
    } else if (!entry?.level) process.stderr.write(`[engine] ${line}\n`);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the product engine exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve({ child, loggedErrors, ...JSON.parse(line) }));
  });
}

/** Keep-alive HTTP, one socket per client: the load generator should cost as little as the baseline's client. */
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

/** Closes the kept-alive sockets (a later call opens new ones), so a finished benchmark leaves nothing open. */
export function closeConnections(): void {
  agent.destroy();
}

export function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const target = new URL(url);
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

export async function graphql(engine: Engine, query: string, variables: Record<string, unknown>, authorization: string): Promise<any> {
  const { status, text } = await post(engine.url, JSON.stringify({ query, variables }), { authorization });
  const body = JSON.parse(text);
  if (status !== 200 || body.errors) throw new Error(`GraphQL answered ${status}: ${text.slice(0, 500)}`);
  return body.data;
}

/** Signs a user in through the local user pool's Cognito API, as a client does. */
export async function signIn(engine: Engine, username: string): Promise<{ idToken: string; accessToken: string; sub: string }> {
  const { idToken, accessToken } = await signInWithPassword(engine.userPool, username, passwordOf(username));
  return { idToken, accessToken, sub: JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url').toString('utf8')).sub };
}

/**
 * Holds every rule's deliveries (`/_local/deliveries`), so that a run measures the API alone: on AWS its consumers
 * run on their own capacity, here they would share the 2 cores and the one DynamoDB Local with it. The events are
 * accepted and logged as usual. Returns the release, which lets the held deliveries go and resolves once none waits
 * or is under way (or after `limitMs`), with how many there were, how long they took, and the messages then in the
 * engine's dead-letter queues (0 when nothing failed).
 */
export async function holdDeliveries(
  engine: Engine,
): Promise<(limitMs: number) => Promise<{ released: number; seconds: number; inFlight: number; deadLettered: number }>> {
  const deliveries = async (body?: unknown) => {
    const response = await fetch(engine.url.replace('/graphql', '/_local/deliveries'), {
      method: body ? 'POST' : 'GET',
      ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`/_local/deliveries answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as { released?: number; waiting: number; inFlight: number };
  };
  await deliveries({ hold: '' });
  return async (limitMs) => {
    const started = performance.now();
    const { released = 0 } = await deliveries({ release: '' });
    for (;;) {
      const { waiting, inFlight } = await deliveries();
      const seconds = (performance.now() - started) / 1000;
      if ((waiting === 0 && inFlight === 0) || seconds * 1000 > limitMs) {
        const dlq = await fetch(engine.url.replace('/graphql', '/_local/dlq'));
        const { queues } = (await dlq.json()) as { queues: Array<{ messages: unknown[] }> };
        const deadLettered = queues.reduce((sum, queue) => sum + queue.messages.length, 0);
        return { released, seconds, inFlight: waiting + inFlight, deadLettered };
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
}
