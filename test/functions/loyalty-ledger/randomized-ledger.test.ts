/**
 * A seeded random sequence over every kind of ledger entry on one member, against the ledger module and the
 * resolvers' own writes (resolver-writes.ts) on DynamoDB Local: earnings, reward redemptions (SPENT), adjustments
 * up and down, cancelled redemptions (REVERSED), expiry, and duplicates of each (the same event, requestId or
 * cancellation again). After every step, against a model that keeps explicit lots and spends the oldest-expiring
 * first: the balance is the projection of the ledger (the sum of its entries), never negative, duplicates change
 * nothing, points come back once per cancellation, and expiry takes exactly the unspent points of the lots due,
 * never spent ones. LOYALTY_LEDGER_SEED picks the sequence (every failure names it); LOYALTY_LEDGER_STEPS its length.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { aTable, aTableName, theDynamoDb, useLocalAws } from '../consumer-steps.js';
import { adjust, cancel, redeem } from './resolver-writes.js';

const SEED = Number(process.env.LOYALTY_LEDGER_SEED ?? 20261204);
const STEPS = Number(process.env.LOYALTY_LEDGER_STEPS ?? 2000);
/** Every this many steps (and at the end) the whole ledger is summed again: old entries must not have changed. */
const RECOUNT_EVERY = 250;
const DAY = 86_400_000;
const table = aTableName('loyalty-random');
let ledger: typeof import('../../../functions/loyalty-ledger/ledger.js');
let account: typeof import('../../../functions/loyalty-ledger/account.js');

beforeAll(async () => {
  useLocalAws('loyalty-random', { LOYALTY_EXPIRY_DAYS: '365' });
  await aTable(table);
  ledger = await import('../../../functions/loyalty-ledger/ledger.js');
  account = await import('../../../functions/loyalty-ledger/account.js');
});

/** mulberry32: a tiny seeded generator, so a failing sequence can be replayed */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The member's ledger entries, all of them or those written at `since` or later (entries sort by time). */
async function theEntriesOf(customerId: string, since = ''): Promise<Array<{ sk: string; kind: string; points: number }>> {
  const items: Array<{ sk: string; kind: string; points: number }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await theDynamoDb().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `MEMBER#${customerId}`, ':from': `LEDGER#${since}`, ':to': 'LEDGER#\uffff' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Array<{ sk: string; kind: string; points: number }>));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

interface Lot {
  remaining: number;
  expiresAt: string;
}

/** The model: explicit lots, consumed oldest-expiring first. */
function consume(lots: Lot[], points: number): void {
  let left = points;
  for (const lot of lots.filter((candidate) => candidate.remaining > 0).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))) {
    const taken = Math.min(lot.remaining, left);
    lot.remaining -= taken;
    left -= taken;
  }
}

describe(`a random ledger sequence over every entry kind (seed ${SEED}, ${STEPS} steps)`, () => {
  it(
    'keeps the balance the projection of the ledger, never negative, duplicates inert, and expiry off spent points',
    { timeout: 600_000 },
    async () => {
      const random = seeded(SEED);
      const pick = <T>(list: T[]): T | undefined => list[Math.floor(random() * list.length)];
      const customerId = `random-${randomUUID()}`;
      const lots: Lot[] = [];
      const earnings: Array<{ originEventId: string; points: number; occurredAt: string }> = [];
      const redemptions: Array<{ id: string; requestId: string; points: number; cancelled: boolean }> = [];
      const adjustments: Array<{ requestId: string; points: number }> = [];
      let clock = Date.parse('2026-01-01T00:00:00.000Z');
      let modelBalance = 0;
      // the ledger's sum, kept step by step from the entries each step wrote (reading them all every step would make
      // thousands of steps quadratic); the periodic recount checks that the older entries never changed
      const seen = new Set<string>();
      let ledgerSum = 0;
      const credit = (points: number, at: number) => {
        lots.push({ remaining: points, expiresAt: new Date(at + 365 * DAY).toISOString() });
        modelBalance += points;
      };
      const debit = (points: number) => {
        consume(lots, points);
        modelBalance -= points;
      };
      for (let step = 0; step < STEPS; step++) {
        clock += Math.floor(random() * 20 * DAY);
        const now = new Date(clock).toISOString();
        const where = `seed ${SEED}, step ${step} at ${now}`;
        const roll = random();
        if (roll < 0.25) {
          const earning = { originEventId: `earn-${step}-${randomUUID()}`, points: 1 + Math.floor(random() * 500), occurredAt: now };
          await ledger.creditPoints(table, { customerId, ...earning, sourceType: 'TEST' }, now);
          earnings.push(earning);
          credit(earning.points, clock);
        } else if (roll < 0.3) {
          const again = pick(earnings);
          if (again) {
            const credited = await ledger.creditPoints(table, { customerId, ...again, sourceType: 'TEST' }, now);
            expect(credited.appliedNow, `${where}: the same earning event again`).toBe(false);
          }
        } else if (roll < 0.5) {
          const redemption = { id: randomUUID(), requestId: randomUUID(), points: 1 + Math.floor(random() * 400), cancelled: false };
          const redeemed = await redeem(table, customerId, redemption, now);
          expect(redeemed, `${where}: redeem ${redemption.points} of ${modelBalance}`).toBe(redemption.points <= modelBalance);
          if (redeemed) {
            redemptions.push(redemption);
            debit(redemption.points);
          }
        } else if (roll < 0.55) {
          const again = pick(redemptions);
          if (again)
            expect(await redeem(table, customerId, { ...again, id: randomUUID() }, now), `${where}: a requestId again`).toBe(false);
        } else if (roll < 0.68) {
          const points = (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 300));
          const adjustment = { requestId: randomUUID(), points };
          const adjusted = await adjust(table, customerId, adjustment, now);
          expect(adjusted, `${where}: adjust ${points} of ${modelBalance}`).toBe(modelBalance + points >= 0);
          if (adjusted) {
            adjustments.push(adjustment);
            if (points > 0) credit(points, clock);
            else debit(-points);
          }
        } else if (roll < 0.72) {
          const again = pick(adjustments);
          if (again) expect(await adjust(table, customerId, again, now), `${where}: an adjustment requestId again`).toBe(false);
        } else if (roll < 0.85) {
          const redemption = pick(redemptions);
          if (redemption) {
            // a cancelled redemption cancelled again gives nothing back: the points come back exactly once
            expect(await cancel(table, customerId, redemption, now), `${where}: cancel ${redemption.id}`).toBe(!redemption.cancelled);
            if (!redemption.cancelled) credit(redemption.points, clock);
            redemption.cancelled = true;
          }
        } else {
          const expired = await account.expireDue(table, customerId, now);
          const due = lots.filter((lot) => lot.expiresAt <= now);
          const unspentDue = due.reduce((total, lot) => total + lot.remaining, 0);
          expect(expired.points, `${where}: expiry takes the unspent points of the lots due, oldest spent first`).toBe(unspentDue);
          for (const lot of due) lot.remaining = 0;
          modelBalance -= expired.points;
        }
        for (const entry of await theEntriesOf(customerId, now))
          if (!seen.has(entry.sk)) {
            seen.add(entry.sk);
            ledgerSum += entry.points;
          }
        if ((step + 1) % RECOUNT_EVERY === 0 || step === STEPS - 1) {
          const entries = await theEntriesOf(customerId);
          expect(entries.length, `${where}: no entry disappeared or appeared unseen`).toBe(seen.size);
          expect(
            entries.reduce((total, entry) => total + entry.points, 0),
            `${where}: no entry's points changed`,
          ).toBe(ledgerSum);
        }
        const balance = (await account.balanceItem(table, customerId))?.balance ?? 0;
        expect(balance, `${where}: the balance is the sum of the entries`).toBe(ledgerSum);
        expect(balance, `${where}: the balance is the model's`).toBe(modelBalance);
        expect(balance, `${where}: never negative`).toBeGreaterThanOrEqual(0);
      }
      const kinds = new Set((await theEntriesOf(customerId)).map((entry) => entry.kind));
      expect([...kinds].sort(), `seed ${SEED}: the sequence wrote every kind of entry`).toEqual([
        'ADJUSTED',
        'EARNED',
        'EXPIRED',
        'REVERSED',
        'SPENT',
      ]);
    },
  );
});
