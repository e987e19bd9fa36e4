import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationCancelRewardRedemptionArgs } from '../generated/schema-types';
import { redemptionPointerKey } from '../lib/loyalty';

/** The redemption as committed, found by its id alone (the pointer written with it). */
export function request(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  return ddb.get({ key: redemptionPointerKey(ctx.args.input.redemptionId), consistentRead: true });
}

export function response(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('No reward redemption has this id.', 'RewardRedemptionNotFound');
  ctx.stash.redemption = ctx.result;
  return null;
}
