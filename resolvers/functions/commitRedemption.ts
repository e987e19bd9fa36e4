import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { GIFT_CODE_REDEEMED } from '../../schema/events';
import { cancellationReasons, raiseDataSourceError } from '../lib/errors';
import { codeKey, redemptionKey } from '../lib/gift-codes';
import { outboxCommitted, owedEvent } from '../lib/outbox';

type Args = { input: { code: string; requestId: string } };

/**
 * The redemption: one transaction that moves the code ACTIVE → REDEEMED (the code's item is the lock) and records
 * the redemption with its outbox entry. Of any number of concurrent attempts on one code, exactly one commits.
 */
export function request(ctx: Context<Args>) {
  if (ctx.stash.outcome !== 'redeemable') runtime.earlyReturn();
  const table = ctx.env.GIFT_CODES_TABLE;
  const code = ctx.stash.code as Record<string, unknown>;
  const customerId = ctx.stash.customerId as string;
  const requestId = ctx.args.input.requestId;
  const now = util.time.nowISO8601();
  const id = util.autoUlid();
  const data = {
    redemptionId: id,
    requestId,
    customerId,
    codeId: code.id,
    batchId: code.batchId,
    issuerId: code.issuerId,
    last4: code.last4,
    value: code.value,
    redeemedAt: now,
  };
  const { redemptionId: _id, ...recorded } = data;
  const key = redemptionKey(customerId, requestId);
  const redemption = {
    ...key,
    ...recorded,
    type: 'Redemption',
    id,
    codeHash: ctx.stash.codeHash,
    status: 'REDEEMED',
    updatedAt: now,
    // the event it owes, in the same transaction: the outbox sweeper publishes it if the publish step does not
    ...owedEvent(ctx, key, GIFT_CODE_REDEEMED, { eventId: id, correlationId: id, data }),
  };
  ctx.stash.pending = redemption;
  const { pk, sk, ...attributes } = redemption;
  return ddb.transactWrite({
    items: [
      {
        updateItem: {
          table,
          key: codeKey(ctx.stash.codeHash),
          update: { status: 'REDEEMED', redeemedBy: customerId, redeemedAt: now, redemptionId: id },
          condition: { status: { eq: 'ACTIVE' }, expiresAtEpoch: { gt: util.time.nowEpochSeconds() } },
        },
      },
      { putItem: { table, key: { pk, sk }, item: attributes, condition: { pk: { attributeExists: false } } } },
    ],
  });
}

export function response(ctx: Context<Args>) {
  // the items' order: [0] the code, [1] the redemption
  const reasons = cancellationReasons(ctx);
  // the same requestId committed concurrently: a retry will return that redemption
  if (reasons.length === 2 && reasons[1].type === 'ConditionalCheckFailed')
    util.error('A redemption with this requestId is in progress; retry.', 'RedemptionInProgress');
  // another attempt took the code first
  if (reasons.length === 2 && reasons[0].type === 'ConditionalCheckFailed') {
    ctx.stash.outcome = 'not-redeemable';
    return null;
  }
  raiseDataSourceError(ctx);
  ctx.stash.redemption = ctx.stash.pending;
  ctx.stash.outcome = 'committed';
  outboxCommitted(ctx);
  return null;
}
