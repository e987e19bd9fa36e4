/**
 * `npm run bench`, gift-code redemption part (docs/gift-codes.md), on the product's own cloud assembly:
 *   (r0) engine alone: `redeemGiftCode` as in (r) below, every rule's deliveries held (the API alone, as on AWS,
 *       where the consumers have their own capacity), then released and followed until VALUE_APPLIED
 *   (r) engine: `redeemGiftCode` of distinct valid codes over HTTP, 50 concurrent clients, each a different
 *       signed-in customer with a fresh requestId per call (digest Lambda, consistent BatchGetItem,
 *       TransactWriteItems, PutEvents); errors must be 0. The events' consumers run in the same engine meanwhile,
 *       and are then followed for 5 s: how many of the run's redemptions reached VALUE_APPLIED, end to end
 *   (s) DynamoDB Local direct: the pipeline's commit alone, the same TransactWriteItems (code ACTIVE → REDEEMED on
 *       the same condition + the redemption put with its outbox) with the lean client the engine uses, at the same
 *       concurrency, on a table shaped like GiftCodes (same keys, GSI and stream), items seeded beforehand
 *   (t) delivery: from sending the mutation to the `onRedemptionUpdated` pushes, REDEEMED (the mutation's own
 *       publish) and VALUE_APPLIED (bus → ledger Lambda → bus → AppSync target → mutation → subscription), one
 *       real-time subscriber per customer, 10 redemptions in flight; with the p50 of each hop from the engine's
 *       event log
 * Issuing the codes and seeding the baseline are not timed. The engine runs in its own process (bench/servers.ts);
 * DynamoDB Local, the engine and this load generator share the machine's cores.
 *   (r~) held: the same path with redemptions arriving at a fixed rate (an open loop), BENCH_HELD_SHARE (0.8) of
 *       (r)'s median API rate for BENCH_HELD_SECONDS (60), followed the same way: does the asynchronous side keep
 *       up with a steady stream at that rate (the backlog's growth per second, least squares over the samples)?
 * Order: warm-up (both sides), (t), the engine goes idle, (s), (r0), then BENCH_E2E_RUNS (3) runs of (r), the engine
 * going idle before each: consumers still busy with one run would share the CPU with the next; then (r~). The
 * end-to-end ratio (redemptions with every side effect done per second / the API's accepted rate) is (r)'s median. Run alone: `node --import tsx bench/redemptions.ts`
 * (BENCH_REDEMPTIONS, BENCH_DELIVERY_SAMPLE, BENCH_DELIVERY_IN_FLIGHT change the sizes).
 */
import * as path from 'node:path';
import { DynamoDbClient } from '../local/dynamodb/client.js';
import { startDynamoDbLocal } from '../local/dynamodb/launcher.js';
import { startOutsideWorld } from '../local/dev/outside-world/server.js';
import { localStageContext } from '../local/dev/stage-context.js';
import { synthesize } from '../local/synth.js';
import { BENCH_CUSTOMERS } from './redemption-users.js';
import { percentile } from './percentile.js';
import { aTableShapedLike, engineSettles, heldAt } from './harness.js';
import {
  CLIENTS,
  closeConnections,
  graphql,
  holdDeliveries,
  signIn,
  startProductEngine,
  type Customer,
  type Sample,
} from './product-engine.js';
import { codeHashOf, commitAll, seedCodes, theGiftCodesTable } from './redemption-baseline.js';
import { DELIVERY_IN_FLIGHT, DELIVERY_SAMPLE, DELIVERY_TIMEOUT_MS, DELIVERY_WARM_UP, deliveryLatencies } from './redemption-delivery.js';
import { endToEnd, followUpLine, medianRun, redeemAll, untilApplied, type EndToEnd } from './redemption-runs.js';

const root = path.resolve(import.meta.dirname, '..');
/** distinct codes redeemed in each timed run; the baseline commits as many transactions */
const TIMED = Number(process.env.BENCH_REDEMPTIONS ?? 1500);
/** (r) runs, each followed through the consumers: the end-to-end ratio is their median */
const E2E_RUNS = Number(process.env.BENCH_E2E_RUNS ?? 3);
/** (r~) offers this share of the closed-loop runs' median API rate, for HELD_SECONDS */
const HELD_SHARE = Number(process.env.BENCH_HELD_SHARE ?? 0.8);
const HELD_SECONDS = Number(process.env.BENCH_HELD_SECONDS ?? 60);
/** redemptions before the timed runs, on both sides */
const WARM_UP = 100;
const BASELINE_WARM_UP = 400;
const ISSUE_BATCH_SIZE = 2000;
/** how long the consumers get to apply the warm-up redemptions' value (ledger → bus → AppSync target) before (t) */
const DRAIN_LIMIT_MS = 15_000;
/** how long the engine gets to go idle between (t) and the timed runs */
const SETTLE_LIMIT_MS = 30_000;
/** how long (r0)'s held deliveries get, once released, to be delivered and applied */
const RELEASE_LIMIT_MS = 60_000;
const ISSUE = 'mutation Issue($input: IssueGiftCodesInput!) { issueGiftCodes(input: $input) { id count codes { code } } }';

export async function benchRedemptions(): Promise<string[]> {
  const began = performance.now();
  const progress = (what: string) =>
    console.log(`[bench:redemptions] ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s ${what}`);
  console.log('');
  progress('synthesizing the product app; starting DynamoDB Local, the outside world and the engine');
  const outsideWorld = await startOutsideWorld({ port: 0 });
  const assemblyDir = await synthesize({
    outDir: path.join(root, 'test/.out/bench-redemptions.cdk.out'),
    context: localStageContext(outsideWorld.url),
  });
  const dynamoDb = await startDynamoDbLocal({ dataDir: null });
  const engine = await startProductEngine(assemblyDir, dynamoDb.endpoint);
  const client = new DynamoDbClient({ endpoint: dynamoDb.endpoint, region: 'us-east-1' });
  try {
    const admin = await signIn(engine, 'admin');
    const customers: Customer[] = [];
    for (let n = 0; n < BENCH_CUSTOMERS.length; n += 10) {
      const signedIn = await Promise.all(
        BENCH_CUSTOMERS.slice(n, n + 10).map(async (username) => ({ username, ...(await signIn(engine, username)) })),
      );
      customers.push(...signedIn.map(({ username, accessToken, sub }) => ({ username, authorization: accessToken, sub })));
    }

    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const issue = async (count: number) => {
      const issued: string[] = [];
      while (issued.length < count) {
        const input = {
          count: Math.min(ISSUE_BATCH_SIZE, count - issued.length),
          issuerId: 'platform',
          value: { kind: 'POINTS', amount: 100 },
          expiresAt,
        };
        const data = await graphql(engine, ISSUE, { input }, admin.idToken);
        issued.push(...data.issueGiftCodes.codes.map((code: { code: string }) => code.code));
      }
      return issued;
    };
    const needed = WARM_UP + DELIVERY_WARM_UP + DELIVERY_SAMPLE + TIMED * E2E_RUNS;
    progress(`issuing ${needed} codes (admin, ID token, batches of up to ${ISSUE_BATCH_SIZE})`);
    const codes = await issue(needed);
    const take = (count: number) => codes.splice(0, count);

    progress('seeding the baseline table');
    const giftCodesTable = await theGiftCodesTable(client);
    const { Item: template } = await client.call<{ Item?: Record<string, any> }>('GetItem', {
      TableName: giftCodesTable,
      Key: { pk: { S: `CODE#${codeHashOf(codes[0])}` }, sk: { S: 'CODE' } },
    });
    if (!template) throw new Error(`no code item for ${codes[0]} in ${giftCodesTable}`);
    const baselineTable = await aTableShapedLike(client, giftCodesTable, 'BenchRedemptionBaseline');
    const baselineKeys = await seedCodes(client, baselineTable, template, BASELINE_WARM_UP + TIMED);

    // warm-up: the JIT, the Lambda environments, DynamoDB Local's JVM, on both sides; then the consumers catch up
    progress(`warming up: ${WARM_UP} redemptions, ${BASELINE_WARM_UP} baseline transactions`);
    const warmSince = new Date().toISOString();
    const warmEngine = await redeemAll(engine, take(WARM_UP), customers, CLIENTS);
    if (warmEngine.errors) throw new Error(`${warmEngine.errors} redemptions failed during the warm-up, first: ${warmEngine.firstError}`);
    await commitAll(client, baselineTable, baselineKeys.splice(0, BASELINE_WARM_UP), template, customers);
    const warmApplied = await untilApplied(client, giftCodesTable, customers, warmSince, WARM_UP, DRAIN_LIMIT_MS);
    if (warmApplied < WARM_UP)
      progress(`(the consumers had applied ${warmApplied} of the ${WARM_UP} warm-up redemptions after ${DRAIN_LIMIT_MS / 1000} s)`);

    progress(
      `(t) delivery: ${DELIVERY_WARM_UP} + ${DELIVERY_SAMPLE} redemptions, ${DELIVERY_IN_FLIGHT} in flight, ${customers.length} subscribers`,
    );
    const delivery = await deliveryLatencies(engine, take(DELIVERY_WARM_UP + DELIVERY_SAMPLE), customers, redeemAll);
    // the outbox's second copies, the CRM queue, and the consumers' retries of duplicates
    progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);

    progress(`(s) baseline: ${TIMED} commit transactions`);
    const baseline = await commitAll(client, baselineTable, baselineKeys, template, customers);
    // (r0): the API alone, every rule's deliveries held (as on AWS, where the consumers have their own capacity),
    // then released and followed until every redemption is VALUE_APPLIED
    const aloneCodes = await issue(TIMED);
    progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
    progress(`(r0) engine alone: ${TIMED} redemptions, its deliveries held, then released and followed`);
    const aloneSince = new Date().toISOString();
    const release = await holdDeliveries(engine);
    const alone = await redeemAll(engine, aloneCodes, customers, CLIENTS);
    const released = await release(RELEASE_LIMIT_MS);
    const aloneApplied = await untilApplied(client, giftCodesTable, customers, aloneSince, TIMED, RELEASE_LIMIT_MS);
    const runs: EndToEnd[] = [];
    for (let run = 1; run <= E2E_RUNS; run++) {
      progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
      progress(`(r) engine, run ${run} of ${E2E_RUNS}: ${TIMED} redemptions, followed through the consumers`);
      runs.push(await endToEnd(engine, client, giftCodesTable, take(TIMED), customers));
    }
    const { redeemed, ratio } = medianRun(runs);
    // (r~): the same path held at a share of the API's own rate, as a steady stream of customers would load it
    const heldRate = HELD_SHARE * redeemed.rps;
    const heldCodes = await issue(Math.round(heldRate * HELD_SECONDS));
    progress(`the engine's consumers went idle ${(await engineSettles(engine, SETTLE_LIMIT_MS)).toFixed(0)} s later`);
    progress(`(r~) engine held at ${heldRate.toFixed(0)} redemptions/s for ${HELD_SECONDS} s, followed through the consumers`);
    const held = await endToEnd(engine, client, giftCodesTable, heldCodes, customers, heldAt(heldRate, CLIENTS));
    progress('done');

    const lines = [
      '',
      `gift-code redemption: ${TIMED} distinct valid codes per run, ${CLIENTS} concurrent clients (${customers.length} customers)`,
    ];
    lines.push('scenario'.padEnd(52) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(8));
    const row = (label: string, sample: Sample & { errors: number }) =>
      lines.push(
        label.padEnd(52) +
          sample.rps.toFixed(0).padStart(9) +
          sample.p50.toFixed(1).padStart(9) +
          sample.p99.toFixed(1).padStart(9) +
          String(sample.errors).padStart(8),
      );
    row('(r0) engine: redeemGiftCode over HTTP, deliveries held', alone);
    row('(r) engine: the same, its consumers running (median run)', redeemed);
    row('(s) DynamoDB Local direct: the commit transaction', baseline);
    lines.push(
      `r0/s: req/s ${(alone.rps / baseline.rps).toFixed(2)}, p50 ${(alone.p50 / baseline.p50).toFixed(2)}, p99 ${(alone.p99 / baseline.p99).toFixed(2)}   (goal: req/s >= 0.7)`,
      `  (r0) once released: ${released.released} deliveries in ${released.seconds.toFixed(0)} s, ${aloneApplied} of ${TIMED} VALUE_APPLIED; messages in the DLQs: ${released.deadLettered}`,
      `r/s, sharing the 2 cores and the store with its consumers: req/s ${(redeemed.rps / baseline.rps).toFixed(2)}`,
    );
    for (const [label, sample] of [
      ['(r0)', alone],
      ['(r)', redeemed],
    ] as const)
      if (sample.firstError) lines.push(`  first ${label} error: ${sample.firstError}`);
    lines.push(
      followUpLine('(r) through the consumers (median run)', medianRun(runs), TIMED),
      `end-to-end ratio (every side effect done / API accepted, median of ${runs.length}): ${ratio.toFixed(2)}` +
        `   (runs: ${runs.map((run) => run.ratio.toFixed(2)).join(', ')}; goal >= 0.8)`,
      followUpLine(`(r~) held at ${HELD_SHARE} × (r)'s API rate for ${HELD_SECONDS} s`, held, heldCodes.length),
      `held end-to-end ratio: ${held.ratio.toFixed(2)} (API answered ${held.redeemed.rps.toFixed(0)}/s of ${heldRate.toFixed(0)}/s offered, ` +
        `p50 ${held.redeemed.p50.toFixed(0)} ms, p99 ${held.redeemed.p99.toFixed(0)} ms, ${held.redeemed.errors} errors); backlog ` +
        `${held.growth <= 0.01 * heldRate ? 'flat' : 'GROWING'} (growth ${held.growth.toFixed(1)}/s; flat: at most 1 % of the offered rate)`,
    );
    if (held.redeemed.firstError) lines.push(`  first (r~) error: ${held.redeemed.firstError}`);

    lines.push(
      '',
      `(t) redeem → onRedemptionUpdated push: ${DELIVERY_SAMPLE} redemptions (after ${DELIVERY_WARM_UP} warm-up), ${DELIVERY_IN_FLIGHT} in flight, one subscriber per customer`,
    );
    lines.push('push'.padEnd(52) + 'count'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9));
    const pushRow = (label: string, values: number[]) => {
      const p99 = percentile(values, 0.99);
      lines.push(
        label.padEnd(52) +
          String(values.length).padStart(9) +
          percentile(values, 0.5).toFixed(1).padStart(9) +
          p99.toFixed(1).padStart(9) +
          `   p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'}`,
      );
    };
    lines.push(
      '(t0) the mutation’s HTTP answer, for comparison'.padEnd(52) +
        String(DELIVERY_SAMPLE).padStart(9) +
        delivery.answered.p50.toFixed(1).padStart(9) +
        delivery.answered.p99.toFixed(1).padStart(9),
    );
    pushRow('(t1) REDEEMED: the mutation’s own publish', delivery.redeemed);
    pushRow('(t2) VALUE_APPLIED: bus → ledger → bus → AppSync', delivery.applied);
    const hops = delivery.hops;
    if (hops) {
      lines.push(
        `  (t2) p50 by hop over the last ${hops.count} (event log): sent → gift_code_redeemed published ${hops.toPublish.toFixed(0)} ms, → ledger's ` +
          `redemption_value_applied published ${hops.toApplied.toFixed(0)} ms, → AppSync target done ${hops.toTarget.toFixed(0)} ms, → push received ${hops.toPush.toFixed(0)} ms`,
      );
    }
    if (delivery.missing || delivery.errors)
      lines.push(
        `  ${delivery.missing} VALUE_APPLIED pushes missing after ${DELIVERY_TIMEOUT_MS / 1000} s, ${delivery.errors} failed redemptions`,
      );
    const logged = [...engine.loggedErrors].map(([key, count]) => `${key} ×${count}`).join(', ');
    if (logged) lines.push(`  Lambda ERROR logs during the run (consumers retry): ${logged}`);
    return lines;
  } finally {
    client.close();
    closeConnections();
    engine.child.kill();
    await dynamoDb.stop();
    await outsideWorld.stop();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  for (const line of await benchRedemptions()) console.log(line);
  process.exit(0);
}
