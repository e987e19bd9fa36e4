import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationRedeemRewardArgs } from '../generated/schema-types';
import { balanceKey, rewardCountKey, rewardRequestKey, tiersOf } from '../lib/loyalty';

/**
 * One consistent read of what the decision needs: the reward, the member's balance item, this reward's
 * redemption count and any redemption already made under this requestId. The read decides what to try and which
 * error to give; the commit's conditions are what guarantee points, stock and limits.
 */
export function request(ctx: Context<MutationRedeemRewardArgs>) {
  const customerId = ctx.stash.customerId as string;
  const { rewardId, requestId } = ctx.args.input;
  return ddb.batchGet({
    tables: {
      [ctx.env.REWARDS_TABLE]: { keys: [{ id: rewardId }], consistentRead: true },
      [ctx.env.LOYALTY_TABLE]: {
        keys: [balanceKey(customerId), rewardCountKey(customerId, rewardId), rewardRequestKey(customerId, requestId)],
        consistentRead: true,
      },
    },
  });
}

export function response(ctx: Context<MutationRedeemRewardArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const result = ctx.result as { data: Record<string, Array<Record<string, unknown> | null>>; unprocessedKeys: Record<string, unknown[]> };
  if ((result.unprocessedKeys[ctx.env.REWARDS_TABLE] ?? []).length || (result.unprocessedKeys[ctx.env.LOYALTY_TABLE] ?? []).length)
    util.error('The redemption could not be checked; retry.', 'ServiceUnavailable');
  const [reward] = result.data[ctx.env.REWARDS_TABLE];
  const [balance, count, replayed] = result.data[ctx.env.LOYALTY_TABLE];
  if (replayed) {
    if (replayed.rewardId !== ctx.args.input.rewardId) util.error('This requestId was used for another reward.', 'RequestIdReused');
    ctx.stash.replayedKey = { pk: replayed.pk, sk: replayed.redemptionSk };
    return null;
  }
  const now = util.time.nowISO8601();
  if (!reward || reward.status !== 'PUBLISHED') util.error('This reward is not available.', 'RewardUnavailable');
  if (
    (reward.availableFrom && (reward.availableFrom as string) > now) ||
    (reward.availableUntil && (reward.availableUntil as string) <= now)
  )
    util.error('This reward is not available now.', 'RewardUnavailable');
  if ((reward.stock as number) <= 0) util.error('This reward is out of stock.', 'RewardUnavailable');
  const minimum = tiersOf(ctx.env).find((tier) => tier.name === reward.minimumTier);
  const rank = (balance?.tierRank as number | undefined) ?? 0;
  if (minimum && rank < minimum.rank) util.error(`This reward is for ${minimum.name} members and above.`, 'RewardUnavailable');
  const limit = reward.perCustomerLimit as number | null | undefined;
  if (limit && ((count?.count as number | undefined) ?? 0) >= limit)
    util.error(`This reward can be redeemed ${limit} time(s) per customer.`, 'RedemptionLimitReached');
  if (((balance?.balance as number | undefined) ?? 0) < (reward.pointsCost as number))
    util.error(`This reward costs ${reward.pointsCost} points.`, 'InsufficientPoints');
  ctx.stash.reward = reward;
  ctx.stash.minimumRank = minimum ? minimum.rank : 0;
  return null;
}
