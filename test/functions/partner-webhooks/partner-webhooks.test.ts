import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../functions/partner-webhooks/signed-webhook.js';
import {
  aGiftCodeRedeemedEvent,
  aLambdaContext,
  anSqsBatch,
  aRecordingServer,
  aTable,
  aTableName,
  theDynamoDb,
  useLocalAws,
  type RecordingServer,
} from '../consumer-steps.js';

const partnersTable = aTableName('partners');
const idempotencyTable = aTableName('idempotency');
const SECRET = 'a-partner-signing-secret-of-32-chars!';
let partner: RecordingServer;
let handler: (typeof import('../../../functions/partner-webhooks/index.js'))['handler'];

beforeAll(async () => {
  partner = await aRecordingServer();
  useLocalAws('partner-webhooks', { PARTNERS_TABLE: partnersTable, IDEMPOTENCY_TABLE: idempotencyTable });
  await Promise.all([aTable(partnersTable, { partition: 'issuerId' }), aTable(idempotencyTable, { partition: 'id' })]);
  ({ handler } = await import('../../../functions/partner-webhooks/index.js'));
});
beforeEach(() => partner.answer({ status: 200 }));
afterAll(() => partner.close());

const invoke = (batch: SQSEvent) => handler(batch, aLambdaContext('partner-webhooks'));
const callsFor = (eventId: string) => partner.requests.filter((request) => request.headers['x-loyalty-event-id'] === eventId);

async function aPartner(format: string, fields: Record<string, unknown> = {}): Promise<string> {
  const issuerId = `partner-${Math.random().toString(36).slice(2)}`;
  const item = {
    issuerId,
    name: 'Acme',
    webhookUrl: `${partner.url}/hooks/${issuerId}`,
    webhookFormat: format,
    signingSecret: SECRET,
    ...fields,
  };
  const defined = Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
  await theDynamoDb().send(new PutCommand({ TableName: partnersTable, Item: defined }));
  return issuerId;
}

describe("a partner's code was redeemed: its webhook is called in its format, signed", () => {
  it('LOYALTY_JSON_V1: a JSON body with a verifiable X-Loyalty-Signature', async () => {
    const issuerId = await aPartner('LOYALTY_JSON_V1');
    const event = aGiftCodeRedeemedEvent({ issuerId, last4: 'Q7RT', value: { kind: 'DISCOUNT', amount: 1000, currency: 'EUR' } });
    const eventId = event.detail.metadata.event_id;

    expect(await invoke(anSqsBatch([event]))).toEqual({ batchItemFailures: [] });

    const [call] = callsFor(eventId);
    expect(call).toMatchObject({
      method: 'POST',
      url: `/hooks/${issuerId}`,
      headers: { 'content-type': 'application/json', 'x-loyalty-event-id': eventId },
    });
    expect(JSON.parse(call.body)).toEqual({
      event: 'gift_code.redeemed',
      id: eventId,
      occurred_at: event.detail.data.redeemedAt,
      code: { last4: 'Q7RT', batch_id: event.detail.data.batchId },
      value: { kind: 'DISCOUNT', amount: 1000, currency: 'EUR' },
      redemption_id: event.detail.data.redemptionId,
    });
    const signature = call.headers['x-loyalty-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(Math.abs(Number(signature.slice(2, signature.indexOf(','))) - Date.now() / 1000)).toBeLessThan(10);
    expect(verifySignature(SECRET, signature, call.body, 300)).toBe(true);
    expect(verifySignature('another-secret', signature, call.body, 300)).toBe(false);
    expect(verifySignature(SECRET, signature, call.body.replace('1000', '9000'), 300)).toBe(false);
  });

  it('FLAT_FORM_V1: flat form fields, signed over the raw body', async () => {
    const issuerId = await aPartner('FLAT_FORM_V1');
    const event = aGiftCodeRedeemedEvent({ issuerId, value: { kind: 'POINTS', amount: 250, currency: 'NONE' } });
    const eventId = event.detail.metadata.event_id;

    expect(await invoke(anSqsBatch([event]))).toEqual({ batchItemFailures: [] });

    const [call] = callsFor(eventId);
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({
      event_type: 'gift_code.redeemed',
      event_id: eventId,
      code_last4: 'ABCD',
      code_batch_id: event.detail.data.batchId,
      value_kind: 'POINTS',
      value_amount: '250',
      currency: '',
      redeemed_at: event.detail.data.redeemedAt,
      redemption_id: event.detail.data.redemptionId,
    });
    expect(verifySignature(SECRET, call.headers['x-loyalty-signature'] as string, call.body, 300)).toBe(true);
  });

  it('calls the partner once for an event delivered twice', async () => {
    const event = aGiftCodeRedeemedEvent({ issuerId: await aPartner('LOYALTY_JSON_V1') });
    await invoke(anSqsBatch([event, structuredClone(event)]));
    await invoke(anSqsBatch([event]));
    expect(callsFor(event.detail.metadata.event_id)).toHaveLength(1);
  });
});

describe('nothing to deliver is a success', () => {
  it.each([
    ['the issuer is no partner', async () => 'not-a-partner'],
    ['the partner has no webhook', () => aPartner('LOYALTY_JSON_V1', { webhookUrl: undefined })],
  ])('%s: no call, no failure', async (_, issuer) => {
    const event = aGiftCodeRedeemedEvent({ issuerId: await issuer() });
    expect(await invoke(anSqsBatch([event]))).toEqual({ batchItemFailures: [] });
    expect(callsFor(event.detail.metadata.event_id)).toHaveLength(0);
  });
});

describe('a failed delivery fails its message, so SQS retries it and finally dead-letters it', () => {
  it("the partner's 5xx (or 429) is a batch item failure; the retry is signed anew and succeeds", async () => {
    const issuerId = await aPartner('FLAT_FORM_V1');
    const [failing, passing] = [aGiftCodeRedeemedEvent({ issuerId }), aGiftCodeRedeemedEvent({ issuerId })];
    partner.answer((request) => ({ status: request.headers['x-loyalty-event-id'] === failing.detail.metadata.event_id ? 429 : 204 }));
    const batch = anSqsBatch([failing, passing]);
    expect(await invoke(batch)).toEqual({ batchItemFailures: [{ itemIdentifier: batch.Records[0].messageId }] });

    partner.answer({ status: 200 });
    expect(await invoke(anSqsBatch([failing]))).toEqual({ batchItemFailures: [] });
    const calls = callsFor(failing.detail.metadata.event_id);
    expect(calls).toHaveLength(2);
    expect(calls[1].body).toBe(calls[0].body);
    expect(callsFor(passing.detail.metadata.event_id)).toHaveLength(1);
  });

  it('a webhook in an unknown format fails its message without a call', async () => {
    const event = aGiftCodeRedeemedEvent({ issuerId: await aPartner('SOAP_V0') });
    const batch = anSqsBatch([event]);
    expect(await invoke(batch)).toEqual({ batchItemFailures: [{ itemIdentifier: batch.Records[0].messageId }] });
    expect(callsFor(event.detail.metadata.event_id)).toHaveLength(0);
  });
});
