import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  POINTS_EARNED,
  REDEMPTION_FAILED,
  REDEMPTION_VALUE_APPLIED,
  REWARD_REDEEMED,
  TIER_CHANGED,
  type DomainEvent,
  type EventType,
} from '../../../schema/events.js';
import {
  aDomainEvent,
  anEventType,
  aGiftCodeRedeemedEvent,
  aLambdaContext,
  aTable,
  aTableName,
  theDynamoDb,
  useLocalAws,
} from '../consumer-steps.js';

const historyTable = aTableName('history');
let handler: (typeof import('../../../functions/account-history/index.js'))['handler'];
let history: typeof import('../../../functions/account-history/history.js');

beforeAll(async () => {
  // no IDEMPOTENCY_TABLE: the entry's conditional put is the writer's idempotency
  useLocalAws('account-history', { ACCOUNT_HISTORY_TABLE: historyTable });
  await aTable(historyTable);
  ({ handler } = await import('../../../functions/account-history/index.js'));
  history = await import('../../../functions/account-history/history.js');
});

const invoke = (event: DomainEvent<any>) => handler(event, aLambdaContext('account-history'));

async function theHistoryOf(customerId: string) {
  const { Items } = await theDynamoDb().send(
    new QueryCommand({
      TableName: historyTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CUSTOMER#${customerId}` },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

const ledgerEvent = (type: EventType, eventId: string, data: Record<string, unknown>) => aDomainEvent(type, eventId, data);

describe("a redemption's events in the customer's account history", () => {
  it('records the redemption, the value applied and a failure, each with a summary, in order', async () => {
    const redeemed = aGiftCodeRedeemedEvent({ last4: 'WXYZ' });
    const { customerId, redemptionId, requestId } = redeemed.detail.data;
    const origin = redeemed.detail.metadata.event_id;
    const applied = ledgerEvent(REDEMPTION_VALUE_APPLIED, `${origin}:applied`, {
      redemptionId,
      requestId,
      customerId,
      value: { kind: 'POINTS', amount: 500, currency: null },
      balance: 1500,
      appliedAt: '2026-03-01T10:00:02.000Z',
    });
    const failed = ledgerEvent(REDEMPTION_FAILED, `${origin}:failed`, {
      redemptionId,
      requestId,
      customerId,
      reason: 'INVALID_AMOUNT',
      failedAt: '2026-03-01T10:00:03.000Z',
    });

    for (const event of [failed, redeemed, applied]) expect(await invoke(event)).toMatchObject({ recorded: true });

    const entries = await theHistoryOf(customerId);
    expect(entries.map((entry) => [entry.sk, entry.name, entry.summary])).toEqual([
      [`2026-03-01T10:00:00.000Z#${origin}`, 'gift_code_redeemed', 'Redeemed gift code …WXYZ for 500 points'],
      [`2026-03-01T10:00:02.000Z#${origin}:applied`, 'redemption_value_applied', '500 points added to your balance (now 1,500 points)'],
      [`2026-03-01T10:00:03.000Z#${origin}:failed`, 'redemption_failed', "The gift code's value could not be applied (INVALID_AMOUNT)"],
    ]);
    expect(entries[0]).toEqual({
      pk: `CUSTOMER#${customerId}`,
      sk: `2026-03-01T10:00:00.000Z#${origin}`,
      eventId: origin,
      name: 'gift_code_redeemed',
      source: 'giftcodes.redemption',
      occurredAt: '2026-03-01T10:00:00.000Z',
      summary: 'Redeemed gift code …WXYZ for 500 points',
      data: redeemed.detail.data,
    });
  });

  it("records a reward redeemed, a registration's points and a tier change (its rule leaves a gift code's points out: test/infra)", async () => {
    const customerId = `member-${randomUUID()}`;
    const id = (name: string) => `${name}-${customerId}`;
    const at = (second: number) => `2026-04-01T09:00:0${second}.000Z`;
    const earned = (eventId: string, sourceType: string, second: number) =>
      ledgerEvent(POINTS_EARNED, eventId, {
        customerId,
        entryId: eventId,
        points: 250,
        sourceType,
        sourceId: `source-${eventId}`,
        balance: 1250,
        expiresAt: '2027-04-01T09:00:00.000Z',
        earnedAt: at(second),
      });
    const events = [
      earned(id('registration:earned'), 'PRODUCT_REGISTRATION', 1),
      ledgerEvent(TIER_CHANGED, id('registration:tier:Silver'), {
        customerId,
        from: 'Bronze',
        to: 'Silver',
        earnedLast12Months: 1250,
        changedAt: at(3),
      }),
      ledgerEvent(REWARD_REDEEMED, id('redemption'), {
        redemptionId: 'redemption-1',
        requestId: 'request-1',
        customerId,
        rewardId: 'mug',
        rewardTitle: 'Coffee mug',
        pointsSpent: 1000,
        fulfilment: 'PHYSICAL',
        entryId: 'spent-1',
        redeemedAt: at(4),
      }),
    ];
    expect(await Promise.all(events.map(invoke))).toEqual([
      expect.objectContaining({ recorded: true }),
      expect.objectContaining({ recorded: true }),
      expect.objectContaining({ recorded: true }),
    ]);

    expect((await theHistoryOf(customerId)).map((entry) => [entry.sk, entry.summary])).toEqual([
      [`${at(1)}#${id('registration:earned')}`, '250 points earned for registering a product (now 1,250 points)'],
      [`${at(3)}#${id('registration:tier:Silver')}`, 'Your tier changed from Bronze to Silver'],
      [`${at(4)}#${id('redemption')}`, 'Redeemed Coffee mug for 1,000 points'],
    ]);
  });

  it('describes discounts in their currency, from minor units', async () => {
    const eur = aGiftCodeRedeemedEvent({ value: { kind: 'DISCOUNT', amount: 1050, currency: 'EUR' } });
    const jpy = aGiftCodeRedeemedEvent({
      customerId: eur.detail.data.customerId,
      value: { kind: 'DISCOUNT', amount: 500, currency: 'JPY' },
      redeemedAt: '2026-03-01T11:00:00.000Z',
    });
    const granted = ledgerEvent(REDEMPTION_VALUE_APPLIED, `${eur.detail.metadata.event_id}:applied`, {
      ...eur.detail.data,
      appliedAt: '2026-03-01T10:30:00.000Z',
    });
    for (const event of [eur, jpy, granted]) await invoke(event);

    expect((await theHistoryOf(eur.detail.data.customerId)).map((entry) => entry.summary)).toEqual([
      'Redeemed gift code …ABCD for a €10.50 discount',
      '€10.50 discount granted',
      'Redeemed gift code …ABCD for a ¥500 discount',
    ]);
  });

  it('falls back to the envelope time when the data has no time of its own', async () => {
    const event = aDomainEvent(anEventType('loyalty.registrations', 'product_registered'), `evt-${Date.now()}`, {
      customerId: `customer-${Date.now()}`,
    });
    await invoke(event);
    const [entry] = await theHistoryOf(event.detail.data.customerId);
    expect(entry).toMatchObject({
      occurredAt: event.time,
      sk: `${event.time}#${event.detail.metadata.event_id}`,
      summary: 'Product registered',
    });
  });

  it('records nothing for an event that names no customer', async () => {
    expect(
      await invoke(aDomainEvent(anEventType('loyalty.rewards', 'reward_published'), `evt-${Date.now()}`, { rewardId: 'r-1' })),
    ).toEqual({
      recorded: false,
    });
  });
});

describe('one entry per event, however often it arrives', () => {
  it('a duplicate delivery (other EventBridge id, same event_id) leaves one entry', async () => {
    const event = aGiftCodeRedeemedEvent();
    await invoke(event);
    await invoke({ ...structuredClone(event), id: 'another-eventbridge-id' });
    await Promise.allSettled(Array.from({ length: 10 }, () => invoke(structuredClone(event))));
    expect(await theHistoryOf(event.detail.data.customerId)).toHaveLength(1);
  });

  it('refuses an event without an event_id, which its entry would be keyed on (its DLQ keeps it)', async () => {
    const event = aGiftCodeRedeemedEvent();
    const { event_id: _eventId, ...metadata } = event.detail.metadata;
    await expect(invoke({ ...event, detail: { ...event.detail, metadata: metadata as typeof event.detail.metadata } })).rejects.toThrow(
      /no detail.metadata.event_id/,
    );
    expect(await theHistoryOf(event.detail.data.customerId)).toHaveLength(0);
  });

  it('the conditional put alone keeps one entry of 10 concurrent writes and reports the others as done', async () => {
    const event = aGiftCodeRedeemedEvent();
    const entry = history.historyEntryOf(event as unknown as DomainEvent<Record<string, unknown>>, event.detail.data.customerId);
    const results = await Promise.all(Array.from({ length: 10 }, () => history.recordHistoryEntry(historyTable, entry)));
    expect(results.filter((result) => result.recorded)).toHaveLength(1);
    expect(await theHistoryOf(event.detail.data.customerId)).toHaveLength(1);
  });
});
