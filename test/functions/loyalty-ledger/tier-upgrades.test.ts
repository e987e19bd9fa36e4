/**
 * Upgrades after a credit, on DynamoDB Local: a credit lifts the member as soon as the points earned in the last
 * 12 months reach the next tier, whatever was spent before; and the ledger reads the member's lots only when an
 * upgrade is within reach, judged from the balance item alone.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aTable, aTableName, useLocalAws } from '../consumer-steps.js';
import { redeem } from './resolver-writes.js';

const table = aTableName('loyalty-tiers');
let ledger: typeof import('../../../functions/loyalty-ledger/ledger.js');
let account: typeof import('../../../functions/loyalty-ledger/account.js');
let policy: typeof import('../../../functions/loyalty-ledger/policy.js');

beforeAll(async () => {
  useLocalAws('loyalty-tiers', { LOYALTY_TABLE: table, BUS_NAME: 'tiers-bus', LOYALTY_EXPIRY_DAYS: '365' });
  await aTable(table);
  ledger = await import('../../../functions/loyalty-ledger/ledger.js');
  account = await import('../../../functions/loyalty-ledger/account.js');
  policy = await import('../../../functions/loyalty-ledger/policy.js');
});

const credit = (customerId: string, points: number, at: string) =>
  ledger.creditPoints(table, { customerId, originEventId: randomUUID(), points, occurredAt: at }, at);

describe('a credit upgrades the member at once', () => {
  it('counts points earned, not the balance: 600 earned, 500 spent, 400 earned make Silver', async () => {
    const customerId = `tiers-${randomUUID()}`;
    expect((await credit(customerId, 600, '2026-01-01T00:00:00.000Z')).tierChange).toBeUndefined();
    expect(await redeem(table, customerId, { id: randomUUID(), requestId: randomUUID(), points: 500 }, '2026-01-02T00:00:00.000Z')).toBe(
      true,
    );
    const credited = await credit(customerId, 400, '2026-01-03T00:00:00.000Z');
    expect(credited.balance).toBe(500);
    expect(credited.tierChange).toMatchObject({ from: 'Bronze', to: 'Silver', earnedLast12Months: 1000 });
  });

  it('stays below the next tier one point short, and counts only the last 12 months', async () => {
    const customerId = `tiers-${randomUUID()}`;
    await credit(customerId, 999, '2025-01-01T00:00:00.000Z');
    expect((await credit(customerId, 1, '2026-06-01T00:00:00.000Z')).tierChange).toBeUndefined();
    expect((await account.balanceItem(table, customerId))?.tier).toBeUndefined();
    expect((await credit(customerId, 999, '2026-06-02T00:00:00.000Z')).tierChange).toMatchObject({
      to: 'Silver',
      earnedLast12Months: 1000,
    });
  });
});

describe('whether an upgrade is within reach, from the balance item', () => {
  const all = () => policy.tiers('Bronze:0,Silver:1000,Gold:5000');

  it('is not for the top tier, however many points', () => {
    expect(account.upgradeWithinReach({ customerId: 'c', balance: 90_000, tier: 'Gold', tierRank: 2 }, all())).toBe(false);
  });

  it('is not while every point ever credited stays below the next tier', () => {
    expect(account.upgradeWithinReach({ customerId: 'c', balance: 400, pointsConsumed: 599 }, all())).toBe(false);
    expect(account.upgradeWithinReach({ customerId: 'c', balance: 4000, tier: 'Silver', tierRank: 1 }, all())).toBe(false);
  });

  it('is once the balance and the points consumed together reach the next tier', () => {
    expect(account.upgradeWithinReach({ customerId: 'c', balance: 400, pointsConsumed: 600 }, all())).toBe(true);
    expect(account.upgradeWithinReach({ customerId: 'c', balance: 5000, tier: 'Silver', tierRank: 1 }, all())).toBe(true);
  });
});
