import { POINTS_EARNED, type DomainEvent, type PointsEarnedData } from '../../schema/events.js';
import type { OutgoingEvent } from '../lib/publish-events.js';
import type { Credited } from './ledger.js';
import { accountEvent, tierChangedEvent } from './loyalty-events.js';

/**
 * What a credit from another domain's event is announced as: `points_earned`, and `tier_changed` when it lifted
 * the member a tier. Ids derive from the originating event; the correlation id carries over.
 */
export function earnedEvents(origin: DomainEvent<unknown>, credited: Credited, sourceType: string, sourceId: string): OutgoingEvent[] {
  const { event_id, correlation_id } = origin.detail.metadata;
  const correlationId = correlation_id ?? event_id;
  const data = origin.detail.data as { customerId: string };
  const earned: OutgoingEvent<PointsEarnedData> = accountEvent(POINTS_EARNED, `${event_id}:earned`, correlationId, data.customerId, {
    customerId: data.customerId,
    entryId: credited.entryId,
    points: credited.points,
    sourceType,
    sourceId,
    balance: credited.balance,
    expiresAt: credited.expiresAt,
    earnedAt: credited.appliedAt,
  });
  return [earned, ...(credited.tierChange ? [tierChangedEvent(credited.tierChange, event_id, correlationId)] : [])];
}
