import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { isConditionFailure, raiseDataSourceError } from '../lib/errors';
import { ATTEMPT_WINDOW_SECONDS, attemptsKey, NOT_REDEEMABLE } from '../lib/gift-codes';

/**
 * Counts a failed attempt in the customer's 15-minute window (DynamoDB's TTL removes spent windows), then answers
 * with the one generic error. Counting is an atomic update, so concurrent failures are all counted.
 */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'not-redeemable') runtime.earlyReturn();
  const key = attemptsKey(ctx.stash.customerId);
  const now = util.time.nowEpochSeconds();
  const seenWindowEnd = ctx.stash.attemptWindowEndsAt as number | null;
  const newWindowEnd = now + ATTEMPT_WINDOW_SECONDS;
  if (seenWindowEnd !== null && seenWindowEnd <= now) {
    // the window we saw is over: start a new one, unless a concurrent attempt already did
    return ddb.update({
      key,
      update: { failures: 1, windowEndsAt: newWindowEnd, ttl: newWindowEnd },
      condition: { windowEndsAt: { eq: seenWindowEnd } },
    });
  }
  // ADD and if_not_exists: the first failure creates the window, concurrent ones all count
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
  if (!isConditionFailure(ctx)) raiseDataSourceError(ctx);
  util.error(NOT_REDEEMABLE, 'GiftCodeNotRedeemable');
}
