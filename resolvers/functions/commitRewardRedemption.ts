import { runtime, util, type Context } from '@aws-appsync/utils';
import { REWARD_REDEEMED } from '../../schema/events';
import type { MutationRedeemRewardArgs } from '../generated/schema-types';
import {
  balanceKey,
  ledgerSortKey,
  memberKey,
  redemptionPointerKey,
  rewardCountKey,
  rewardRedemptionKey,
  rewardRequestKey,
} from '../lib/loyalty';
import { outboxCommitted, owedEvent } from '../lib/outbox';

const values = (input: Record<string, unknown>) => util.dynamodb.toMapValues(input);

/**
 * The redemption: ONE transaction across the Rewards and Loyalty tables. The reward's stock (condition: published,
 * in stock, price unchanged), the balance (condition: enough points, the tier if the reward needs one), the
 * customer's count for this reward (condition: under the limit), the requestId marker (condition: new), the
 * redemption with its `reward_redeemed` outbox, its admin pointer and the SPENT ledger entry. Of any number of
 * concurrent attempts, only those every condition allows commit. The spend adds to `consumed`: the ledger draws
 * on the oldest-expiring lots first, so expiry can never take these points (docs/loyalty.md, "Expiry").
 */
export function request(ctx: Context<MutationRedeemRewardArgs>) {
  if (ctx.stash.replayedKey) runtime.earlyReturn();
  const loyalty = ctx.env.LOYALTY_TABLE;
  const reward = ctx.stash.reward as Record<string, unknown>;
  const customerId = ctx.stash.customerId as string;
  const { rewardId, requestId } = ctx.args.input;
  const cost = reward.pointsCost as number;
  const limit = (reward.perCustomerLimit as number | null | undefined) ?? 0;
  const now = util.time.nowISO8601();
  const id = util.autoUlid();
  const entryId = `spent:${id}`;
  const redemptionKey = rewardRedemptionKey(customerId, id);
  const data = {
    redemptionId: id,
    requestId,
    customerId,
    rewardId,
    rewardTitle: reward.title,
    pointsSpent: cost,
    fulfilment: reward.fulfilment ?? 'PHYSICAL',
    entryId,
    redeemedAt: now,
  };
  const redemption = {
    ...redemptionKey,
    id,
    requestId,
    customerId,
    rewardId,
    rewardTitle: reward.title,
    pointsSpent: cost,
    fulfilment: reward.fulfilment ?? 'PHYSICAL',
    status: 'REDEEMED',
    entryId,
    redeemedAt: now,
    updatedAt: now,
    ...owedEvent(ctx, redemptionKey, REWARD_REDEEMED, { eventId: id, correlationId: id, data }),
  };
  ctx.stash.pending = redemption;
  const minimumRank = ctx.stash.minimumRank as number;
  const balanceCondition =
    minimumRank > 0
      ? { expression: 'balance >= :cost AND tierRank >= :rank', expressionValues: values({ ':cost': cost, ':rank': minimumRank }) }
      : { expression: 'balance >= :cost', expressionValues: values({ ':cost': cost }) };
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table: ctx.env.REWARDS_TABLE,
        operation: 'UpdateItem',
        key: values({ id: rewardId }),
        update: { expression: 'SET stock = stock - :one', expressionValues: values({ ':one': 1 }) },
        condition: {
          expression: '#status = :published AND stock > :zero AND pointsCost = :cost',
          expressionNames: { '#status': 'status' },
          expressionValues: values({ ':published': 'PUBLISHED', ':zero': 0, ':cost': cost }),
        },
      },
      {
        table: loyalty,
        operation: 'UpdateItem',
        key: values(balanceKey(customerId)),
        update: {
          expression:
            'SET balance = balance - :cost, pointsConsumed = if_not_exists(pointsConsumed, :zero) + :cost, updatedAt = :now ADD version :one',
          expressionValues: values({ ':cost': cost, ':zero': 0, ':now': now, ':one': 1 }),
        },
        condition: balanceCondition,
      },
      {
        table: loyalty,
        operation: 'UpdateItem',
        key: values(rewardCountKey(customerId, rewardId)),
        update: { expression: 'ADD #count :one', expressionNames: { '#count': 'count' }, expressionValues: values({ ':one': 1 }) },
        condition: limit
          ? {
              expression: 'attribute_not_exists(#count) OR #count < :limit',
              expressionNames: { '#count': 'count' },
              expressionValues: values({ ':limit': limit }),
            }
          : undefined,
      },
      {
        table: loyalty,
        operation: 'PutItem',
        key: values(rewardRequestKey(customerId, requestId)),
        attributeValues: values({ rewardId, redemptionSk: redemptionKey.sk, createdAt: now }),
        condition: { expression: 'attribute_not_exists(pk)' },
      },
      {
        table: loyalty,
        operation: 'PutItem',
        key: values(redemptionKey),
        attributeValues: values(withoutKey(redemption)),
        condition: { expression: 'attribute_not_exists(pk)' },
      },
      {
        table: loyalty,
        operation: 'PutItem',
        key: values(redemptionPointerKey(id)),
        // the redemption as committed, for admins who know only its id (cancelRewardRedemption)
        // it owes no event: the redemption item does
        attributeValues: values({ ...withoutOutbox(withoutKey(redemption)), redemptionSk: redemptionKey.sk }),
      },
      {
        table: loyalty,
        operation: 'PutItem',
        key: values({ pk: memberKey(customerId), sk: ledgerSortKey(now, entryId) }),
        attributeValues: values({
          id: entryId,
          customerId,
          kind: 'SPENT',
          status: 'POSTED',
          points: -cost,
          reason: 'REWARD_REDEMPTION',
          sourceType: 'REWARD_REDEMPTION',
          sourceId: id,
          redemptionId: id,
          occurredAt: now,
        }),
      },
    ],
  };
}

export function response(ctx: Context<MutationRedeemRewardArgs>) {
  if (ctx.error) {
    const reasons = (ctx.result as { cancellationReasons?: Array<{ type: string }> } | null)?.cancellationReasons ?? [];
    const failed = (index: number) => !!reasons[index] && reasons[index].type === 'ConditionalCheckFailed';
    if (failed(3)) util.error('A redemption with this requestId is in progress; retry.', 'RedemptionInProgress');
    if (failed(1)) util.error('Not enough points for this reward.', 'InsufficientPoints');
    if (failed(0)) util.error('This reward is not available.', 'RewardUnavailable');
    if (failed(2)) util.error('The per-customer limit for this reward is reached.', 'RedemptionLimitReached');
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.redemption = ctx.stash.pending;
  outboxCommitted(ctx);
  return null;
}

function withoutOutbox(item: Record<string, unknown>) {
  const { outbox: _outbox, outboxPendingSince: _since, outboxShard: _shard, ...attributes } = item;
  return attributes;
}

function withoutKey(item: Record<string, unknown>) {
  const { pk: _pk, sk: _sk, ...attributes } = item;
  return attributes;
}
