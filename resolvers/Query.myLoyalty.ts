import { type Context } from '@aws-appsync/utils';
import { customerOf } from './lib/loyalty';

/** Pipeline: loadLoyaltyAccount → loadLoyaltyLots. The caller's own account, from the verified sub. */
export function request(ctx: Context) {
  ctx.stash.customerId = customerOf(ctx);
  return {};
}

export function response(ctx: Context) {
  return ctx.stash.account;
}
