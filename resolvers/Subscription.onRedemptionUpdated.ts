import { extensions, util, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnRedemptionUpdatedArgs } from './generated/schema-types';
import { identityOf } from './lib/identity';

export function request() {
  return { payload: null };
}

/** Customers listen to their own redemptions only; the filter uses the verified sub, not the argument alone. */
export function response(ctx: Context<SubscriptionOnRedemptionUpdatedArgs>) {
  const sub = identityOf(ctx).sub;
  if (ctx.args.customerId !== sub) util.unauthorized();
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ customerId: { eq: sub } }));
  return null;
}
