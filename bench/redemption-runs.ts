/**
 * The gift-code benchmark's engine runs (bench/redemptions.ts): the redeeming clients, and a run followed through
 * the consumers until VALUE_APPLIED, either closed-loop (`(r)`: 50 clients, each sending its next redemption when
 * answered, the API at its own pace) or held at a fixed rate (`(r~)`: an open loop, as independent customers
 * arrive), with the backlog sampled while sending.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDbClient } from '../local/dynamodb/client.js';
import { BACKLOG_EVERY_MS, growthPerSecond, sampleBacklog, type Load, type LoadSample } from './harness.js';
import { percentile } from './percentile.js';
import { CLIENTS, post, type Customer, type Engine } from './product-engine.js';
import { REDEMPTION_FIELDS, type RedeemAll } from './redemption-delivery.js';

const REDEEM = `mutation Redeem($input: RedeemGiftCodeInput!) { redeemGiftCode(input: $input) { ${REDEMPTION_FIELDS} } }`;
/** how long a run's redemptions are followed through the consumers after its last answer */
const AFTER_RUN_MS = 5000;

/**
 * One redemption of `code` by `customer`, a fresh requestId: the failure (null when REDEEMED) and how long the answer
 * took, ms; then waits for what `perRequest` returned.
 */
async function redeemOne(engine: Engine, code: string, customer: Customer, perRequest?: Parameters<RedeemAll>[4]) {
  const requestId = randomUUID();
  const body = JSON.stringify({ query: REDEEM, variables: { input: { code, requestId } } });
  const sentAt = performance.now();
  const delivered = perRequest?.(requestId, sentAt);
  let failure: string | null = null;
  let latency = 0;
  try {
    const { status, text } = await post(engine.url, body, { authorization: customer.authorization });
    latency = performance.now() - sentAt;
    const answer = status === 200 ? JSON.parse(text) : null;
    if (answer?.data?.redeemGiftCode?.status !== 'REDEEMED') failure = `HTTP ${status}: ${text.slice(0, 300)}`;
  } catch (error) {
    failure = String(error);
  }
  await delivered;
  return { failure, latency };
}

/**
 * Redeems `codes` (each once, a fresh requestId each) with `concurrency` clients; client n's k-th redemption is
 * customers[(n + k * concurrency) % customers.length]'s (at 50 clients and 50 customers: one customer per client).
 * `perRequest` hears of each requestId as its mutation leaves; the client waits for what it returns before its next.
 */
export const redeemAll: RedeemAll = async (engine, codes, customers, concurrency, perRequest) => {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let round = 0; next < codes.length; round++) {
        const customer = customers[(client + round * concurrency) % customers.length];
        const { failure, latency } = await redeemOne(engine, codes[next++], customer, perRequest);
        if (latency) latencies.push(latency);
        if (failure) {
          errors++;
          firstError ??= failure;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: codes.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors, firstError };
};

/** How many of the customers' redemptions since `sinceIso` are VALUE_APPLIED (the byCustomer index, by redeemedAt). */
async function appliedSince(client: DynamoDbClient, giftCodesTable: string, customers: Customer[], sinceIso: string): Promise<number> {
  const counts = await Promise.all(
    customers.map(async (customer) => {
      let total = 0;
      let startKey: unknown;
      do {
        const page = await client.call<{ Count: number; LastEvaluatedKey?: unknown }>('Query', {
          TableName: giftCodesTable,
          IndexName: 'byCustomer',
          KeyConditionExpression: 'customerId = :customerId AND redeemedAt >= :since',
          FilterExpression: '#status = :applied',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':customerId': { S: customer.sub }, ':since': { S: sinceIso }, ':applied': { S: 'VALUE_APPLIED' } },
          Select: 'COUNT',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        });
        total += page.Count;
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return total;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Waits (at most `limitMs`) until `expected` of the customers' redemptions since `sinceIso` are VALUE_APPLIED. */
export async function untilApplied(
  client: DynamoDbClient,
  giftCodesTable: string,
  customers: Customer[],
  sinceIso: string,
  expected: number,
  limitMs: number,
): Promise<number> {
  const started = performance.now();
  let applied = await appliedSince(client, giftCodesTable, customers, sinceIso);
  while (applied < expected && performance.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    applied = await appliedSince(client, giftCodesTable, customers, sinceIso);
  }
  return applied;
}

export interface EndToEnd {
  redeemed: LoadSample & { firstError: string | null };
  /** of the run's redemptions, VALUE_APPLIED at the last answer and at the end of the follow-up */
  appliedAtLastAnswer: number;
  applied: number;
  /** seconds the follow-up took after the last answer */
  appliedAfter: number;
  /** redemptions with every side effect done per second, over the run and its follow-up */
  rate: number;
  /** rate / the API's accepted rate */
  ratio: number;
  /** sent but not yet VALUE_APPLIED, sampled every BACKLOG_EVERY_MS while sending: growth means the consumers fall behind */
  backlog: number[];
  /** the backlog's least-squares growth per second while sending */
  growth: number;
}

/**
 * One run: redeems `codes` (customers in turn) as `load` sends them (default: CLIENTS clients in a closed loop,
 * as `redeemAll`), then follows them through the consumers for AFTER_RUN_MS.
 */
export async function endToEnd(
  engine: Engine,
  client: DynamoDbClient,
  giftCodesTable: string,
  codes: string[],
  customers: Customer[],
  load?: Load,
): Promise<EndToEnd> {
  const since = new Date().toISOString();
  let sent = 0;
  const sampler = sampleBacklog(async () => {
    const sentBy = sent;
    return sentBy - (await appliedSince(client, giftCodesTable, customers, since));
  });
  let redeemed: EndToEnd['redeemed'];
  if (load) {
    let firstError: string | null = null;
    const sample = await load(codes.length, async (index) => {
      sent += 1;
      const { failure } = await redeemOne(engine, codes[index], customers[index % customers.length]);
      firstError ??= failure;
      return !failure;
    });
    redeemed = { ...sample, firstError };
  } else redeemed = await redeemAll(engine, codes, customers, CLIENTS, async () => void (sent += 1));
  const sampled = sampler.stop();
  const runSeconds = codes.length / redeemed.rps;
  const answeredAt = performance.now();
  const appliedAtLastAnswer = await appliedSince(client, giftCodesTable, customers, since);
  const applied = await untilApplied(client, giftCodesTable, customers, since, codes.length, AFTER_RUN_MS);
  const appliedAfter = (performance.now() - answeredAt) / 1000;
  const backlog = await sampled;
  const rate = applied / (runSeconds + appliedAfter);
  return {
    redeemed,
    appliedAtLastAnswer,
    applied,
    appliedAfter,
    rate,
    ratio: rate / redeemed.rps,
    backlog,
    growth: growthPerSecond(backlog),
  };
}

/** The run of median ratio. */
export const medianRun = (runs: EndToEnd[]): EndToEnd => [...runs].sort((x, y) => x.ratio - y.ratio)[Math.floor(runs.length / 2)];

/** The line describing a run's follow-up and backlog. */
export function followUpLine(label: string, run: EndToEnd, timed: number): string {
  return (
    `  ${label}: ${run.applied} of ${timed} VALUE_APPLIED ${run.appliedAfter.toFixed(1)} s after the last answer (${run.appliedAtLastAnswer} by then), ` +
    `${run.rate.toFixed(0)} redemptions/s end to end; sent but not yet applied every ${BACKLOG_EVERY_MS / 1000} s: ${run.backlog.join(', ') || '-'} ` +
    `(growth ${run.growth.toFixed(1)}/s)`
  );
}
