/**
 * `node --import tsx bench/query-layers.ts`: where the engine's time per query goes, measured rather than read off a
 * profile. Under load on a small machine the response's socket write costs more the slower the server is (it wakes
 * a load generator that was waiting), so a CPU profile blames `writev` for time the code above it causes. Here the
 * query path is taken apart (`engine-layers` in bench/servers.ts) and each layer loaded like `npm run bench` loads
 * the engine: `{ ping }`, 50 connections, layers interleaved run by run, medians of BENCH_LAYER_RUNS (3).
 */
import * as path from 'node:path';
import autocannon from 'autocannon';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { synthesize } from '../local/synth.js';
import { startServer } from './server-process.js';

const root = path.resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_LAYER_RUNS ?? 3);

const LAYERS = {
  bare: 'bare graphql-js, validated document cached (d2)',
  http: "the engine's HTTP server, a fixed answer",
  route: '+ the GraphQL route: body, API key, headers',
  schema: "+ execute on the API's schema, no resolver bound",
  engine: '+ the APPSYNC_JS resolver on NONE: the engine (a)',
} as const;
type Layer = keyof typeof LAYERS;

const assemblyDir = await synthesize({
  app: 'node --import tsx test/fixtures/engine-stack/app.ts',
  outDir: path.join(root, 'test/.out/bench.cdk.out'),
});
const dynamoDb = await startDynamoDbLocal({ dataDir: null });
const layered = await startServer<{ urls: Record<Exclude<Layer, 'bare'>, string>; apiKey: string }>([
  'engine-layers',
  assemblyDir,
  dynamoDb.endpoint,
]);
const bare = await startServer(['bare-graphql-cached']);
const urls: Record<Layer, string> = { ...layered.info.urls, bare: bare.info.url };

async function load(layer: Layer, seconds: number): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({
    url: urls[layer],
    connections: 50,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': layered.info.apiKey },
    body: JSON.stringify({ query: layer === 'bare' ? '{ health }' : '{ ping }' }),
  });
  if (result.non2xx || result.errors) throw new Error(`${layer}: ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const layers = Object.keys(LAYERS) as Layer[];
for (const layer of layers) await load(layer, 2);
const samples = new Map<Layer, Array<{ rps: number; p99: number }>>(layers.map((layer) => [layer, []]));
for (let run = 0; run < RUNS; run++) for (const layer of layers) samples.get(layer)!.push(await load(layer, SECONDS));
layered.child.kill();
bare.child.kill();
await dynamoDb.stop();

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
console.log(`\nthe engine's query path by layer: { ping }, 50 connections, ${SECONDS} s per run, median of ${RUNS}`);
console.log('layer'.padEnd(52), 'req/s'.padStart(8), 'µs/req'.padStart(8), 'adds µs'.padStart(8), 'p99 ms'.padStart(7), '  runs');
let previous: number | null = null;
for (const layer of layers) {
  const runs = samples.get(layer)!;
  const rps = median(runs.map((sample) => sample.rps));
  const perRequest = 1e6 / rps;
  const adds = layer === 'bare' || previous === null ? '' : (perRequest - previous).toFixed(1);
  console.log(
    LAYERS[layer].padEnd(52),
    rps.toFixed(0).padStart(8),
    perRequest.toFixed(1).padStart(8),
    adds.padStart(8),
    median(runs.map((sample) => sample.p99))
      .toFixed(1)
      .padStart(7),
    ' ',
    runs.map((sample) => sample.rps.toFixed(0)).join(', '),
  );
  if (layer !== 'bare') previous = perRequest;
}
process.exit(0);
