import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseDataSourceError } from '../lib/errors';
import { failureLimitReached } from '../lib/failure-window';
import { attemptsKey, codeKey, MAX_FAILED_ATTEMPTS, redemptionKey, TOO_MANY_ATTEMPTS } from '../lib/gift-codes';

type Args = { input: { code: string; requestId: string } };

/**
 * One consistent read of everything the decision needs: the code, the customer's failed attempts and any
 * redemption already recorded under this requestId. The read only decides what to try; the write's condition
 * is what guarantees a code is redeemed once.
 */
export function request(ctx: Context<Args>) {
  const customerId = ctx.stash.customerId as string;
  return ddb.batchGet({
    tables: {
      [ctx.env.GIFT_CODES_TABLE]: {
        keys: [codeKey(ctx.stash.codeHash), attemptsKey(customerId), redemptionKey(customerId, ctx.args.input.requestId)],
        consistentRead: true,
      },
    },
  });
}

export function response(ctx: Context<Args>) {
  raiseDataSourceError(ctx);
  const result = ctx.result as { data: Record<string, Array<Record<string, unknown> | null>>; unprocessedKeys: Record<string, unknown[]> };
  if ((result.unprocessedKeys[ctx.env.GIFT_CODES_TABLE] ?? []).length)
    util.error('The redemption could not be checked; retry.', 'ServiceUnavailable');
  const [code, attempts, recorded] = result.data[ctx.env.GIFT_CODES_TABLE];
  const now = util.time.nowEpochSeconds();

  if (recorded) {
    if (recorded.codeHash !== ctx.stash.codeHash) util.error('This requestId was already used to redeem another code.', 'RequestIdReused');
    ctx.stash.redemption = recorded;
    ctx.stash.outcome = 'replayed';
    return null;
  }
  if (failureLimitReached(attempts, MAX_FAILED_ATTEMPTS)) util.error(TOO_MANY_ATTEMPTS, 'TooManyAttempts');

  ctx.stash.attemptWindowEndsAt = attempts ? attempts.windowEndsAt : null;
  const redeemable = ctx.stash.wellFormed && !!code && code.status === 'ACTIVE' && (code.expiresAtEpoch as number) > now;
  ctx.stash.code = redeemable ? code : null;
  ctx.stash.outcome = redeemable ? 'redeemable' : 'not-redeemable';
  return null;
}
