/**
 * A seeded random sequence of earn / spend / debit / expire on one member, against the ledger module on DynamoDB
 * Local, checked after every step against a model that keeps explicit lots and spends the oldest-expiring first:
 * the balance equals the sum of the entries, never goes negative, and expiry takes exactly the unspent points of
 * the lots due, never spent ones. LOYALTY_LEDGER_SEED picks the sequence; LOYALTY_LEDGER_STEPS its length.
 * Spends and debits use the resolvers' own balance update (resolvers/functions/commitRewardRedemption.ts).
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { aTable, aTableName, theDynamoDb, useLocalAws } from '../consumer-steps.js';

const SEED = Number(process.env.LOYALTY_LEDGER_SEED ?? 20261204);
const STEPS = Number(process.env.LOYALTY_LEDGER_STEPS ?? 400);
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

/** What the resolvers write for a spend or a debit: an entry, and the balance with its conditions. */
async function spend(customerId: string, points: number, at: string): Promise<boolean> {
  const entryId = `spent:${randomUUID()}`;
  try {
    await theDynamoDb().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table,
              Key: { pk: `MEMBER#${customerId}`, sk: 'BALANCE' },
              UpdateExpression:
                'SET balance = balance - :cost, pointsConsumed = if_not_exists(pointsConsumed, :zero) + :cost, updatedAt = :now ADD version :one',
              ConditionExpression: 'balance >= :cost',
              ExpressionAttributeValues: { ':cost': points, ':zero': 0, ':now': at, ':one': 1 },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { pk: `MEMBER#${customerId}`, sk: `LEDGER#${at}#${entryId}`, id: entryId, kind: 'SPENT', points: -points },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    return false;
  }
}

async function theEntriesOf(customerId: string): Promise<Array<{ kind: string; points: number }>> {
  const items: Array<{ kind: string; points: number }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await theDynamoDb().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
        ExpressionAttributeValues: { ':pk': `MEMBER#${customerId}`, ':ledger': 'LEDGER#' },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Array<{ kind: string; points: number }>));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

describe(`a random ledger sequence (seed ${SEED}, ${STEPS} steps)`, () => {
  it('keeps balance = sum of entries, never negative, and expiry takes only unspent points of due lots', { timeout: 600_000 }, async () => {
    const random = seeded(SEED);
    const customerId = `random-${randomUUID()}`;
    const lots: Array<{ remaining: number; expiresAt: string }> = [];
    let clock = Date.parse('2026-01-01T00:00:00.000Z');
    let modelBalance = 0;
    for (let step = 0; step < STEPS; step++) {
      clock += Math.floor(random() * 20 * DAY);
      const now = new Date(clock).toISOString();
      const roll = random();
      if (roll < 0.4) {
        const points = 1 + Math.floor(random() * 500);
        await ledger.creditPoints(
          table,
          { customerId, originEventId: `earn-${step}-${randomUUID()}`, points, occurredAt: now, sourceType: 'TEST' },
          now,
        );
        lots.push({ remaining: points, expiresAt: new Date(clock + 365 * DAY).toISOString() });
        modelBalance += points;
      } else if (roll < 0.8) {
        const points = 1 + Math.floor(random() * 400);
        const spent = await spend(customerId, points, now);
        expect(spent, `step ${step}: spend ${points} of ${modelBalance}`).toBe(points <= modelBalance);
        if (spent) {
          let left = points;
          for (const lot of lots.filter((candidate) => candidate.remaining > 0).sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))) {
            const taken = Math.min(lot.remaining, left);
            lot.remaining -= taken;
            left -= taken;
          }
          modelBalance -= points;
        }
      } else {
        const expired = await account.expireDue(table, customerId, now);
        const due = lots.filter((lot) => lot.expiresAt <= now);
        const unspentDue = due.reduce((total, lot) => total + lot.remaining, 0);
        expect(expired.points, `step ${step}: expiry at ${now}`).toBe(unspentDue);
        for (const lot of due) lot.remaining = 0;
        modelBalance -= expired.points;
      }
      const entries = await theEntriesOf(customerId);
      const balance = (await account.balanceItem(table, customerId))?.balance ?? 0;
      expect(balance, `step ${step}`).toBe(entries.reduce((total, entry) => total + entry.points, 0));
      expect(balance, `step ${step}`).toBe(modelBalance);
      expect(balance).toBeGreaterThanOrEqual(0);
    }
  });
});
