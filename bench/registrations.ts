/**
 * `npm run bench`, product registration part (docs/product-registration.md), on the product's own cloud assembly:
 *   (g) engine: `registerProduct` of distinct serials over HTTP, 50 concurrent clients, each a different signed-in
 *       customer (ID token: it carries the address the discount code is emailed to), a fresh requestId per call;
 *       errors must be 0. Registrations alternate between a JSON and an XML manufacturer's product. Every rule's
 *       deliveries are held during the run (the API alone, as on AWS, where the consumers have their own capacity),
 *       then released, and every registration is followed until its choreography is done
 *   (h) DynamoDB Local direct: the pipeline's commit alone, the same TransactWriteItems (bench/registration-baseline.ts)
 *       at the same concurrency, on a table shaped like Registrations (keys, GSI, stream)
 *   (g') end to end: the same as (g) with the consumers running on the same 2 cores, followed through the
 *       choreography: a registration is done when its four steps are recorded (points, discount code, email,
 *       support) and its manufacturer's stand-in was called. The ratio is done per second (over the run and its
 *       follow-up) / (g')'s accepted rate, median of BENCH_REGISTRATION_E2E_RUNS (3), with the backlog (sent, not yet
 *       done) sampled every 5 s while sending. Each manufacturer's API destination is limited to 10 calls/s
 *       (infra/domains/product-registration.ts), as EventBridge would: that caps "done" at 20/s here, so the ratio
 *       with the four steps only is printed too
 *   (i) register → onDiscountIssued push (Promotions → bus → AppSync target → subscription), one real-time
 *       subscriber per customer, 10 registrations in flight
 *   (g'~) held: the same as (g'), the registrations arriving at a fixed rate (an open loop), BENCH_HELD_SHARE (0.8)
 *       of (g')'s median API rate for BENCH_HELD_SECONDS (60): does the choreography keep up with a steady stream?
 * Order: warm-up (both sides), (i), the engine goes idle, then the (g') runs, (g'~), then (h) and (g) interleaved
 * (BENCH_REGISTRATION_API_RUNS, 3; the median pair's ratio), each after the previous run's registrations are done
 * (or DRAIN_LIMIT_MS) and the engine is idle. Run alone: `node --import tsx bench/registrations.ts`
 * (BENCH_REGISTRATIONS, BENCH_REGISTRATION_E2E_RUNS, BENCH_REGISTRATION_DELIVERY_SAMPLE change the sizes).
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { DynamoDbClient } from '../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startOutsideWorld, type OutsideWorld } from '../local/dev/outside-world/server.js';
import { localStageContext } from '../local/dev/stage-context.js';
import { synthesize } from '../local/synth.js';
import { MANUFACTURER_CALLS_PER_SECOND as MANUFACTURER_CALLS_PER_DESTINATION } from '../infra/domains/product-registration.js';
import { aTableShapedLike, BACKLOG_EVERY_MS, closedLoop, engineSettles, heldAt, tableNamed, type LoadSample } from './harness.js';
import { percentile } from './percentile.js';
import { BENCH_CUSTOMERS } from './redemption-users.js';
import { CLIENTS, graphql, signIn, startProductEngine, type Engine } from './product-engine.js';
import { commitDirectly, type BenchProduct } from './registration-baseline.js';
import { registrationCompletion } from './registration-completion.js';
import { DRAIN_LIMIT_MS, endToEnd, heldRun, medianRun, type EndToEnd, type HeldRun, type RunParts } from './registration-runs.js';
import {
  aSerial,
  deliveryLatencies,
  DELIVERY_TIMEOUT_MS,
  register,
  yesterday,
  type Customer,
  type Delivery,
} from './registration-delivery.js';

const root = path.resolve(import.meta.dirname, '..');
const TIMED = Number(process.env.BENCH_REGISTRATIONS ?? 400);
const E2E_RUNS = Number(process.env.BENCH_REGISTRATION_E2E_RUNS ?? 3);
const API_RUNS = Number(process.env.BENCH_REGISTRATION_API_RUNS ?? 3);
const DELIVERY_SAMPLE = Number(process.env.BENCH_REGISTRATION_DELIVERY_SAMPLE ?? 200);
const DELIVERY_WARM_UP = 20;
const DELIVERY_IN_FLIGHT = 10;
const WARM_UP = 100;
const BASELINE_WARM_UP = 300;
const SETTLE_LIMIT_MS = 30_000;
/** (g'~) offers this share of the (g') runs' median API rate, for HELD_SECONDS */
const HELD_SHARE = Number(process.env.BENCH_HELD_SHARE ?? 0.8);
const HELD_SECONDS = Number(process.env.BENCH_HELD_SECONDS ?? 60);
/** One product per manufacturer (JSON and XML), with a serial pattern that takes a UUID's hex digits. */
const benchProducts = (): BenchProduct[] =>
  [
    ['northwind-appliances', 'NW'],
    ['contoso-tools', 'CT'],
  ].map(([manufacturerId, prefix]) => ({
    sku: `BENCH-${prefix}-${randomUUID().slice(0, 8)}`,
    name: `Bench product of ${manufacturerId}`,
    manufacturerId,
    registrationPoints: 10,
    discount: { percentOff: 10, validDays: 30 },
  }));
export async function benchRegistrations(): Promise<string[]> {
  const began = performance.now();
  const progress = (what: string) =>
    console.log(`[bench:registrations] ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s ${what}`);
  console.log('');
  progress('synthesizing the product app; starting DynamoDB Local, the outside world and the engine');
  const outsideWorld: OutsideWorld = await startOutsideWorld({ port: 0 });
  const assemblyDir = await synthesize({
    outDir: path.join(root, 'test/.out/bench-registrations.cdk.out'),
    context: localStageContext(outsideWorld.url),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engine = await startProductEngine(assemblyDir, dynamoDb.endpoint);
  const client = new DynamoDbClient({ endpoint: dynamoDb.endpoint, region: 'us-east-1' });
  try {
    const admin = await signIn(engine, 'admin');
    const customers: Customer[] = [];
    for (let n = 0; n < BENCH_CUSTOMERS.length; n += 10) {
      const batch = BENCH_CUSTOMERS.slice(n, n + 10);
      const signedIn = await Promise.all(batch.map((username) => signIn(engine, username)));
      customers.push(...signedIn.map(({ idToken, sub }, index) => ({ idToken, sub, email: `${batch[index]}@example.com` })));
    }
    const products = benchProducts();
    for (const { sku, name, manufacturerId, registrationPoints, discount } of products) {
      const input = {
        sku,
        name,
        manufacturerId,
        serialPattern: 'BENCH-[0-9a-f]{32}',
        registrationPoints,
        discount,
        registrationWindowDays: 365,
        active: true,
      };
      await graphql(engine, 'mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { sku } }', { input }, admin.idToken);
    }
    const registrationsTable = await tableNamed(client, 'Registrations');
    const baselineTable = await aTableShapedLike(client, registrationsTable, 'BenchRegistrationBaseline');
    const track = registrationCompletion(client, registrationsTable, outsideWorld.url, customers);
    const engineFailures = { first: null as string | null };
    const baselineFailures = { first: null as string | null };
    const direct = (index: number) =>
      commitDirectly(
        client,
        baselineTable,
        {
          product: products[index % products.length],
          serialNumber: aSerial(),
          purchaseDate: yesterday(),
          customer: customers[index % customers.length],
        },
        baselineFailures,
      );

    progress(`warming up: ${WARM_UP} registrations, ${BASELINE_WARM_UP} baseline transactions`);
    const warmSince = new Date().toISOString();
    const warmIds = new Set<string>();
    await closedLoop(WARM_UP, CLIENTS, (index) =>
      register(engine, products[index % products.length], customers[index % customers.length], engineFailures, (id) => warmIds.add(id)),
    );
    await closedLoop(BASELINE_WARM_UP, CLIENTS, direct);
    const warmed = await track.until(warmIds, warmSince, DRAIN_LIMIT_MS);
    if (warmed.done < warmIds.size)
      progress(`(${warmed.done} of the ${warmIds.size} warm-up registrations were done after ${DRAIN_LIMIT_MS / 1000} s)`);

    progress(
      `(i) delivery: ${DELIVERY_WARM_UP} + ${DELIVERY_SAMPLE} registrations, ${DELIVERY_IN_FLIGHT} in flight, ${customers.length} subscribers`,
    );
    const deliveryIds = new Set<string>();
    const delivery = await deliveryLatencies(engine, products, customers, engineFailures, deliveryIds, {
      warmUp: DELIVERY_WARM_UP,
      sample: DELIVERY_SAMPLE,
      inFlight: DELIVERY_IN_FLIGHT,
    });
    // the manufacturers' rate limit leaves calls queued after the pushes: they must not run into (g) and (g')
    await track.until(deliveryIds, warmSince, DRAIN_LIMIT_MS);
    progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);

    const parts: RunParts = { engine, track, products, customers, failures: engineFailures, timed: TIMED };
    const runs: EndToEnd[] = [];
    for (let run = 1; run <= E2E_RUNS; run++) {
      progress(`(g') engine, run ${run} of ${E2E_RUNS}: ${TIMED} registrations, followed through the choreography`);
      await track.forgetManufacturerCalls();
      runs.push(await endToEnd(parts));
      const { done, steps, manufacturers, byStep } = runs[runs.length - 1].completion;
      progress(`  ${done} done (${steps} with their four steps, ${manufacturers} manufacturers called; ${JSON.stringify(byStep)})`);
      const { ids, since } = runs[runs.length - 1];
      await track.until(ids, since, DRAIN_LIMIT_MS);
      progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
    }
    // (g'~): the same choreography with registrations arriving at a fixed share of (g')'s API rate
    const heldRate = HELD_SHARE * medianRun(runs).registered.rps;
    progress(`(g'~) engine held at ${heldRate.toFixed(1)} registrations/s for ${HELD_SECONDS} s, followed through the choreography`);
    await track.forgetManufacturerCalls();
    const steady = await endToEnd({ ...parts, timed: Math.round(heldRate * HELD_SECONDS) }, heldAt(heldRate, CLIENTS));
    progress(`  ${steady.completion.done} of ${steady.ids.size} done`);
    await track.until(steady.ids, steady.since, DRAIN_LIMIT_MS);
    progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
    // then (h) and (g) interleaved, each starting with the engine idle: neither shares the machine with consumers.
    // After the (g') runs, as before (g) existed: the more warmed up the API, the faster it is in (g'), and the done
    // rate (about 19/s on 2 cores) does not follow it, so the (g') ratio depends on what ran before
    const baselines: LoadSample[] = [];
    const heldRuns: HeldRun[] = [];
    for (let run = 1; run <= API_RUNS; run++) {
      progress(`(h) baseline, run ${run} of ${API_RUNS}: ${TIMED} commit transactions`);
      baselines.push(await closedLoop(TIMED, CLIENTS, direct));
      await engineSettles(engine, SETTLE_LIMIT_MS);
      progress(`(g) engine, run ${run} of ${API_RUNS}: ${TIMED} registrations, its deliveries held, then released and followed`);
      const held = await heldRun(parts);
      heldRuns.push(held);
      progress(
        `  ${held.completion.done} of ${TIMED} done ${held.followedFor.toFixed(0)} s after the release of ${held.released} deliveries; ${held.deadLettered} messages in the DLQs`,
      );
      progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
    }
    progress('done');
    return report({
      heldRuns,
      baselines,
      runs,
      steady,
      heldRate,
      delivery,
      engineFailures,
      baselineFailures,
      engine,
      customers: customers.length,
    });
  } finally {
    client.close();
    engine.child.kill();
    await dynamoDb.stop();
    await outsideWorld.stop();
  }
}

/** the bench products' two manufacturers together */
const MANUFACTURER_CALLS_PER_SECOND = 2 * MANUFACTURER_CALLS_PER_DESTINATION;

/** Flat: growing by at most 1 % of the offered rate per second. */
const flatOrGrowing = (growth: number, offered: number) =>
  `${growth <= 0.01 * offered ? 'flat' : 'GROWING'} (growth ${growth.toFixed(2)}/s; flat: at most 1 % of the offered rate)`;

function report(measured: {
  heldRuns: HeldRun[];
  baselines: LoadSample[];
  runs: EndToEnd[];
  steady: EndToEnd;
  heldRate: number;
  delivery: Delivery;
  engineFailures: { first: string | null };
  baselineFailures: { first: string | null };
  engine: Engine;
  customers: number;
}): string[] {
  const { heldRuns, baselines, runs, steady, heldRate, delivery, engine } = measured;
  const median = medianRun(runs);
  // the API's ratio: the run pair (h, g) with the median ratio, whole
  const apiRatios = heldRuns.map((held, index) => held.registered.rps / baselines[index].rps);
  const apiMedian = apiRatios.indexOf([...apiRatios].sort((x, y) => x - y)[Math.floor(apiRatios.length / 2)]);
  const [held, baseline] = [heldRuns[apiMedian], baselines[apiMedian]];
  const { registered, completion, followedFor, rate, backlog } = median;
  const row = (label: string, sample: { rps: number; p50: number; p99: number; errors: number }) =>
    label.padEnd(52) +
    sample.rps.toFixed(0).padStart(9) +
    sample.p50.toFixed(1).padStart(9) +
    sample.p99.toFixed(1).padStart(9) +
    String(sample.errors).padStart(8);
  const lines = [
    '',
    `product registration: ${TIMED} distinct serials per run, ${CLIENTS} concurrent clients (${measured.customers} customers, 2 products)`,
    'scenario'.padEnd(52) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(8),
    row('(g) engine: registerProduct over HTTP, deliveries held', held.registered),
    row("(g') engine: the same, its consumers running (median run)", registered),
    row('(h) DynamoDB Local direct: the commit transaction', baseline),
    `g/h: req/s ${(held.registered.rps / baseline.rps).toFixed(2)}, p50 ${(held.registered.p50 / baseline.p50).toFixed(2)}, p99 ${(held.registered.p99 / baseline.p99).toFixed(2)}   (median of ${heldRuns.length} run pairs; each pair's req/s ratio: ${apiRatios.map((ratio) => ratio.toFixed(2)).join(', ')}; goal: req/s >= 0.7)`,
    `  (g) once released: ${heldRuns.map((run) => `${run.completion.done} of ${TIMED} done ${run.followedFor.toFixed(0)} s later`).join(', ')}; messages in the DLQs after the last: ${heldRuns[heldRuns.length - 1].deadLettered}`,
    `g'/h, sharing the 2 cores and the store with its consumers: req/s ${(registered.rps / baseline.rps).toFixed(2)}`,
  ];
  if (measured.engineFailures.first) lines.push(`  first engine error: ${measured.engineFailures.first}`);
  if (measured.baselineFailures.first) lines.push(`  first direct error: ${measured.baselineFailures.first}`);
  lines.push(
    `  (g') through the choreography (median run): ${completion.done} of ${TIMED} done ${followedFor.toFixed(1)} s after the last answer ` +
      `(${completion.steps} with their four steps, ${completion.manufacturers} manufacturers called; by step: ` +
      `${Object.entries(completion.byStep)
        .map(([step, count]) => `${step} ${count}`)
        .join(', ')}), ${rate.toFixed(0)} registrations/s end to end; ` +
      `sent but not yet done every ${BACKLOG_EVERY_MS / 1000} s: ${backlog.join(', ') || '-'}`,
    `registration end-to-end ratio (every side effect done / API accepted, median of ${runs.length}): ${median.ratio.toFixed(2)}` +
      `   (runs: ${runs.map((run) => run.ratio.toFixed(2)).join(', ')}; goal >= 0.8; manufacturer calls are capped at 10/s each)`,
    `  the four steps only (no manufacturer call): ${runs.map((run) => run.stepsRatio.toFixed(2)).join(', ')}`,
    `  (g'~) held at ${HELD_SHARE} × (g')'s API rate for ${HELD_SECONDS} s: ${steady.completion.done} of ${steady.ids.size} done ` +
      `${steady.followedFor.toFixed(1)} s after the last answer, ${steady.rate.toFixed(1)} registrations/s end to end; sent but not yet done ` +
      `every ${BACKLOG_EVERY_MS / 1000} s: ${steady.backlog.join(', ') || '-'}`,
    `held registration end-to-end ratio: ${steady.ratio.toFixed(2)} (API answered ${steady.registered.rps.toFixed(1)}/s of ` +
      `${heldRate.toFixed(1)}/s offered, p99 ${steady.registered.p99.toFixed(0)} ms); backlog ${flatOrGrowing(steady.growth, heldRate)}; ` +
      `the four steps' backlog (${steady.stepsBacklog.join(', ') || '-'}) ${flatOrGrowing(steady.stepsGrowth, heldRate)}` +
      (heldRate > MANUFACTURER_CALLS_PER_SECOND ? ` (offered above the manufacturers' ${MANUFACTURER_CALLS_PER_SECOND} calls/s)` : ''),
    '',
    `(i) register → onDiscountIssued push: ${DELIVERY_SAMPLE} registrations (after ${DELIVERY_WARM_UP} warm-up), ${DELIVERY_IN_FLIGHT} in flight, one subscriber per customer`,
    'latency'.padEnd(52) + 'count'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9),
  );
  for (const [label, values] of [
    ['(i0) the mutation’s HTTP answer, for comparison', delivery.answered],
    ['(i1) onDiscountIssued: Promotions → bus → AppSync', delivery.pushed],
  ] as const) {
    lines.push(
      label.padEnd(52) +
        String(values.length).padStart(9) +
        (values.length ? percentile(values, 0.5).toFixed(1) : '-').padStart(9) +
        (values.length ? percentile(values, 0.99).toFixed(1) : '-').padStart(9),
    );
  }
  if (delivery.missing) lines.push(`  ${delivery.missing} onDiscountIssued pushes missing after ${DELIVERY_TIMEOUT_MS / 1000} s`);
  const logged = [...engine.loggedErrors].map(([key, count]) => `${key} ×${count}`).join(', ');
  if (logged) lines.push(`  Lambda ERROR logs during the run (consumers retry): ${logged}`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  for (const line of await benchRegistrations()) console.log(line);
  process.exit(0);
}
