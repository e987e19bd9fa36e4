import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  aGiftCodeRedeemedEvent,
  aLambdaContext,
  anSqsBatch,
  aRecordingServer,
  aTable,
  aTableName,
  DROP,
  HANG,
  useLocalAws,
  type RecordingServer,
} from '../consumer-steps.js';

const idempotencyTable = aTableName('idempotency');
let crm: RecordingServer;
let handler: (typeof import('../../../functions/crm-notifier/index.js'))['handler'];

beforeAll(async () => {
  crm = await aRecordingServer();
  useLocalAws('crm-notifier', { CRM_API_URL: `${crm.url}/v1/notifications`, IDEMPOTENCY_TABLE: idempotencyTable });
  await aTable(idempotencyTable, { partition: 'id' });
  ({ handler } = await import('../../../functions/crm-notifier/index.js'));
});
beforeEach(() => crm.answer({ status: 200 }));
afterAll(() => crm.close());

const invoke = (batch: SQSEvent) => handler(batch, aLambdaContext('crm-notifier'));
const callsFor = (eventId: string) => crm.requests.filter((request) => request.headers['idempotency-key'] === eventId);
const failuresOf = (batch: SQSEvent, ...indexes: number[]) => ({
  batchItemFailures: indexes.map((index) => ({ itemIdentifier: batch.Records[index].messageId })),
});

describe('the CRM is told about every redemption', () => {
  it('POSTs the notification as JSON with Idempotency-Key = event_id', async () => {
    const event = aGiftCodeRedeemedEvent({ issuerId: 'acme', value: { kind: 'POINTS', amount: 500, currency: 'NONE' } });
    const data = event.detail.data;

    expect(await invoke(anSqsBatch([event]))).toEqual({ batchItemFailures: [] });

    const [call] = callsFor(event.detail.metadata.event_id);
    expect(call).toMatchObject({ method: 'POST', url: '/v1/notifications', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(call.body)).toEqual({
      type: 'gift_code_redeemed',
      eventId: event.detail.metadata.event_id,
      customerId: data.customerId,
      redemptionId: data.redemptionId,
      last4: 'ABCD',
      value: { kind: 'POINTS', amount: 500, currency: null },
      issuerId: 'acme',
      occurredAt: data.redeemedAt,
    });
  });

  it('calls the CRM once for an event delivered twice, in one batch or in two', async () => {
    const event = aGiftCodeRedeemedEvent();
    expect(await invoke(anSqsBatch([event, { ...structuredClone(event), id: 'outbox-copy' }]))).toEqual({ batchItemFailures: [] });
    expect(await invoke(anSqsBatch([event]))).toEqual({ batchItemFailures: [] });
    expect(callsFor(event.detail.metadata.event_id)).toHaveLength(1);
  });
});

describe('a failed call fails only its message, so SQS redelivers it (and dead-letters it in the end)', () => {
  it('a non-2xx answer is a batch item failure; the redelivery calls again and succeeds', async () => {
    const failing = aGiftCodeRedeemedEvent();
    const passing = aGiftCodeRedeemedEvent();
    crm.answer({ status: 503, body: '{"message":"maintenance"}' });
    const batch = anSqsBatch([failing]);
    expect(await invoke(batch)).toEqual(failuresOf(batch, 0));

    crm.answer({ status: 200 });
    expect(await invoke(anSqsBatch([failing, passing]))).toEqual({ batchItemFailures: [] });
    expect(callsFor(failing.detail.metadata.event_id)).toHaveLength(2);
    expect(callsFor(passing.detail.metadata.event_id)).toHaveLength(1);
  });

  it('only the failing message of a batch is reported', async () => {
    const events = [aGiftCodeRedeemedEvent(), aGiftCodeRedeemedEvent(), aGiftCodeRedeemedEvent()];
    const failingId = events[1].detail.metadata.event_id;
    crm.answer((request) => ({ status: request.headers['idempotency-key'] === failingId ? 500 : 202 }));
    const batch = anSqsBatch(events);
    expect(await invoke(batch)).toEqual(failuresOf(batch, 1));
    for (const event of events) expect(callsFor(event.detail.metadata.event_id)).toHaveLength(1);
  });

  it('a dropped connection fails the message', async () => {
    crm.answer({ status: DROP });
    const batch = anSqsBatch([aGiftCodeRedeemedEvent()]);
    expect(await invoke(batch)).toEqual(failuresOf(batch, 0));
  });

  it('a CRM that does not answer within 5 s fails the message', async () => {
    crm.answer({ status: HANG });
    const started = Date.now();
    const batch = anSqsBatch([aGiftCodeRedeemedEvent()]);
    expect(await invoke(batch)).toEqual(failuresOf(batch, 0));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
  }, 15_000);

  it('a message the invocation has no time left for is handed back unstarted, not lost in a timeout', async () => {
    const [done, unstarted] = [aGiftCodeRedeemedEvent(), aGiftCodeRedeemedEvent()];
    const batch = anSqsBatch([done, unstarted]);
    // 30 s left for the first message, 5.5 s once it is done: less than one call's 5 s timeout and its bookkeeping
    const remainingMillis = () => (callsFor(done.detail.metadata.event_id).length ? 5_500 : 30_000);
    expect(await handler(batch, aLambdaContext('crm-notifier', remainingMillis))).toEqual(failuresOf(batch, 1));
    expect(callsFor(done.detail.metadata.event_id)).toHaveLength(1);
    expect(callsFor(unstarted.detail.metadata.event_id)).toHaveLength(0);
  });

  it('a body that is not an event fails its message (the DLQ keeps it) without calling the CRM', async () => {
    const before = crm.requests.length;
    const batch = anSqsBatch(['not json', JSON.stringify({ detail: { data: {} } })]);
    expect(await invoke(batch)).toEqual(failuresOf(batch, 0, 1));
    expect(crm.requests).toHaveLength(before);
  });
});
