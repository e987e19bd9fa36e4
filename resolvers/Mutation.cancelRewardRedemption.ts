import { util, type Context } from '@aws-appsync/utils';
import type { MutationCancelRewardRedemptionArgs } from './generated/schema-types';

/** Pipeline: loadRedemptionToCancel → commitCancellation → publishOutboxEvent → clearOutboxMark (docs/loyalty.md, "Reversal"). */
export function request(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  const reason = ctx.args.input.reason;
  if (reason.trim() === '' || reason.length > 500) util.error('reason must say why, in at most 500 characters.', 'ValidationError');
  return {};
}

export function response(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  return ctx.stash.cancelled;
}
