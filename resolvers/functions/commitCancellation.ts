import { util, type Context } from '@aws-appsync/utils';
import { REWARD_REDEMPTION_CANCELLED } from '../../schema/events';
import type { MutationCancelRewardRedemptionArgs } from '../generated/schema-types';
import {
  balanceKey,
  expiryOf,
  ledgerSortKey,
  lotSortKey,
  memberKey,
  publicRewardRedemption,
  redemptionPointerKey,
  rewardCountKey,
} from '../lib/loyalty';
import { outboxCommitted, owedEvent } from '../lib/outbox';

const values = (input: Record<string, unknown>) => util.dynamodb.toMapValues(input);

/**
 * One transaction, so the points and the stock come back exactly once: the redemption → CANCELLED (condition: not
 * cancelled yet, on both its items), the REVERSED entry linked to the SPENT one (with the
 * `reward_redemption_cancelled` outbox), its lot (the points returned expire a full period from now), the balance,
 * the reward's stock and the customer's count for the reward.
 */
export function request(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  const table = ctx.env.LOYALTY_TABLE;
  const redemption = ctx.stash.redemption as Record<string, unknown>;
  const customerId = redemption.customerId as string;
  const points = redemption.pointsSpent as number;
  const id = redemption.id as string;
  const now = util.time.nowISO8601();
  const entryId = `reversed:${id}`;
  const expiresAt = expiryOf(now, ctx.env);
  const reason = ctx.args.input.reason;
  const entryKey = { pk: memberKey(customerId), sk: ledgerSortKey(now, entryId) };
  const actor = (ctx.identity as { username?: string; sub: string }).username ?? (ctx.identity as { sub: string }).sub;
  const cancel = {
    expression: 'SET #status = :cancelled, cancelledAt = :now, cancelReason = :reason, updatedAt = :now',
    expressionNames: { '#status': 'status' },
    expressionValues: values({ ':cancelled': 'CANCELLED', ':now': now, ':reason': reason }),
  };
  const notCancelled = {
    expression: 'attribute_exists(pk) AND #status <> :cancelled',
    expressionNames: { '#status': 'status' },
    expressionValues: values({ ':cancelled': 'CANCELLED' }),
  };
  ctx.stash.cancelled = publicRewardRedemption(
    { ...redemption, status: 'CANCELLED', cancelledAt: now, cancelReason: reason, updatedAt: now },
    false,
  );
  return {
    operation: 'TransactWriteItems',
    transactItems: [
      { table, operation: 'UpdateItem', key: values(redemptionPointerKey(id)), update: cancel, condition: notCancelled },
      {
        table,
        operation: 'UpdateItem',
        key: values({ pk: memberKey(customerId), sk: redemption.redemptionSk }),
        update: cancel,
        condition: { expression: 'attribute_exists(pk)' },
      },
      {
        table,
        operation: 'PutItem',
        key: values(entryKey),
        attributeValues: values({
          id: entryId,
          customerId,
          kind: 'REVERSED',
          status: 'POSTED',
          points,
          reason,
          sourceType: 'REWARD_REDEMPTION',
          sourceId: id,
          redemptionId: id,
          reversesEntryId: redemption.entryId,
          actor,
          expiresAt,
          occurredAt: now,
          ...owedEvent(ctx, entryKey, REWARD_REDEMPTION_CANCELLED, {
            eventId: entryId,
            correlationId: id,
            data: {
              redemptionId: id,
              customerId,
              rewardId: redemption.rewardId,
              points,
              entryId,
              reversesEntryId: redemption.entryId,
              reason,
              cancelledAt: now,
            },
          }),
        }),
        condition: { expression: 'attribute_not_exists(pk)' },
      },
      {
        table,
        operation: 'PutItem',
        key: values({ pk: memberKey(customerId), sk: lotSortKey(expiresAt, entryId) }),
        attributeValues: values({ entryId, kind: 'REVERSED', points, earnedAt: now, expiresAt }),
      },
      {
        table,
        operation: 'UpdateItem',
        key: values(balanceKey(customerId)),
        update: {
          expression: 'SET updatedAt = :now ADD balance :points, version :one',
          expressionValues: values({ ':now': now, ':points': points, ':one': 1 }),
        },
      },
      {
        table: ctx.env.REWARDS_TABLE,
        operation: 'UpdateItem',
        key: values({ id: redemption.rewardId }),
        update: { expression: 'SET stock = stock + :one', expressionValues: values({ ':one': 1 }) },
        condition: { expression: 'attribute_exists(id)' },
      },
      {
        table,
        operation: 'UpdateItem',
        key: values(rewardCountKey(customerId, redemption.rewardId as string)),
        update: {
          expression: 'ADD #count :minusOne',
          expressionNames: { '#count': 'count' },
          expressionValues: values({ ':minusOne': -1 }),
        },
      },
    ],
  };
}

export function response(ctx: Context<MutationCancelRewardRedemptionArgs>) {
  if (ctx.error) {
    const reasons = (ctx.result as { cancellationReasons?: Array<{ type: string }> } | null)?.cancellationReasons ?? [];
    if (reasons[0] && reasons[0].type === 'ConditionalCheckFailed')
      util.error('This redemption is already cancelled.', 'RedemptionAlreadyCancelled');
    util.error(ctx.error.message, ctx.error.type);
  }
  outboxCommitted(ctx);
  return null;
}
