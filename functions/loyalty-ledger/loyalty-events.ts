import { TIER_CHANGED, type EventType, type TierChangedData } from '../../schema/events.js';
import type { OutgoingEvent } from '../lib/publish-events.js';

/** An account event; its id is derived from what caused it, so a retry publishes the same event. */
export function accountEvent<Data>(
  type: EventType,
  eventId: string,
  correlationId: string,
  customerId: string,
  data: Data,
): OutgoingEvent<Data> {
  return { type, eventId, correlationId, resources: [`customer/${customerId}`], data };
}

export function tierChangedEvent(change: TierChangedData, causeId: string, correlationId: string): OutgoingEvent<TierChangedData> {
  return accountEvent(TIER_CHANGED, `${causeId}:tier:${change.to}`, correlationId, change.customerId, change);
}
