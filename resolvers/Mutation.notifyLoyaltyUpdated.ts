import { type Context } from '@aws-appsync/utils';
import type { MutationNotifyLoyaltyUpdatedArgs } from './generated/schema-types';

/**
 * Pipeline: loadLoyaltyAccount → loadLoyaltyLots. Called by the platform (an EventBridge rule, IAM) after every
 * balance or tier change; its result is what onLoyaltyUpdated subscribers receive.
 */
export function request(ctx: Context<MutationNotifyLoyaltyUpdatedArgs>) {
  ctx.stash.customerId = ctx.args.customerId;
  return {};
}

export function response(ctx: Context<MutationNotifyLoyaltyUpdatedArgs>) {
  return ctx.stash.account;
}
