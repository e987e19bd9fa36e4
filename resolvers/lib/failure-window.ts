import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { isConditionFailure, raiseDataSourceError } from './errors';

/**
 * A customer's failed attempts (gift codes that cannot be redeemed, serials that are malformed or taken) counted in
 * a 15-minute window kept in one item (`failures`, `windowEndsAt`, `ttl`): past its limit every attempt is refused
 * until the window ends, so guessing is slowed down. DynamoDB's TTL removes spent windows.
 */
export const FAILURE_WINDOW_SECONDS = 15 * 60;

/** The window item as read (or null): it is still open and holds `limit` failures already. */
export function failureLimitReached(window: Record<string, unknown> | null, limit: number): boolean {
  return !!window && (window.windowEndsAt as number) > util.time.nowEpochSeconds() && (window.failures as number) >= limit;
}

/**
 * The UpdateItem that counts one failure. `seenWindowEnd` is the window's end as the pipeline read it (null: no
 * window yet). Counting is an atomic ADD, so concurrent failures are all counted.
 */
export function countFailure(key: { pk: string; sk: string }, seenWindowEnd: number | null) {
  const now = util.time.nowEpochSeconds();
  const newWindowEnd = now + FAILURE_WINDOW_SECONDS;
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

/** Re-raises countFailure's data-source error, except a lost race to open the new window: that only loses the count of one attempt. */
export function raiseCountingError(ctx: Context): void {
  if (!isConditionFailure(ctx)) raiseDataSourceError(ctx);
}
