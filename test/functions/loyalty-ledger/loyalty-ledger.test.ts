import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCT_REGISTERED, type DomainEvent, type GiftCodeRedeemedData } from '../../../schema/events.js';
import {
  aDomainEvent,
  aFakeEventBridge,
  aGiftCodeRedeemedEvent,
  aLambdaContext,
  aTable,
  aTableName,
  retriedUntilItSucceeds,
  theDynamoDb,
  useLocalAws,
  type FakeEventBridge,
} from '../consumer-steps.js';

const BUS_NAME = 'loyalty-test-bus';
const loyaltyTable = aTableName('loyalty');
const idempotencyTable = aTableName('idempotency');
let eventBridge: FakeEventBridge;
let handler: (typeof import('../../../functions/loyalty-ledger/index.js'))['handler'];
let creditPoints: (typeof import('../../../functions/loyalty-ledger/ledger.js'))['creditPoints'];

beforeAll(async () => {
  eventBridge = await aFakeEventBridge();
  useLocalAws('loyalty-ledger', {
    LOYALTY_TABLE: loyaltyTable,
    IDEMPOTENCY_TABLE: idempotencyTable,
    BUS_NAME,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url,
  });
  await Promise.all([aTable(loyaltyTable), aTable(idempotencyTable, { partition: 'id' })]);
  ({ handler } = await import('../../../functions/loyalty-ledger/index.js'));
  ({ creditPoints } = await import('../../../functions/loyalty-ledger/ledger.js'));
});
afterAll(() => eventBridge.close());

const invoke = (event: DomainEvent<GiftCodeRedeemedData>) => handler(event, aLambdaContext('loyalty-ledger'));

async function theLedgerOf(customerId: string) {
  const { Items } = await theDynamoDb().send(
    new QueryCommand({
      TableName: loyaltyTable,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ledger)',
      ExpressionAttributeValues: { ':pk': `MEMBER#${customerId}`, ':ledger': 'LEDGER#' },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

async function theItem(customerId: string, sk: string) {
  return (
    await theDynamoDb().send(new GetCommand({ TableName: loyaltyTable, Key: { pk: `MEMBER#${customerId}`, sk }, ConsistentRead: true }))
  ).Item;
}

const theBalanceOf = async (customerId: string) => (await theItem(customerId, 'BALANCE'))?.balance;

/** The events published about one redemption, as PutEvents entries with their Detail parsed. */
function thePublishedEventsOf(redemptionId: string) {
  return eventBridge.entries
    .map((entry) => ({ ...entry, detail: JSON.parse(entry.Detail!) }))
    .filter((entry) => entry.detail.data.redemptionId === redemptionId);
}

describe('POINTS: the ledger entry and the balance, exactly once per originating event', () => {
  it('credits the member and publishes redemption_value_applied with the balance', async () => {
    const event = aGiftCodeRedeemedEvent();
    const { customerId, redemptionId, requestId } = event.detail.data;
    const eventId = event.detail.metadata.event_id;

    expect(await invoke(event)).toEqual({ status: 'VALUE_APPLIED', eventId: `${eventId}:applied` });

    const [entry] = await theLedgerOf(customerId);
    expect(entry).toMatchObject({
      sk: `LEDGER#2026-03-01T10:00:00.000Z#${eventId}`,
      id: eventId,
      customerId,
      kind: 'EARNED',
      points: 500,
      reason: 'GIFT_CODE_REDEMPTION',
      redemptionId,
      occurredAt: '2026-03-01T10:00:00.000Z',
    });
    expect(await theItem(customerId, 'BALANCE')).toMatchObject({ balance: 500, customerId, updatedAt: expect.any(String) });

    const [published] = thePublishedEventsOf(redemptionId);
    expect(published).toMatchObject({ EventBusName: BUS_NAME, Source: 'loyalty.ledger', DetailType: 'redemption_value_applied' });
    expect(published.detail).toEqual({
      metadata: {
        version: '1',
        event_id: `${eventId}:applied`,
        domain: 'loyalty',
        subdomain: 'ledger',
        service: 'ledger',
        category: 'domain-event',
        type: 'data',
        name: 'redemption_value_applied',
        correlation_id: event.detail.metadata.correlation_id,
      },
      data: {
        redemptionId,
        requestId,
        customerId,
        value: { kind: 'POINTS', amount: 500, currency: null },
        balance: 500,
        appliedAt: entry.appliedAt,
      },
    });
  });

  it('a duplicate delivery (the outbox after the pipeline) changes nothing and publishes nothing more', async () => {
    const event = aGiftCodeRedeemedEvent();
    const viaOutbox = structuredClone({ ...event, id: 'another-eventbridge-id' });
    const first = await invoke(event);
    expect(await invoke(viaOutbox)).toEqual(first);
    expect(await theLedgerOf(event.detail.data.customerId)).toHaveLength(1);
    expect(await theBalanceOf(event.detail.data.customerId)).toBe(500);
    expect(thePublishedEventsOf(event.detail.data.redemptionId)).toHaveLength(1);
  });

  it('20 concurrent deliveries of one event credit once; the refused ones succeed when retried', async () => {
    const event = aGiftCodeRedeemedEvent();
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => invoke(structuredClone(event))));
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    // the ones that found the event in progress are retried by the platform, and then find it done
    for (const outcome of refused) expect((outcome.reason as Error).name).toBe('IdempotencyAlreadyInProgressError');
    const retried = await Promise.all(refused.map(() => retriedUntilItSucceeds(() => invoke(structuredClone(event)))));

    const applied = { status: 'VALUE_APPLIED', eventId: `${event.detail.metadata.event_id}:applied` };
    for (const outcome of [...outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])), ...retried])
      expect(outcome).toEqual(applied);
    expect(await theLedgerOf(event.detail.data.customerId)).toHaveLength(1);
    expect(await theBalanceOf(event.detail.data.customerId)).toBe(500);
    expect(thePublishedEventsOf(event.detail.data.redemptionId)).toHaveLength(1);
  });

  it('even without the idempotency table, 20 concurrent credits of one event write one entry (the entry is the lock)', async () => {
    const event = aGiftCodeRedeemedEvent();
    const { customerId, redemptionId, redeemedAt } = event.detail.data;
    const credit = { customerId, redemptionId, originEventId: event.detail.metadata.event_id, points: 500, occurredAt: redeemedAt };

    // a transaction that conflicts with a concurrent one fails (and is retried); none credits a second time
    const results = await Promise.all(Array.from({ length: 20 }, () => retriedUntilItSucceeds(() => creditPoints(loyaltyTable, credit))));

    expect(results.filter((result) => result.appliedNow)).toHaveLength(1);
    const [entry] = await theLedgerOf(customerId);
    for (const result of results) expect(result).toMatchObject({ balance: 500, appliedAt: entry.appliedAt });
    expect(await theLedgerOf(customerId)).toHaveLength(1);
    expect(await theBalanceOf(customerId)).toBe(500);
  });

  it('two redemptions (two events) credit twice', async () => {
    const first = aGiftCodeRedeemedEvent();
    const { customerId } = first.detail.data;
    const second = aGiftCodeRedeemedEvent({
      customerId,
      value: { kind: 'POINTS', amount: 300, currency: 'NONE' },
      redeemedAt: '2026-03-02T08:00:00.000Z',
    });

    await invoke(first);
    await invoke(second);

    expect((await theLedgerOf(customerId)).map((entry) => entry.points)).toEqual([500, 300]);
    expect(await theBalanceOf(customerId)).toBe(800);
    expect(thePublishedEventsOf(second.detail.data.redemptionId)[0].detail.data).toMatchObject({
      value: { kind: 'POINTS', amount: 300, currency: null },
      balance: 800,
    });
  });

  it('a refused publish fails the invocation; the retry publishes the same event without crediting again', async () => {
    const event = aGiftCodeRedeemedEvent();
    eventBridge.refuseNext(1);
    await expect(invoke(event)).rejects.toMatchObject({
      name: 'EventPublishError',
      failures: [{ errorCode: 'InternalFailure' }, { errorCode: 'InternalFailure' }],
    });
    expect(await theBalanceOf(event.detail.data.customerId)).toBe(500);
    expect(thePublishedEventsOf(event.detail.data.redemptionId)).toHaveLength(0);

    expect(await invoke(event)).toMatchObject({ status: 'VALUE_APPLIED' });
    expect(await theLedgerOf(event.detail.data.customerId)).toHaveLength(1);
    expect(await theBalanceOf(event.detail.data.customerId)).toBe(500);
    const [published] = thePublishedEventsOf(event.detail.data.redemptionId);
    expect(published.detail.metadata.event_id).toBe(`${event.detail.metadata.event_id}:applied`);
    expect(published.detail.data.balance).toBe(500);
    expect(published.detail.data.appliedAt).toBe((await theLedgerOf(event.detail.data.customerId))[0].appliedAt);
  });
});

describe('DISCOUNT: the discount item, once per redemption', () => {
  it('grants the discount and publishes redemption_value_applied without a balance', async () => {
    const event = aGiftCodeRedeemedEvent({ value: { kind: 'DISCOUNT', amount: 1000, currency: 'EUR' } });
    const { customerId, redemptionId } = event.detail.data;

    await invoke(event);
    await invoke(structuredClone(event));

    const discount = await theItem(customerId, `DISCOUNT#${redemptionId}`);
    expect(discount).toMatchObject({
      customerId,
      redemptionId,
      value: { kind: 'DISCOUNT', amount: 1000, currency: 'EUR' },
      grantedAt: expect.any(String),
    });
    expect(await theBalanceOf(customerId)).toBeUndefined();
    const published = thePublishedEventsOf(redemptionId);
    expect(published).toHaveLength(1);
    expect(published[0].DetailType).toBe('redemption_value_applied');
    expect(published[0].detail.data).toEqual({
      redemptionId,
      requestId: event.detail.data.requestId,
      customerId,
      value: { kind: 'DISCOUNT', amount: 1000, currency: 'EUR' },
      appliedAt: discount!.grantedAt,
    });
  });
});

describe('a value the ledger cannot apply is reported as redemption_failed, not retried', () => {
  it.each([
    ['INVALID_AMOUNT', { kind: 'POINTS', amount: 0, currency: null }],
    ['INVALID_AMOUNT', { kind: 'POINTS', amount: -5, currency: null }],
    ['INVALID_AMOUNT', { kind: 'POINTS', amount: 2.5, currency: null }],
    ['UNKNOWN_VALUE_KIND', { kind: 'CASHBACK', amount: 100, currency: 'EUR' }],
    ['MISSING_CURRENCY', { kind: 'DISCOUNT', amount: 1000, currency: null }],
    ['MISSING_CURRENCY', { kind: 'DISCOUNT', amount: 1000, currency: 'NONE' }],
  ])('%s for %j', async (reason, value) => {
    const event = aGiftCodeRedeemedEvent({ value: value as GiftCodeRedeemedData['value'] });
    const { customerId, redemptionId, requestId } = event.detail.data;
    const eventId = event.detail.metadata.event_id;

    expect(await invoke(event)).toEqual({ status: 'FAILED', eventId: `${eventId}:failed`, reason });

    const [published] = thePublishedEventsOf(redemptionId);
    expect(published).toMatchObject({ Source: 'loyalty.ledger', DetailType: 'redemption_failed' });
    expect(published.detail.metadata).toMatchObject({
      event_id: `${eventId}:failed`,
      name: 'redemption_failed',
      correlation_id: event.detail.metadata.correlation_id,
    });
    expect(published.detail.data).toEqual({ redemptionId, requestId, customerId, reason, failedAt: expect.any(String) });
    expect(await theLedgerOf(customerId)).toHaveLength(0);
    expect(await theBalanceOf(customerId)).toBeUndefined();
    expect(await theItem(customerId, `DISCOUNT#${redemptionId}`)).toBeUndefined();
  });
});

describe("product_registered: the registration's points, once per event", () => {
  const aProductRegisteredEvent = (registrationPoints: number) => {
    const registrationId = randomUUID();
    return aDomainEvent(PRODUCT_REGISTERED, registrationId, {
      registrationId,
      customerId: `customer-${randomUUID()}`,
      registrationPoints,
      registeredAt: '2026-03-01T10:00:00.000Z',
    });
  };
  const theEarnedEventsOf = (sourceId: string) =>
    eventBridge.entries.map((entry) => JSON.parse(entry.Detail!)).filter((detail) => detail.data.sourceId === sourceId);

  it('the pipeline and the outbox deliver it: one EARNED entry from PRODUCT_REGISTRATION, one points_earned', async () => {
    const event = aProductRegisteredEvent(250);
    const { customerId, registrationId } = event.detail.data;
    const outcomes = await Promise.all(
      [handler(event, aLambdaContext('loyalty-ledger')), handler({ ...event, id: 'outbox-copy' }, aLambdaContext('loyalty-ledger'))].map(
        (outcome) => outcome.catch((error: Error) => error.name),
      ),
    );
    expect(outcomes).toContainEqual({ status: 'POINTS_CREDITED', entryId: event.detail.metadata.event_id });
    // at the same moment, the second is either answered with the first's outcome or refused in progress (and retried)
    for (const outcome of outcomes)
      expect([{ status: 'POINTS_CREDITED', entryId: event.detail.metadata.event_id }, 'IdempotencyAlreadyInProgressError']).toContainEqual(
        outcome,
      );

    expect(await theLedgerOf(customerId)).toEqual([
      expect.objectContaining({ kind: 'EARNED', points: 250, sourceType: 'PRODUCT_REGISTRATION', sourceId: registrationId }),
    ]);
    expect(await theBalanceOf(customerId)).toBe(250);
    expect(theEarnedEventsOf(registrationId)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ customerId, points: 250, sourceType: 'PRODUCT_REGISTRATION', balance: 250 }),
      }),
    ]);
  });

  it('a product worth no points writes and publishes nothing', async () => {
    const event = aProductRegisteredEvent(0);
    const { customerId, registrationId } = event.detail.data;
    expect(await handler(event, aLambdaContext('loyalty-ledger'))).toEqual({ status: 'NO_POINTS', registrationId });
    expect(await theItem(customerId, 'BALANCE')).toBeUndefined();
    expect(theEarnedEventsOf(registrationId)).toEqual([]);
  });
});
