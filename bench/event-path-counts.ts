/**
 * What one gift-code redemption costs the event path, in counts that do not depend on the machine's load (other
 * jobs sharing the cores change rates, not these): `node --import tsx bench/event-path-counts.ts`
 * (BENCH_COUNT_REDEMPTIONS, default 100). The product's own cloud assembly runs in this process, so that every
 * Lambda invocation can be counted at the engine's runner; DynamoDB Local sits behind a counting proxy that every
 * caller (resolvers, Lambda functions, the engine's stream readers) goes through; the bus's accepted entries and
 * each rule target's attempts come from the engine's event log. Redemptions are sent by 5 clients, followed until
 * every one is VALUE_APPLIED and nothing has moved for 3 s, then each count is divided by the number redeemed.
 * Stream reads are listed apart: they poll on a timer, so they grow with time, not with redemptions.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import * as path from 'node:path';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startOutsideWorld } from '../local/dev/outside-world/server.js';
import { LOCAL_MANUFACTURER_SECRETS } from '../local/dev/products.js';
import { localStageContext } from '../local/dev/stage-context.js';
import { startEngine } from '../local/engine.js';
import type { LoggedEvent } from '../local/events/event-log.js';
import { LambdaRunner } from '../local/lambda/runner.js';
import { synthesize } from '../local/synth.js';
import { graphql, signIn, type Engine } from './product-engine.js';
import { BENCH_CUSTOMERS, BENCH_USERS } from './redemption-users.js';

const root = path.resolve(import.meta.dirname, '..');
const REDEMPTIONS = Number(process.env.BENCH_COUNT_REDEMPTIONS ?? 100);
const WARM_UP = 10;
const CLIENTS = 5;
const QUIET_MS = 3000;
const FOLLOW_LIMIT_MS = 120_000;
const ISSUE = 'mutation Issue($input: IssueGiftCodesInput!) { issueGiftCodes(input: $input) { codes { code } } }';
const REDEEM = 'mutation Redeem($input: RedeemGiftCodeInput!) { redeemGiftCode(input: $input) { id status } }';
const MY_REDEMPTIONS = 'query Mine($limit: Int) { myRedemptions(limit: $limit) { items { id status } } }';

/** Counts by name, reset between the warm-up and the measured run. */
class Tally {
  private counts = new Map<string, number>();
  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }
  total(filter: (name: string) => boolean = () => true): number {
    return [...this.counts].filter(([name]) => filter(name)).reduce((sum, [, count]) => sum + count, 0);
  }
  entries(): Array<[string, number]> {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b));
  }
  reset(): void {
    this.counts = new Map();
  }
}

const lambdaInvocations = new Tally();
const dynamoDbRequests = new Tally();
const putEventsEntries = new Tally();
const isStreamRead = (operation: string) => operation.startsWith('DynamoDBStreams');

// every invocation, whoever asks: AppSync data sources, rule targets, queues, stream mappings, pipes
const { invoke } = LambdaRunner.prototype as { invoke: (this: LambdaRunner, event: unknown) => ReturnType<LambdaRunner['invoke']> };
LambdaRunner.prototype.invoke = function (this: LambdaRunner, event: unknown) {
  lambdaInvocations.add(this.fn.name.replace(/^[^-]+-/, '').replace(/[0-9A-F]{8}$/, ''));
  return invoke.call(this, event);
};

/** DynamoDB Local behind a proxy that counts each request by its X-Amz-Target operation. */
function countingProxy(upstream: string): Promise<{ endpoint: string; close(): void }> {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    dynamoDbRequests.add(String(req.headers['x-amz-target'] ?? 'unknown').replace('DynamoDB_20120810.', ''));
    const forwarded = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', (error) => res.writeHead(502).end(String(error)));
    req.pipe(forwarded);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() }),
    ),
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const outsideWorld = await startOutsideWorld({ port: 0 });
  const assemblyDir = await synthesize({
    outDir: path.join(root, 'test/.out/bench-counts.cdk.out'),
    context: localStageContext(outsideWorld.url),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const proxy = await countingProxy(dynamoDb.endpoint);
  const running = await startEngine({
    assemblyDir,
    dataDir: null,
    port: 0,
    dynamoDbEndpoint: proxy.endpoint,
    users: BENCH_USERS,
    secrets: LOCAL_MANUFACTURER_SECRETS,
  });
  running.events.onEvent(({ event }) => putEventsEntries.add(event['detail-type']));
  const pool = running.stack.userPools[0];
  const engine = {
    url: running.url,
    userPool: { endpoint: running.url.replace('/graphql', `/local-cognito/${pool.id}`), clientId: pool.clientIds[0] },
  } as Engine;
  try {
    const admin = await signIn(engine, 'admin');
    const customers = await Promise.all(BENCH_CUSTOMERS.slice(0, CLIENTS).map((username) => signIn(engine, username)));
    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const issued = await graphql(
      engine,
      ISSUE,
      { input: { count: WARM_UP + REDEMPTIONS, issuerId: 'platform', value: { kind: 'POINTS', amount: 100 }, expiresAt } },
      admin.idToken,
    );
    const codes: string[] = issued.issueGiftCodes.codes.map(({ code }: { code: string }) => code);

    const redeem = async (batch: string[]) => {
      let next = 0;
      await Promise.all(
        customers.map(async (customer) => {
          while (next < batch.length) {
            const input = { code: batch[next++], requestId: randomUUID() };
            const data = await graphql(engine, REDEEM, { input }, customer.accessToken);
            if (data.redeemGiftCode.status !== 'REDEEMED') throw new Error(`not redeemed: ${JSON.stringify(data)}`);
          }
        }),
      );
    };
    /** every redemption VALUE_APPLIED, then no Lambda invocation and no table request for QUIET_MS */
    const followed = async (expected: number) => {
      const started = performance.now();
      const applied = async () => {
        const pages = await Promise.all(
          customers.map((customer) => graphql(engine, MY_REDEMPTIONS, { limit: 1000 }, customer.accessToken)),
        );
        return pages.flatMap((page) => page.myRedemptions.items).filter((item: { status: string }) => item.status === 'VALUE_APPLIED')
          .length;
      };
      while ((await applied()) < expected) {
        if (performance.now() - started > FOLLOW_LIMIT_MS) throw new Error(`not every redemption was applied in ${FOLLOW_LIMIT_MS} ms`);
        await pause(500);
      }
      const moved = () => lambdaInvocations.total() + dynamoDbRequests.total((operation) => !isStreamRead(operation));
      for (let before = -1; before !== moved() && performance.now() - started < FOLLOW_LIMIT_MS;) {
        before = moved();
        await pause(QUIET_MS);
      }
    };

    await redeem(codes.slice(0, WARM_UP));
    await followed(WARM_UP);
    const since = new Date().toISOString();
    for (const tally of [lambdaInvocations, dynamoDbRequests, putEventsEntries]) tally.reset();
    const started = performance.now();
    await redeem(codes.slice(WARM_UP));
    // myRedemptions goes through the table too: count what following costs, to take it out again
    const before = dynamoDbRequests.total((operation) => operation === 'Query');
    await followed(WARM_UP + REDEMPTIONS);
    const seconds = (performance.now() - started) / 1000;
    const events = (
      (await (await fetch(running.url.replace('/graphql', '/_local/events'))).json()) as { events: LoggedEvent[] }
    ).events.filter((event) => event.receivedAt >= since);
    report(events, seconds, dynamoDbRequests.total((operation) => operation === 'Query') - before);
  } finally {
    await running.stop();
    proxy.close();
    await dynamoDb.stop();
    await outsideWorld.stop();
  }
}

function report(events: LoggedEvent[], seconds: number, followingQueries: number): void {
  const per = (count: number) => (count / REDEMPTIONS).toFixed(2);
  const rows: string[] = ['| what | per redemption |', '|---|---|'];
  for (const [name, count] of lambdaInvocations.entries()) rows.push(`| Lambda \`${name}\` | ${per(count)} |`);
  rows.push(`| **Lambda invocations** | **${per(lambdaInvocations.total())}** |`);
  dynamoDbRequests.add('Query', -followingQueries);
  for (const [name, count] of dynamoDbRequests.entries()) if (!isStreamRead(name)) rows.push(`| DynamoDB \`${name}\` | ${per(count)} |`);
  rows.push(`| **DynamoDB requests** (stream reads apart) | **${per(dynamoDbRequests.total((name) => !isStreamRead(name)))}** |`);
  for (const [name, count] of putEventsEntries.entries()) rows.push(`| PutEvents entry \`${name}\` | ${per(count)} |`);
  rows.push(`| **PutEvents entries accepted** | **${per(putEventsEntries.total())}** |`);
  const deliveries = events.flatMap((event) => event.deliveries);
  rows.push(`| **rule target deliveries** (matched targets) | **${per(deliveries.length)}** |`);
  rows.push(`| rule target attempts (retries included) | ${per(deliveries.reduce((sum, delivery) => sum + delivery.attempts, 0))} |`);
  const streamReads = dynamoDbRequests.total(isStreamRead);
  rows.push(`| DynamoDB stream reads (a timer's, not per redemption) | ${streamReads} in ${seconds.toFixed(0)} s |`);
  console.log(`\n${REDEMPTIONS} redemptions, followed until applied and quiet (following's own queries taken out)\n`);
  console.log(rows.join('\n'));
}

await main();
