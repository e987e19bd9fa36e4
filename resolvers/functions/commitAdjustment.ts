import { runtime, util, type Context } from '@aws-appsync/utils';
import { POINTS_ADJUSTED } from '../../schema/events';
import type { MutationAdjustPointsArgs } from '../generated/schema-types';
import { adjustmentKey, balanceKey, expiryOf, ledgerSortKey, lotSortKey, memberKey, publicEntry } from '../lib/loyalty';
import { outboxCommitted, owedEvent } from '../lib/outbox';

const values = (input: Record<string, unknown>) => util.dynamodb.toMapValues(input);

/**
 * One transaction: the requestId marker (condition: new), the ADJUSTED entry with its `points_adjusted` outbox,
 * the balance (a debit: condition enough points, so never below zero; it adds to `consumed`) and, for a credit,
 * a lot that expires like any earning. Who, why and when are on the entry.
 */
export function request(ctx: Context<MutationAdjustPointsArgs>) {
  if (ctx.stash.entry) runtime.earlyReturn();
  const table = ctx.env.LOYALTY_TABLE;
  const { customerId, points, reason, requestId } = ctx.args.input;
  const actor = (ctx.identity as { username?: string; sub: string }).username ?? (ctx.identity as { sub: string }).sub;
  const now = util.time.nowISO8601();
  const entryId = `adjust:${util.autoUlid()}`;
  const expiresAt = points > 0 ? expiryOf(now, ctx.env) : null;
  const entry = {
    id: entryId,
    customerId,
    kind: 'ADJUSTED',
    status: 'POSTED',
    points,
    reason,
    sourceType: 'ADJUSTMENT',
    sourceId: requestId,
    actor,
    expiresAt,
    occurredAt: now,
  };
  ctx.stash.pendingEntry = entry;
  const entryKey = { pk: memberKey(customerId), sk: ledgerSortKey(now, entryId) };
  const debit = points < 0;
  const items = [
    {
      table,
      operation: 'PutItem',
      key: values(adjustmentKey(customerId, requestId)),
      attributeValues: values({ entry, createdAt: now }),
      condition: { expression: 'attribute_not_exists(pk)' },
    },
    {
      table,
      operation: 'PutItem',
      key: values(entryKey),
      attributeValues: values({
        ...entry,
        ...owedEvent(ctx, entryKey, POINTS_ADJUSTED, {
          eventId: entryId,
          correlationId: entryId,
          data: { customerId, entryId, points, reason, actor, adjustedAt: now },
        }),
      }),
    },
    {
      table,
      operation: 'UpdateItem',
      key: values(balanceKey(customerId)),
      update: debit
        ? {
            expression:
              'SET balance = balance - :debit, pointsConsumed = if_not_exists(pointsConsumed, :zero) + :debit, updatedAt = :now ADD version :one',
            expressionValues: values({ ':debit': -points, ':zero': 0, ':now': now, ':one': 1 }),
          }
        : {
            expression:
              'SET updatedAt = :now, customerId = :customerId, pointsConsumed = if_not_exists(pointsConsumed, :zero) ADD balance :credit, version :one',
            expressionValues: values({ ':credit': points, ':zero': 0, ':now': now, ':one': 1, ':customerId': customerId }),
          },
      condition: debit ? { expression: 'balance >= :debit', expressionValues: values({ ':debit': -points }) } : undefined,
    },
  ];
  if (!debit) {
    items.push({
      table,
      operation: 'PutItem',
      key: values({ pk: memberKey(customerId), sk: lotSortKey(expiresAt as string, entryId) }),
      attributeValues: values({ entryId, kind: 'ADJUSTED', points, earnedAt: now, expiresAt }),
      condition: undefined as unknown as { expression: string },
    });
  }
  return { operation: 'TransactWriteItems', transactItems: items };
}

export function response(ctx: Context<MutationAdjustPointsArgs>) {
  if (ctx.error) {
    const reasons = (ctx.result as { cancellationReasons?: Array<{ type: string }> } | null)?.cancellationReasons ?? [];
    const failed = (index: number) => !!reasons[index] && reasons[index].type === 'ConditionalCheckFailed';
    if (failed(0)) util.error('An adjustment with this requestId is in progress; retry.', 'AdjustmentInProgress');
    if (failed(2)) util.error('The adjustment would take the balance below zero.', 'InsufficientPoints');
    util.error(ctx.error.message, ctx.error.type);
  }
  ctx.stash.entry = publicEntry(ctx.stash.pendingEntry as Record<string, unknown>);
  outboxCommitted(ctx);
  return null;
}
