import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationRecordRedemptionProgressArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { publicRedemption, redemptionKey } from './lib/gift-codes';

/**
 * REDEEMED → VALUE_APPLIED or FAILED, once: the condition turns a redelivered event into an error, and a mutation
 * that errors publishes nothing, so subscribers hear of each step exactly once.
 */
export function request(ctx: Context<MutationRecordRedemptionProgressArgs>) {
  const { customerId, requestId, redemptionId, status, reason } = ctx.args.input;
  if (status === 'REDEEMED') util.error('Progress is VALUE_APPLIED or FAILED.', 'ValidationError');
  return ddb.update({
    key: redemptionKey(customerId, requestId),
    update: {
      status,
      updatedAt: util.time.nowISO8601(),
      failureReason: status === 'FAILED' ? (reason ?? 'unknown') : ddb.operations.remove(),
    },
    condition: { status: { eq: 'REDEEMED' }, id: { eq: redemptionId } },
  });
}

export function response(ctx: Context<MutationRecordRedemptionProgressArgs>) {
  raiseDataSourceError(ctx, { message: 'The redemption has already moved on.', errorType: 'RedemptionAlreadyUpdated' });
  return publicRedemption(ctx.result as Record<string, unknown>);
}
