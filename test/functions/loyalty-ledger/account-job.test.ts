/**
 * The scheduled account job on DynamoDB Local, run as of chosen moments: expiry takes what is due exactly once
 * (a second run, or a run at the same moment, takes nothing) and announces it; the warning comes once per expiry
 * date; only the review lowers a tier, and spending never does.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFakeEventBridge, aTable, aTableName, useLocalAws, type FakeEventBridge } from '../consumer-steps.js';

const table = aTableName('loyalty-job');
let eventBridge: FakeEventBridge;
let job: typeof import('../../../functions/loyalty-ledger/expiry-job.js');
let ledger: typeof import('../../../functions/loyalty-ledger/ledger.js');
let account: typeof import('../../../functions/loyalty-ledger/account.js');

beforeAll(async () => {
  eventBridge = await aFakeEventBridge();
  useLocalAws('loyalty-job', {
    LOYALTY_TABLE: table,
    BUS_NAME: 'job-bus',
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url,
    LOYALTY_EXPIRY_DAYS: '365',
  });
  await aTable(table);
  job = await import('../../../functions/loyalty-ledger/expiry-job.js');
  ledger = await import('../../../functions/loyalty-ledger/ledger.js');
  account = await import('../../../functions/loyalty-ledger/account.js');
});
afterAll(() => eventBridge.close());

const published = (customerId: string, name: string) =>
  eventBridge.entries
    .filter((entry) => entry.DetailType === name && JSON.parse(entry.Detail!).data.customerId === customerId)
    .map((entry) => JSON.parse(entry.Detail!));

describe('the account job', () => {
  it('expires what is due once, warns once ahead, and never takes spent points', async () => {
    const customerId = `job-${randomUUID()}`;
    await ledger.creditPoints(
      table,
      { customerId, originEventId: randomUUID(), points: 300, occurredAt: '2025-01-10T00:00:00.000Z' },
      '2025-01-10T00:00:00.000Z',
    );
    await ledger.creditPoints(
      table,
      { customerId, originEventId: randomUUID(), points: 200, occurredAt: '2025-06-10T00:00:00.000Z' },
      '2025-06-10T00:00:00.000Z',
    );

    await job.handler({ task: 'expire', now: '2025-12-20T00:00:00.000Z' });
    expect(published(customerId, 'points_expiring').map((event) => event.data)).toEqual([
      { customerId, points: 300, expiresAt: '2026-01-10T00:00:00.000Z' },
    ]);
    await job.handler({ task: 'expire', now: '2025-12-21T00:00:00.000Z' });
    expect(published(customerId, 'points_expiring')).toHaveLength(1);

    await job.handler({ task: 'expire', now: '2026-01-11T00:00:00.000Z' });
    await job.handler({ task: 'expire', now: '2026-01-11T00:00:00.000Z' });
    await job.handler({ task: 'expire', now: '2026-01-12T00:00:00.000Z' });
    expect(published(customerId, 'points_expired').map((event) => event.data)).toEqual([
      {
        customerId,
        entryId: `expiry:${customerId}:2026-01-11T00:00:00.000Z`,
        points: 300,
        balance: 200,
        expiredAt: '2026-01-11T00:00:00.000Z',
      },
    ]);
    expect((await account.balanceItem(table, customerId))?.balance).toBe(200);
  });

  it('lowers a tier only at the review, from points earned in the last 12 months', async () => {
    const customerId = `job-${randomUUID()}`;
    const credited = await ledger.creditPoints(
      table,
      { customerId, originEventId: randomUUID(), points: 5000, occurredAt: '2025-03-01T00:00:00.000Z' },
      '2025-03-01T00:00:00.000Z',
    );
    expect(credited.tierChange).toMatchObject({ from: 'Bronze', to: 'Gold', earnedLast12Months: 5000 });
    await job.handler({ task: 'review', now: '2026-02-01T00:00:00.000Z' });
    expect((await account.balanceItem(table, customerId))?.tier).toBe('Gold');
    await job.handler({ task: 'review', now: '2026-03-02T00:00:00.000Z' });
    expect((await account.balanceItem(table, customerId))?.tier).toBe('Bronze');
    expect(published(customerId, 'tier_changed').map((event) => event.data)).toEqual([
      { customerId, from: 'Gold', to: 'Bronze', earnedLast12Months: 0, changedAt: '2026-03-02T00:00:00.000Z' },
    ]);
  });
});
