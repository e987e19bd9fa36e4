import { extensions, util, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnLoyaltyUpdatedArgs } from './generated/schema-types';
import { identityOf } from './lib/identity';

export function request() {
  return { payload: null };
}

/** Customers listen to their own account only; the filter uses the verified sub, not the argument alone. */
export function response(ctx: Context<SubscriptionOnLoyaltyUpdatedArgs>) {
  const sub = identityOf(ctx).sub;
  if (ctx.args.customerId !== sub) util.unauthorized();
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ customerId: { eq: sub } }));
  return null;
}
