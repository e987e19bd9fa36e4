import { extensions, util, type Context } from '@aws-appsync/utils';
import type { SubscriptionOnDiscountIssuedArgs } from './generated/schema-types';
import { customerIdOf } from './lib/registration';

export function request() {
  return { payload: null };
}

/** A customer listens to their own customerId only; the filter uses the verified sub, not the argument alone. */
export function response(ctx: Context<SubscriptionOnDiscountIssuedArgs>) {
  const sub = customerIdOf(ctx);
  if (ctx.args.customerId !== sub) util.unauthorized();
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter({ customerId: { eq: sub } }));
  return null;
}
