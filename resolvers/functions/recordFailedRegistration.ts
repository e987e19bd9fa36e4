import { runtime, util, type Context } from '@aws-appsync/utils';
import { countFailure, raiseCountingError } from '../lib/failure-window';
import { registrationAttemptsKey } from '../lib/registration';

/** Counts a failed registration (a malformed or taken serial) in the customer's failure window, then answers with the failure's error. */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'failed') runtime.earlyReturn();
  return countFailure(registrationAttemptsKey(ctx.stash.customerId), ctx.stash.attemptWindowEndsAt as number | null);
}

export function response(ctx: Context) {
  raiseCountingError(ctx);
  const failure = ctx.stash.failure as { message: string; type: string };
  util.error(failure.message, failure.type);
}
