/**
 * `npm run bench`: the engine's throughput and latency against baselines measured in the same run, on loopback,
 * 50 concurrent clients, servers in their own processes, medians of 3 runs.
 *   (a) a query resolved on a NONE data source        vs (d) a bare graphql-js server answering a trivial query
 *                                                         (parse + validate per request, as plain graphql-js
 *                                                         servers do; d2: with the validated document cached)
 *   (b) a mutation doing one conditional PutItem       vs (c) the same PutItem sent straight to DynamoDB Local
 *       through the engine                                    with the client settings the engine uses
 * then the event fabric (bench/event-fabric.ts), gift-code redemption (bench/redemptions.ts), reward redemption
 * (bench/reward-redemptions.ts) and product registration (bench/registrations.ts) on the product's assembly, and
 * DynamoDB Local's options for the persisted store (bench/store-options.ts).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { DynamoDbClient } from '../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { synthesize } from '../local/synth.js';
import { benchEventFabric } from './event-fabric.js';
import { benchRedemptions } from './redemptions.js';
import { benchRegistrations } from './registrations.js';
import { benchRewardRedemptions } from './reward-redemptions.js';
import { benchStoreOptions } from './store-options.js';
import { startServer } from './server-process.js';

const root = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = 3;

interface Sample {
  rps: number;
  p50: number;
  p99: number;
}

async function loadTest(options: autocannon.Options): Promise<Sample> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, method: 'POST', ...options });
  if (result.non2xx || result.errors) throw new Error(`${result.non2xx} non-2xx responses and ${result.errors} errors during the run`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** (c): the lean client at the same concurrency, measured per call. */
async function directPutItems(client: DynamoDbClient, tableName: string): Promise<Sample> {
  const latencies: number[] = [];
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await client.call('PutItem', {
          TableName: tableName,
          Item: { pk: { S: `direct-${randomUUID()}` }, sk: { S: 'b' }, version: { N: '1' }, nonce: { S: randomUUID() } },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        });
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / SECONDS, p50: at(0.5), p99: at(0.99) };
}

function median(samples: Sample[]): Sample {
  const pick = (key: keyof Sample) => [...samples.map((s) => s[key])].sort((x, y) => x - y)[Math.floor(samples.length / 2)];
  return { rps: pick('rps'), p50: pick('p50'), p99: pick('p99') };
}

async function main(): Promise<void> {
  console.log('[bench] synthesizing the fixture stack and starting DynamoDB Local...');
  const assemblyDir = await synthesize({
    app: 'node --import tsx test/fixtures/engine-stack/app.ts',
    outDir: path.join(root, 'test/.out/bench.cdk.out'),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engine = await startServer(['engine', assemblyDir, dynamoDb.endpoint]);
  const bare = await startServer(['bare-graphql']);
  const bareCached = await startServer(['bare-graphql-cached']);
  const client = new DynamoDbClient({ endpoint: dynamoDb.endpoint, region: 'us-east-1' });
  const tableName = (await client.call<{ TableNames: string[] }>('ListTables', {})).TableNames.find((name) =>
    name.startsWith('EngineFixture-Items'),
  )!;
  const headers = { 'content-type': 'application/json', 'x-api-key': engine.info.apiKey! };
  const noneQuery = JSON.stringify({ query: '{ ping }' });
  const putMutation = 'mutation($i: ItemInput!) { createItem(input: $i) { pk version } }';

  const scenarios: Record<'a' | 'b' | 'c' | 'd' | 'd2', () => Promise<Sample>> = {
    a: () => loadTest({ url: engine.info.url, headers, body: noneQuery }),
    b: () =>
      loadTest({
        url: engine.info.url,
        headers,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ query: putMutation, variables: { i: { pk: `bench-${randomUUID()}`, sk: 'b' } } }),
            }),
          },
        ],
      }),
    c: () => directPutItems(client, tableName),
    d: () =>
      loadTest({ url: bare.info.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health }' }) }),
    d2: () =>
      loadTest({
        url: bareCached.info.url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ health }' }),
      }),
  };
  // Warm up the JIT and DynamoDB Local's JVM (its PutItem rate keeps climbing for ~15 s), then interleave the
  // scenarios run by run, so no scenario is measured on a colder or warmer JVM than another.
  for (let round = 0; round < 2; round++) for (const scenario of Object.values(scenarios)) await scenario();
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(scenarios).map((name) => [name, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [name, scenario] of Object.entries(scenarios)) samples[name].push(await scenario());
  }
  const results: Record<string, Sample> = Object.fromEntries(Object.entries(samples).map(([name, runs]) => [name, median(runs)]));
  engine.child.kill();
  bare.child.kill();
  bareCached.child.kill();
  const eventFabric = await benchEventFabric(dynamoDb.endpoint);
  await dynamoDb.stop();

  const labels: Record<string, string> = {
    a: '(a) engine: query on a NONE data source',
    b: '(b) engine: mutation, one conditional PutItem',
    c: '(c) DynamoDB Local direct: same PutItem',
    d: '(d) bare graphql-js: trivial query',
    d2: '(d2) bare graphql-js, validated document cached',
  };
  console.log(`\n${CONNECTIONS} concurrent clients, ${SECONDS} s per run, median of ${RUNS} runs`);
  console.log('scenario'.padEnd(50), 'req/s'.padStart(9), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8));
  for (const [name, sample] of Object.entries(results)) {
    console.log(
      labels[name].padEnd(50),
      sample.rps.toFixed(0).padStart(9),
      sample.p50.toFixed(1).padStart(8),
      sample.p99.toFixed(1).padStart(8),
    );
  }
  const ratio = (x: Sample, y: Sample) =>
    `req/s ${(x.rps / y.rps).toFixed(2)}, p50 ${(x.p50 / y.p50).toFixed(2)}, p99 ${(x.p99 / y.p99).toFixed(2)}`;
  console.log(`\na/d: ${ratio(results.a, results.d)}   (against a bare server that parses and validates every request)`);
  console.log(`query ratio a/d2: ${ratio(results.a, results.d2)}   (goal: req/s >= 0.5, p99 <= 3)`);
  console.log(`write ratio b/c: ${ratio(results.b, results.c)}   (goal: req/s >= 0.9)`);
  for (const line of eventFabric) console.log(line);
  for (const line of await benchRedemptions()) console.log(line);
  for (const line of await benchRewardRedemptions()) console.log(line);
  for (const line of await benchRegistrations()) console.log(line);
  for (const line of await benchStoreOptions()) console.log(line);
}

await main();
process.exit(0);
