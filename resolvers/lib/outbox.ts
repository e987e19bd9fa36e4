import { util, type Context } from '@aws-appsync/utils';
import { envelopeOf, type EventType } from '../../schema/events';
import { OUTBOX_PENDING_SINCE, OUTBOX_SHARD, OUTBOX_SHARDS } from '../../schema/outbox';

/** The event an item owes, as stored in it and as PutEvents takes it. */
export type OutboxEvent = { source: string; detailType: string; detail: Record<string, unknown> };
type Owed = { key: Record<string, unknown>; since: string; event: OutboxEvent };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The attributes that make an item the outbox of the event it owes (schema/outbox.ts): the event itself and the
 * pending mark, written in the same transaction as the change, so the event cannot be lost. Remembers them for
 * `outboxCommitted`, which the commit's response calls once the transaction has succeeded.
 */
export function owedEvent(
  ctx: Context,
  key: Record<string, unknown>,
  type: EventType,
  event: { eventId: string; correlationId: string; data: Record<string, unknown> },
) {
  const outbox = { source: type.source, detailType: type.name, detail: envelopeOf({ type, ...event }) };
  const since = util.time.nowISO8601();
  // a ULID's last character is 5 random bits: an even spread over the shards
  const shard = String(CROCKFORD.indexOf(util.autoUlid().slice(-1)) % OUTBOX_SHARDS);
  ctx.stash.owedOutbox = { key, since, event: outbox };
  return { outbox, [OUTBOX_PENDING_SINCE]: since, [OUTBOX_SHARD]: shard };
}

/** The transaction committed: the pipeline's last two steps publish the owed event, then clear its mark. */
export function outboxCommitted(ctx: Context) {
  ctx.stash.outbox = ctx.stash.owedOutbox;
}

/** PutEvents of the committed event, or nothing to do when this request committed none. */
export function publishRequest(ctx: Context) {
  const owed = ctx.stash.outbox as Owed | undefined;
  if (!owed) return null;
  return { operation: 'PutEvents', events: [{ source: owed.event.source, detailType: owed.event.detailType, detail: owed.event.detail }] };
}

/**
 * A refused publish must not fail the request: the change has committed, and its mark stays for the sweeper,
 * which publishes the same event (same event_id) later. So this logs rather than raises.
 */
export function publishResponse(ctx: Context) {
  const owed = ctx.stash.outbox as Owed;
  const failed = ctx.error ? 1 : ((ctx.result as { FailedEntryCount?: number } | null)?.FailedEntryCount ?? 0);
  if (failed) console.error(`${owed.event.detailType} not published; the outbox sweeper will publish it`, ctx.error?.message ?? ctx.result);
  else ctx.stash.outboxPublished = true;
}

/** Clears the mark the commit wrote, on that very value: a sweeper that published and cleared first wins. */
export function clearRequest(ctx: Context) {
  const owed = ctx.stash.outbox as Owed | undefined;
  if (!owed || !ctx.stash.outboxPublished) return null;
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(owed.key),
    update: { expression: 'REMOVE #since, #shard', expressionNames: { '#since': OUTBOX_PENDING_SINCE, '#shard': OUTBOX_SHARD } },
    condition: {
      expression: '#since = :since',
      expressionNames: { '#since': OUTBOX_PENDING_SINCE },
      expressionValues: util.dynamodb.toMapValues({ ':since': owed.since }),
    },
  };
}

/** Neither outcome fails the request: a mark left behind only means the sweeper publishes the event once more. */
export function clearResponse(ctx: Context) {
  if (ctx.error && ctx.error.type !== 'DynamoDB:ConditionalCheckFailedException')
    console.error('outbox mark not cleared; the sweeper will publish the event again', ctx.error.message);
}
