/**
 * Spending points on rewards, as customers and admins call it: one transaction over points, stock and limits,
 * exactly once under any concurrency, idempotent on requestId, reversible once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import type { FabricApi } from '../steps/event-steps.js';
import { aFaultIsArmed, theArmedFaults } from '../steps/fault-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import {
  aMemberWith,
  aPublishedReward,
  theAccountOf,
  theRewardRedemptionsOf,
  theStockOf,
  weAdjustPoints,
  weCancelRewardRedemption,
  weRedeemReward,
} from '../steps/loyalty-steps.js';
import { theEventsOf } from '../steps/registration-steps.js';
import { eventually, itSucceeded, theFieldFailed } from '../steps/then-steps.js';

const api = theProductApi();
const engine: FabricApi = { url: api.url, apiKey: api.apiKey, timeScale: inject('appTimeScale') };

describe('redeemReward', () => {
  it('lets exactly 1 of 10 concurrent 60-point redemptions by a customer with 100 points succeed, leaving 40', async () => {
    const { caller } = await aMemberWith(api, 100);
    const rewardId = await aPublishedReward(api, { pointsCost: 60, stock: 100 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => weRedeemReward(api, caller, rewardId)));
    const succeeded = answers.filter((answer) => !answer.body.errors);
    expect(succeeded).toHaveLength(1);
    for (const failed of answers.filter((answer) => answer.body.errors))
      expect(failed.body.errors[0].errorType).toMatch(/InsufficientPoints|TransactionConflict/);
    const account = await theAccountOf(api, caller);
    expect(account.balance).toBe(40);
    expect(account.ledger.items.map((entry: { kind: string; points: number }) => [entry.kind, entry.points])).toEqual([
      ['SPENT', -60],
      ['ADJUSTED', 100],
    ]);
    expect(await theStockOf(api, rewardId)).toBe(99);
  });

  it('lets exactly 1 of 500 concurrent redemptions of a reward with stock 1, by several customers, succeed', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => aMemberWith(api, 1000)));
    const rewardId = await aPublishedReward(api, { pointsCost: 10, stock: 1 });
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, index) => weRedeemReward(api, members[index % members.length].caller, rewardId)),
    );
    expect(answers.filter((answer) => !answer.body.errors)).toHaveLength(1);
    expect(await theStockOf(api, rewardId)).toBe(0);
    const balances = await Promise.all(members.map(async (member) => (await theAccountOf(api, member.caller)).balance));
    expect(balances.sort()).toEqual([1000, 1000, 1000, 1000, 990]);
  });

  it('returns the same redemption for a retried requestId and charges once', async () => {
    const { caller } = await aMemberWith(api, 100);
    const rewardId = await aPublishedReward(api, { pointsCost: 30, stock: 5 });
    const requestId = randomUUID();
    const first = itSucceeded(await weRedeemReward(api, caller, rewardId, requestId)).redeemReward;
    const again = itSucceeded(await weRedeemReward(api, caller, rewardId, requestId)).redeemReward;
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ rewardId, pointsSpent: 30, status: 'REDEEMED', fulfilment: 'PHYSICAL' });
    expect((await theAccountOf(api, caller)).balance).toBe(70);
  });

  it('refuses with InsufficientPoints, RewardUnavailable and RedemptionLimitReached', async () => {
    const { caller } = await aMemberWith(api, 100);
    theFieldFailed(
      await weRedeemReward(api, caller, await aPublishedReward(api, { pointsCost: 101, stock: 5 })),
      ['redeemReward'],
      'InsufficientPoints',
    );
    theFieldFailed(
      await weRedeemReward(api, caller, await aPublishedReward(api, { pointsCost: 1, stock: 0 })),
      ['redeemReward'],
      'RewardUnavailable',
    );
    theFieldFailed(await weRedeemReward(api, caller, 'no-such-reward'), ['redeemReward'], 'RewardUnavailable');
    theFieldFailed(
      await weRedeemReward(api, caller, await aPublishedReward(api, { pointsCost: 1, stock: 5, minimumTier: 'Gold' })),
      ['redeemReward'],
      'RewardUnavailable',
    );
    const limited = await aPublishedReward(api, { pointsCost: 1, stock: 5, perCustomerLimit: 1 });
    itSucceeded(await weRedeemReward(api, caller, limited));
    theFieldFailed(await weRedeemReward(api, caller, limited), ['redeemReward'], 'RedemptionLimitReached');
    expect((await theAccountOf(api, caller)).balance).toBe(99);
  });
});

describe('cancelRewardRedemption', () => {
  it('gives the points and the stock back exactly once, with a REVERSED entry linked to the SPENT one', async () => {
    const { caller } = await aMemberWith(api, 100);
    const rewardId = await aPublishedReward(api, { pointsCost: 60, stock: 1 });
    const redemption = itSucceeded(await weRedeemReward(api, caller, rewardId)).redeemReward;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => weCancelRewardRedemption(api, redemption.id, 'customer returned it')),
    );
    expect(answers.filter((answer) => !answer.body.errors)).toHaveLength(1);
    const account = await theAccountOf(api, caller);
    expect(account.balance).toBe(100);
    const [reversed, spent] = account.ledger.items;
    expect(reversed).toMatchObject({
      kind: 'REVERSED',
      points: 60,
      redemptionId: redemption.id,
      reversesEntryId: spent.id,
      reason: 'customer returned it',
    });
    expect(spent).toMatchObject({ kind: 'SPENT', points: -60 });
    expect(await theStockOf(api, rewardId)).toBe(1);
    expect((await theRewardRedemptionsOf(api, caller))[0]).toMatchObject({ id: redemption.id, status: 'CANCELLED' });
  });
});

describe('adjustPoints', () => {
  it('is audited, idempotent on requestId and never takes a balance below zero', async () => {
    const { caller, customerId } = await aMemberWith(api, 0);
    const requestId = randomUUID();
    const credit = itSucceeded(await weAdjustPoints(api, { customerId, points: 50, reason: 'goodwill', requestId })).adjustPoints;
    const retried = itSucceeded(await weAdjustPoints(api, { customerId, points: 50, reason: 'goodwill', requestId })).adjustPoints;
    expect(retried).toEqual(credit);
    expect(credit).toMatchObject({
      kind: 'ADJUSTED',
      points: 50,
      reason: 'goodwill',
      actor: 'admin',
      sourceType: 'ADJUSTMENT',
      expiresAt: expect.any(String),
    });
    theFieldFailed(
      await weAdjustPoints(api, { customerId, points: -51, reason: 'too much', requestId: randomUUID() }),
      ['adjustPoints'],
      'InsufficientPoints',
    );
    itSucceeded(await weAdjustPoints(api, { customerId, points: -50, reason: 'all of it', requestId: randomUUID() }));
    expect((await theAccountOf(api, caller)).balance).toBe(0);
  });

  it('publishes points_adjusted once, through the outbox sweeper, when the bus refuses the pipeline’s publish', async () => {
    const { customerId } = await aMemberWith(api, 0);
    const reason = `goodwill ${randomUUID()}`;
    const fault = await aFaultIsArmed(engine, { kind: 'eventbridge.reject', count: 1, source: 'loyalty.ledger', matching: reason });
    const entry = itSucceeded(await weAdjustPoints(api, { customerId, points: 50, reason, requestId: randomUUID() })).adjustPoints;
    expect((await theArmedFaults(engine)).map((armed) => armed.id)).not.toContain(fault.id);

    const adjusted = await eventually(async () => {
      const events = (await theEventsOf(api, entry.id)).filter((logged) => logged.event['detail-type'] === 'points_adjusted');
      expect(events).toHaveLength(1);
      return events[0];
    }, 20_000);
    expect(adjusted.event.detail).toMatchObject({ metadata: { event_id: entry.id }, data: { customerId, points: 50, reason } });
  });
});
