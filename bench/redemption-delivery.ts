/**
 * (t), the gift-code benchmark's delivery: from sending `redeemGiftCode` to the `onRedemptionUpdated` pushes,
 * REDEEMED and VALUE_APPLIED, one real-time subscriber per customer, with the p50 of each hop from the engine's
 * event log.
 */
import type WebSocket from 'ws';
import { aSubscription } from './harness.js';
import { percentile } from './percentile.js';
import type { Customer, Engine, Sample } from './product-engine.js';

export const DELIVERY_SAMPLE = Number(process.env.BENCH_DELIVERY_SAMPLE ?? 500);
export const DELIVERY_WARM_UP = 30;
export const DELIVERY_IN_FLIGHT = Number(process.env.BENCH_DELIVERY_IN_FLIGHT ?? 10);
export const DELIVERY_TIMEOUT_MS = 15_000;
export const REDEMPTION_FIELDS = 'id customerId requestId last4 value { kind amount currency } status redeemedAt updatedAt failureReason';
const ON_REDEMPTION_UPDATED = `subscription Follow($customerId: ID!) { onRedemptionUpdated(customerId: $customerId) { ${REDEMPTION_FIELDS} } }`;

/** The benchmark's redeeming clients: `perRequest` hears of each requestId as its mutation leaves. */
export type RedeemAll = (
  engine: Engine,
  codes: string[],
  customers: Customer[],
  concurrency: number,
  perRequest?: (requestId: string, startedAt: number) => Promise<void>,
) => Promise<Sample & { errors: number; firstError: string | null }>;

type Push = (requestId: string, status: string, redemptionId: string) => void;

/** One customer's socket with its onRedemptionUpdated subscription started (AppSync real-time protocol). */
function aSubscriber(engine: Engine, customer: Customer, onPush: Push): Promise<WebSocket> {
  const subscription = { query: ON_REDEMPTION_UPDATED, variables: { customerId: customer.sub } };
  return aSubscription(engine.url, customer.authorization, subscription, ({ onRedemptionUpdated: redemption }) =>
    onPush(redemption.requestId, redemption.status, redemption.id),
  );
}

interface Followed {
  sentAt: number;
  /** wall clock, to line up with the engine's event log */
  sentAtMs: number;
  redemptionId?: string;
  redeemed?: number;
  applied?: number;
  done: () => void;
}

export interface Delivery {
  /** the mutation's HTTP answer, for comparison */
  answered: Sample;
  redeemed: number[];
  applied: number[];
  missing: number;
  errors: number;
  /** p50 of each hop of the VALUE_APPLIED path, ms, over the sample's redemptions the event log still holds */
  hops: { count: number; toPublish: number; toApplied: number; toTarget: number; toPush: number } | null;
}

export async function deliveryLatencies(engine: Engine, codes: string[], customers: Customer[], redeemAll: RedeemAll): Promise<Delivery> {
  const waiting = new Map<string, Followed>();
  const onPush: Push = (requestId, status, redemptionId) => {
    const entry = waiting.get(requestId);
    if (!entry) return;
    const at = performance.now() - entry.sentAt;
    entry.redemptionId ??= redemptionId;
    if (status === 'REDEEMED') entry.redeemed ??= at;
    else if (status === 'VALUE_APPLIED') {
      entry.applied ??= at;
      entry.done();
    }
  };
  const sockets = await Promise.all(customers.map((customer) => aSubscriber(engine, customer, onPush)));
  const measured: Followed[] = [];
  const perRequest = (requestId: string, sentAt: number) => {
    let timer: NodeJS.Timeout;
    const entry: Followed = { sentAt, sentAtMs: Date.now(), done: () => {} };
    const settled = new Promise<void>((resolve) => {
      entry.done = resolve;
      timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS);
    });
    waiting.set(requestId, entry);
    return settled.then(() => {
      clearTimeout(timer);
      waiting.delete(requestId);
      measured.push(entry);
    });
  };
  const warm = await redeemAll(engine, codes.slice(0, DELIVERY_WARM_UP), customers, DELIVERY_IN_FLIGHT, perRequest);
  measured.length = 0;
  const sample = await redeemAll(engine, codes.slice(DELIVERY_WARM_UP), customers, DELIVERY_IN_FLIGHT, perRequest);
  for (const socket of sockets) socket.terminate();
  const redeemed = measured.flatMap((entry) => (entry.redeemed === undefined ? [] : [entry.redeemed]));
  const applied = measured.flatMap((entry) => (entry.applied === undefined ? [] : [entry.applied]));
  return {
    answered: sample,
    redeemed,
    applied,
    missing: DELIVERY_SAMPLE - applied.length,
    errors: warm.errors + sample.errors,
    hops: await hopsOf(engine, measured),
  };
}

/**
 * Where the VALUE_APPLIED path spends its time, from the engine's event log (GET /_local/events, the last 1,000
 * events): mutation sent → gift_code_redeemed published → redemption_value_applied published (bus → ledger
 * Lambda → PutEvents) → its AppSync target done (recordRedemptionProgress) → push received. Wall clocks of one machine.
 */
async function hopsOf(engine: Engine, measured: Followed[]): Promise<Delivery['hops']> {
  const response = await fetch(engine.url.replace('/graphql', '/_local/events'));
  if (!response.ok) return null;
  type Logged = {
    event: { 'detail-type': string; detail: any };
    receivedAt: string;
    deliveries: Array<{ targetArn: string; status: string; updatedAt: string }>;
  };
  const { events } = (await response.json()) as { events: Logged[] };
  const published = new Map<string, number>();
  const appliedEvent = new Map<string, { at: number; targetDone: number | null }>();
  for (const logged of events) {
    const at = Date.parse(logged.receivedAt);
    if (logged.event['detail-type'] === 'gift_code_redeemed') {
      // the pipeline's own publish; a sweeper's copy (same event_id), if any, comes later
      const id = logged.event.detail?.metadata?.event_id;
      const earlier = id && published.get(id);
      if (id && (earlier === undefined || at < earlier)) published.set(id, at);
    } else if (logged.event['detail-type'] === 'redemption_value_applied') {
      const id = logged.event.detail?.data?.redemptionId;
      const target = logged.deliveries.find((delivery) => delivery.targetArn.includes(':appsync:') && delivery.status === 'delivered');
      if (id && !appliedEvent.has(id)) appliedEvent.set(id, { at, targetDone: target ? Date.parse(target.updatedAt) : null });
    }
  }
  const hops = { toPublish: [] as number[], toApplied: [] as number[], toTarget: [] as number[], toPush: [] as number[] };
  for (const entry of measured) {
    const publishedAt = entry.redemptionId && published.get(entry.redemptionId);
    const valueApplied = entry.redemptionId && appliedEvent.get(entry.redemptionId);
    if (!publishedAt || !valueApplied || valueApplied.targetDone === null || entry.applied === undefined) continue;
    hops.toPublish.push(publishedAt - entry.sentAtMs);
    hops.toApplied.push(valueApplied.at - publishedAt);
    hops.toTarget.push(valueApplied.targetDone - valueApplied.at);
    hops.toPush.push(entry.sentAtMs + entry.applied - valueApplied.targetDone);
  }
  if (!hops.toPublish.length) return null;
  return {
    count: hops.toPublish.length,
    toPublish: percentile(hops.toPublish, 0.5),
    toApplied: percentile(hops.toApplied, 0.5),
    toTarget: percentile(hops.toTarget, 0.5),
    toPush: percentile(hops.toPush, 0.5),
  };
}
