import { runtime, util, type Context } from '@aws-appsync/utils';
import { countFailure, raiseCountingError } from '../lib/failure-window';
import { attemptsKey, NOT_REDEEMABLE } from '../lib/gift-codes';

/** Counts a failed attempt in the customer's failure window, then answers with the one generic error. */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'not-redeemable') runtime.earlyReturn();
  return countFailure(attemptsKey(ctx.stash.customerId), ctx.stash.attemptWindowEndsAt as number | null);
}

export function response(ctx: Context) {
  raiseCountingError(ctx);
  util.error(NOT_REDEEMABLE, 'GiftCodeNotRedeemable');
}
