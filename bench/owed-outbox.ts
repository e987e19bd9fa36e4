/**
 * What `owedEvent` (resolvers/lib/outbox.ts) adds to the item of a commit that owes an event, for the benchmarks'
 * baselines: the event itself and the pending mark with its shard, which put the item in the table's outbox index.
 */
import { envelopeOf, type EventType } from '../schema/events.js';
import { OUTBOX_PENDING_SINCE, OUTBOX_SHARD, OUTBOX_SHARDS } from '../schema/outbox.js';

export function owedOutbox(type: EventType, eventId: string, data: Record<string, unknown>, now: string) {
  return {
    outbox: {
      source: type.source,
      detailType: type.name,
      detail: envelopeOf({ type, eventId, correlationId: eventId, data }),
    },
    [OUTBOX_PENDING_SINCE]: now,
    [OUTBOX_SHARD]: String(Math.floor(Math.random() * OUTBOX_SHARDS)),
  };
}
