import { type Context } from '@aws-appsync/utils';
import type { MutationRedeemRewardArgs } from './generated/schema-types';
import { customerOf, publicRewardRedemption, requireRequestId } from './lib/loyalty';

/**
 * Pipeline: loadRewardRedemption → commitRewardRedemption → loadReplayedRedemption → publishOutboxEvent →
 * clearOutboxMark (docs/loyalty.md, "Redeeming a reward"). The commit is one DynamoDB transaction over the Loyalty
 * and Rewards tables.
 */
export function request(ctx: Context<MutationRedeemRewardArgs>) {
  requireRequestId(ctx.args.input.requestId);
  ctx.stash.customerId = customerOf(ctx);
  return {};
}

export function response(ctx: Context<MutationRedeemRewardArgs>) {
  return publicRewardRedemption(ctx.stash.redemption as Record<string, unknown>, true);
}
