/**
 * What follows a redemption, driven by GiftCodeRedeemed: points credited once, the account history, customer
 * support's CRM, the issuing partner's signed webhook, and live progress to the customer alone. Each happens
 * exactly once, also when the bus refuses the first publish, a consumer crashes after doing its work, or the
 * partner is down for a minute.
 */
import { inject, describe, expect, it } from 'vitest';
import { verifySignature } from '../../functions/partner-webhooks/signed-webhook.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { aSubscriber, theProductApi } from '../steps/given-steps.js';
import { theDeadLetterQueue, weRedrive, type FabricApi } from '../steps/event-steps.js';
import { aFaultIsArmed } from '../steps/fault-steps.js';
import {
  aRequestId,
  anIdTokenCaller,
  anOutage,
  theOutageHasPassed,
  REDEMPTION_FIELDS,
  someIssuedCodes,
  theHistoryOf,
  theLoyaltyOf,
  theOutsideWorld,
  weRedeem,
  whatTheOutsideWorldReceived,
} from '../steps/gift-code-steps.js';
import { eventually, itSucceeded, theSubscriberReceives, theSubscriptionStarted, theSubscriptionWasRefused } from '../steps/then-steps.js';
import { weSendGraphQL, weSubscribe } from '../steps/when-steps.js';

const api = theProductApi();
const engine: FabricApi = { url: api.url, apiKey: api.apiKey, timeScale: inject('appTimeScale') };
const SIGNING_SECRET = { acme: 'acme-webhook-secret-0123456789abcdef', globex: 'globex-webhook-secret-0123456789abcdef' };
const ON_REDEMPTION_UPDATED = `subscription Follow($customerId: ID!) { onRedemptionUpdated(customerId: $customerId) { ${REDEMPTION_FIELDS} } }`;

/** The partner points its webhook at the outside world's stand-in, signed with its secret. */
async function aPartnerWebhook(partner: 'acme' | 'globex', format: 'LOYALTY_JSON_V1' | 'FLAT_FORM_V1'): Promise<void> {
  const caller = await anIdTokenCaller(api, partner === 'acme' ? 'partner' : 'globex');
  itSucceeded(
    await weSendGraphQL(
      api,
      {
        query:
          'mutation Configure($input: ConfigurePartnerWebhookInput!) { configurePartnerWebhook(input: $input) { issuerId url format updatedAt } }',
        variables: {
          input: { issuerId: partner, url: `${theOutsideWorld()}/partners/${partner}`, format, signingSecret: SIGNING_SECRET[partner] },
        },
      },
      caller,
    ),
  );
}

/** Waits until the side effects of one redemption have settled, then returns how often each happened. */
async function theSideEffectsOf(customer: Record<string, string>, redemptionId: string, expected: { points: number }) {
  return eventually(async () => {
    const [loyalty, history, crm] = await Promise.all([
      theLoyaltyOf(api, customer),
      theHistoryOf(api, customer),
      whatTheOutsideWorldReceived('/crm/tickets'),
    ]);
    const ledgerEntries = loyalty.ledger.items.filter((entry) => entry.redemptionId === redemptionId);
    const crmNotices = crm.filter((request) => request.answeredStatus === 200 && JSON.parse(request.body).redemptionId === redemptionId);
    expect(ledgerEntries).toHaveLength(1);
    expect(history.map((entry) => entry.name).sort()).toEqual(['gift_code_redeemed', 'redemption_value_applied']);
    expect(crmNotices).toHaveLength(1);
    expect(loyalty.balance).toBe(expected.points);
    return { ledgerEntries, history, crmNotices };
  }, 20_000);
}

/**
 * Gives duplicates (a sweep of an event whose publish succeeded, retries) time to arrive before counting. A fixed
 * wait on purpose: the check is that nothing more arrives, and a duplicate leaves no mark to wait on.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

describe('after a redemption', () => {
  it('credits the points once, records the history, notifies support and the partner, and tells the customer live', async () => {
    await aPartnerWebhook('acme', 'LOYALTY_JSON_V1');
    const [code] = await someIssuedCodes(api, { issuerId: 'acme', value: { kind: 'POINTS', amount: 300 } });
    const { caller: customer, sub: customerId } = await aFreshCustomer(api);
    const subscriber = await aSubscriber(api, customer);
    const live = await weSubscribe(subscriber, ON_REDEMPTION_UPDATED, { customerId });
    theSubscriptionStarted(live);

    const redemption = itSucceeded(await weRedeem(api, customer, code)).redeemGiftCode;
    const pushed = await theSubscriberReceives(live, 2, 10_000);
    expect(pushed.map((message) => message.data.onRedemptionUpdated.status)).toEqual(['REDEEMED', 'VALUE_APPLIED']);
    expect(pushed[1].data.onRedemptionUpdated).toMatchObject({
      id: redemption.id,
      customerId,
      last4: code.slice(-4),
      value: { kind: 'POINTS', amount: 300, currency: null },
    });

    const { ledgerEntries, history, crmNotices } = await theSideEffectsOf(customer, redemption.id, { points: 300 });
    expect(ledgerEntries[0]).toMatchObject({ kind: 'EARNED', points: 300, reason: 'GIFT_CODE_REDEMPTION' });
    expect(history.find((entry) => entry.name === 'gift_code_redeemed').summary).toContain(code.slice(-4));
    expect(crmNotices[0].headers['idempotency-key']).toBe(redemption.id);

    const webhook = await eventually(async () => {
      const calls = (await whatTheOutsideWorldReceived('/partners/acme')).filter((request) => request.body.includes(redemption.id));
      expect(calls).toHaveLength(1);
      return calls[0];
    });
    expect(verifySignature(SIGNING_SECRET.acme, webhook.headers['x-loyalty-signature'], webhook.body, 300)).toBe(true);
    expect(JSON.parse(webhook.body)).toMatchObject({
      event: 'gift_code.redeemed',
      redemption_id: redemption.id,
      code: { last4: code.slice(-4) },
    });

    await settle();
    await theSideEffectsOf(customer, redemption.id, { points: 300 });
    expect((await whatTheOutsideWorldReceived('/partners/acme')).filter((request) => request.body.includes(redemption.id))).toHaveLength(1);
    expect(subscriber.client.dataOf(live.id)).toHaveLength(2);
    // nothing anyone received carries the code itself
    const everything = JSON.stringify([pushed, await whatTheOutsideWorldReceived('/'), history]);
    expect(everything).not.toContain(code.replaceAll('-', ''));
  });

  it('tells each customer about their own redemptions only', async () => {
    const [mine, theirs] = await someIssuedCodes(api, { count: 2 });
    const [{ caller: customer, sub: customerId }, { caller: other, sub: otherId }] = await Promise.all([
      aFreshCustomer(api),
      aFreshCustomer(api),
    ]);
    const subscriber = await aSubscriber(api, customer);

    theSubscriptionWasRefused(await weSubscribe(subscriber, ON_REDEMPTION_UPDATED, { customerId: otherId }), 'Unauthorized');
    const live = await weSubscribe(subscriber, ON_REDEMPTION_UPDATED, { customerId });
    theSubscriptionStarted(live);

    const theirRedemption = itSucceeded(await weRedeem(api, other, theirs)).redeemGiftCode;
    const myRedemption = itSucceeded(await weRedeem(api, customer, mine)).redeemGiftCode;
    const pushed = await theSubscriberReceives(live, 2, 10_000);
    await settle();
    const ids = subscriber.client.dataOf(live.id).map((message) => message.data.onRedemptionUpdated.id);
    expect(ids).toEqual([myRedemption.id, myRedemption.id]);
    expect(ids).not.toContain(theirRedemption.id);
    expect(pushed.every((message) => message.data.onRedemptionUpdated.customerId === customerId)).toBe(true);
  });

  it('still happens exactly once when the bus refuses the pipeline’s publish: the outbox sweeper delivers it', async () => {
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 120 } });
    const customer = (await aFreshCustomer(api)).caller;
    const requestId = aRequestId();
    const fault = await aFaultIsArmed(engine, {
      kind: 'eventbridge.reject',
      count: 1,
      source: 'giftcodes.redemption',
      matching: requestId,
    });

    const redemption = itSucceeded(await weRedeem(api, customer, code, requestId)).redeemGiftCode;
    await theSideEffectsOf(customer, redemption.id, { points: 120 });
    const armed = (await (await fetch(api.url.replace('/graphql', '/_local/faults'))).json()) as { faults: Array<{ id: string }> };
    expect(
      armed.faults.find((candidate: { id: string }) => candidate.id === fault.id),
      'the fault fired',
    ).toBeUndefined();
    await settle();
    await theSideEffectsOf(customer, redemption.id, { points: 120 });
  });

  it('still credits once when the ledger consumer crashes after doing its work', async () => {
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 90 } });
    const { caller: customer, sub: customerId } = await aFreshCustomer(api);
    await aFaultIsArmed(engine, { kind: 'lambda.crash', functionName: 'LoyaltyLedger', when: 'after', count: 1, matching: customerId });

    const redemption = itSucceeded(await weRedeem(api, customer, code)).redeemGiftCode;
    await theSideEffectsOf(customer, redemption.id, { points: 90 });
    await settle();
    const { ledgerEntries } = await theSideEffectsOf(customer, redemption.id, { points: 90 });
    expect(ledgerEntries).toHaveLength(1);
  });

  it('parks a down partner’s notices in the DLQ, and delivers them once on redrive', async () => {
    await aPartnerWebhook('globex', 'FLAT_FORM_V1');
    const [code] = await someIssuedCodes(api, { issuerId: 'globex' });
    const customer = (await aFreshCustomer(api)).caller;
    // a minute at the engine's time scale (retries and visibility timeouts run that much faster too)
    await anOutage('/partners/globex', 60_000 * engine.timeScale);

    const redemption = itSucceeded(await weRedeem(api, customer, code)).redeemGiftCode;
    const parked = await eventually(async () => {
      const dlq = await theDeadLetterQueue(engine, 'PartnerWebhookDeliveriesDlq');
      const message = dlq.messages.find((candidate) => JSON.stringify(candidate).includes(redemption.id));
      expect(message).toBeDefined();
      return dlq;
    }, 30_000);
    const refused = (await whatTheOutsideWorldReceived('/partners/globex')).filter((request) => request.body.includes(redemption.id));
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((request) => request.answeredStatus === 503)).toBe(true);

    await theOutageHasPassed('/partners/globex');
    await weRedrive(engine, parked.name);
    const delivered = await eventually(async () => {
      const calls = (await whatTheOutsideWorldReceived('/partners/globex')).filter(
        (request) => request.body.includes(redemption.id) && request.answeredStatus === 200,
      );
      expect(calls).toHaveLength(1);
      return calls[0];
    }, 20_000);
    expect(verifySignature(SIGNING_SECRET.globex, delivered.headers['x-loyalty-signature'], delivered.body, 300)).toBe(true);
    expect(new URLSearchParams(delivered.body).get('redemption_id')).toBe(redemption.id);
    await settle();
    expect(
      (await whatTheOutsideWorldReceived('/partners/globex')).filter(
        (request) => request.body.includes(redemption.id) && request.answeredStatus === 200,
      ),
    ).toHaveLength(1);
  }, 60_000);
});
