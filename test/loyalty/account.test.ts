/**
 * The account as customers see it: pushed live after every change (to its owner only), tiers from points earned
 * (Gold stays Gold after spending until the review), and reward fulfilment through the CRM's queue, which rides
 * out a CRM outage with retries, a DLQ and a redrive, delivering once; digital rewards show their voucher code.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { theDeadLetterQueue, weRedrive, type FabricApi } from '../steps/event-steps.js';
import { aSubscriber, theProductApi } from '../steps/given-steps.js';
import { anOutage, someIssuedCodes, theOutageHasPassed, weRedeem, whatTheOutsideWorldReceived } from '../steps/gift-code-steps.js';
import {
  ACCOUNT_FIELDS,
  aMemberWith,
  aPublishedReward,
  theAccountOf,
  theRewardRedemptionsOf,
  weAdjustPoints,
  weRedeemReward,
} from '../steps/loyalty-steps.js';
import {
  eventually,
  itSucceeded,
  theFieldFailed,
  theSubscriberReceives,
  theSubscriptionStarted,
  theSubscriptionWasRefused,
} from '../steps/then-steps.js';
import { weSubscribe } from '../steps/when-steps.js';

const api = theProductApi();
const engine: FabricApi = { url: api.url, apiKey: api.apiKey, timeScale: inject('appTimeScale') };
const ON_LOYALTY_UPDATED = `subscription Follow($customerId: ID!) { onLoyaltyUpdated(customerId: $customerId) { ${ACCOUNT_FIELDS} } }`;

describe('onLoyaltyUpdated', () => {
  it('pushes the account after a change to its owner, and refuses anyone else', async () => {
    const { caller, customerId } = await aMemberWith(api, 0);
    const owner = await aSubscriber(api, caller);
    const subscription = await weSubscribe(owner, ON_LOYALTY_UPDATED, { customerId });
    theSubscriptionStarted(subscription);
    const other = await aSubscriber(api, (await aMemberWith(api, 0)).caller);
    theSubscriptionWasRefused(await weSubscribe(other, ON_LOYALTY_UPDATED, { customerId }), 'Unauthorized');

    itSucceeded(await weAdjustPoints(api, { customerId, points: 1200, reason: 'welcome', requestId: randomUUID() }));
    const [pushed] = await theSubscriberReceives(subscription, 1, 20_000);
    expect(pushed.data.onLoyaltyUpdated).toMatchObject({ customerId, balance: 1200, tier: { name: 'Bronze' } });
    await owner.client.close();
    await other.client.close();
  });
});

describe('tiers', () => {
  it('come from points earned: 5,000 earned is Gold at once, and spending keeps Gold until the review', async () => {
    const { caller } = await aMemberWith(api, 0);
    const [code] = await someIssuedCodes(api, { value: { kind: 'POINTS', amount: 5000 } });
    itSucceeded(await weRedeem(api, caller, code));
    const gold = await eventually(async () => {
      const account = await theAccountOf(api, caller);
      expect(account.tier.name).toBe('Gold');
      return account;
    }, 20_000);
    expect(gold).toMatchObject({ balance: 5000, pointsEarnedLast12Months: 5000, nextTier: null, pointsToNextTier: 0 });
    expect(gold.nextExpiry).toEqual({ points: 5000, expiresAt: gold.ledger.items[0].expiresAt });
    expect(gold.ledger.items[0]).toMatchObject({ kind: 'EARNED', points: 5000, sourceType: 'GIFT_CODE' });

    const goldOnly = await aPublishedReward(api, { pointsCost: 4500, stock: 5, minimumTier: 'Gold' });
    itSucceeded(await weRedeemReward(api, caller, goldOnly));
    const afterSpending = await theAccountOf(api, caller);
    expect(afterSpending).toMatchObject({ balance: 500, tier: { name: 'Gold' }, pointsEarnedLast12Months: 5000 });

    const { caller: bronze } = await aMemberWith(api, 5000);
    // adjustments are not earnings: 5,000 adjusted points are still Bronze, and Gold-only rewards stay out of reach
    expect((await theAccountOf(api, bronze)).tier.name).toBe('Bronze');
    theFieldFailed(await weRedeemReward(api, bronze, goldOnly), ['redeemReward'], 'RewardUnavailable');
  });
});

describe('fulfilment', () => {
  it('gives a digital reward a voucher code shown to its owner, and tells the CRM in its own format', async () => {
    const { caller } = await aMemberWith(api, 100);
    const rewardId = await aPublishedReward(api, { pointsCost: 10, stock: 5, fulfilment: 'DIGITAL' });
    const redemption = itSucceeded(await weRedeemReward(api, caller, rewardId)).redeemReward;
    const fulfilled = await eventually(async () => {
      const [listed] = await theRewardRedemptionsOf(api, caller);
      expect(listed).toMatchObject({
        id: redemption.id,
        status: 'FULFILLED',
        voucherCode: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{16}$/),
      });
      return listed;
    }, 20_000);
    const tickets = (await whatTheOutsideWorldReceived('/crm/tickets/fulfilments')).filter((request) =>
      request.body.includes(redemption.id),
    );
    expect(tickets).toHaveLength(1);
    expect(JSON.parse(tickets[0].body)).toEqual({
      ticket_type: 'REWARD_FULFILMENT',
      external_ref: redemption.id,
      contact_ref: redemption.customerId,
      item: { sku: rewardId, name: `Reward ${rewardId}`, delivery: 'EMAIL' },
      points_cost: 10,
      requested_at: redemption.redeemedAt,
    });
    expect(tickets[0].body).not.toContain(fulfilled.voucherCode);
  });

  it('rides out a CRM outage: retries, the DLQ, a redrive, and one delivery', async () => {
    const { caller } = await aMemberWith(api, 100);
    const rewardId = await aPublishedReward(api, { pointsCost: 10, stock: 5 });
    await anOutage('/crm/tickets/fulfilments', 600_000 * engine.timeScale);
    const redemption = itSucceeded(await weRedeemReward(api, caller, rewardId)).redeemReward;
    const parked = await eventually(async () => {
      const dlq = await theDeadLetterQueue(engine, 'RewardFulfilmentsDlq');
      expect(dlq.messages.some((message) => JSON.stringify(message).includes(redemption.id))).toBe(true);
      return dlq;
    }, 40_000);
    const refused = (await whatTheOutsideWorldReceived('/crm/tickets/fulfilments')).filter((request) =>
      request.body.includes(redemption.id),
    );
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.every((request) => request.answeredStatus === 503)).toBe(true);

    await theOutageHasPassed('/crm/tickets/fulfilments');
    await weRedrive(engine, parked.name);
    await eventually(async () => {
      const delivered = (await whatTheOutsideWorldReceived('/crm/tickets/fulfilments')).filter(
        (request) => request.body.includes(redemption.id) && request.answeredStatus === 200,
      );
      expect(delivered).toHaveLength(1);
      expect((await theRewardRedemptionsOf(api, caller))[0]).toMatchObject({ id: redemption.id, status: 'FULFILLED' });
    }, 20_000);
  }, 90_000);
});
