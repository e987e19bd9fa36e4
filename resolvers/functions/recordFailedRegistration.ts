import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { REGISTRATION_ATTEMPT_WINDOW_SECONDS, registrationAttemptsKey } from '../lib/registration';

/**
 * Counts a failed registration (a malformed or taken serial) in the customer's 15-minute window, then answers with
 * the failure's error. Counting is an atomic update, so concurrent failures are all counted.
 */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'failed') runtime.earlyReturn();
  const key = registrationAttemptsKey(ctx.stash.customerId);
  const now = util.time.nowEpochSeconds();
  const seenWindowEnd = ctx.stash.attemptWindowEndsAt as number | null;
  const newWindowEnd = now + REGISTRATION_ATTEMPT_WINDOW_SECONDS;
  if (seenWindowEnd !== null && seenWindowEnd <= now) {
    // the window we saw is over: start a new one, unless a concurrent attempt already did
    return ddb.update({
      key,
      update: { failures: 1, windowEndsAt: newWindowEnd, ttl: newWindowEnd },
      condition: { windowEndsAt: { eq: seenWindowEnd } },
    });
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(key),
    update: {
      expression: 'ADD #failures :one SET #windowEndsAt = if_not_exists(#windowEndsAt, :end), #ttl = if_not_exists(#ttl, :end)',
      expressionNames: { '#failures': 'failures', '#windowEndsAt': 'windowEndsAt', '#ttl': 'ttl' },
      expressionValues: util.dynamodb.toMapValues({ ':one': 1, ':end': newWindowEnd }),
    },
  };
}

export function response(ctx: Context) {
  // a lost race to open the new window only loses the count of this one attempt; the answer is the same
  if (ctx.error && ctx.error.type !== 'DynamoDB:ConditionalCheckFailedException') util.error(ctx.error.message, ctx.error.type);
  const failure = ctx.stash.failure as { message: string; type: string };
  util.error(failure.message, failure.type);
}
