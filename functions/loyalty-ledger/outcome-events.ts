import {
  REDEMPTION_FAILED,
  REDEMPTION_VALUE_APPLIED,
  type DomainEvent,
  type EventType,
  type GiftCodeRedeemedData,
  type RedemptionFailedData,
  type RedemptionValueAppliedData,
} from '../../schema/events.js';
import type { OutgoingEvent } from '../lib/publish-events.js';
import type { ApplicableValue, UnapplicableReason } from './redemption-value.js';

/**
 * An event that follows from a redemption: its id is derived from the origin's, so publishing it again (a retry)
 * publishes the same event; the correlation id and the aggregate carry over.
 */
function followUp<Data>(origin: DomainEvent<GiftCodeRedeemedData>, type: EventType, idSuffix: string, data: Data): OutgoingEvent<Data> {
  const { event_id, correlation_id } = origin.detail.metadata;
  return {
    type,
    eventId: `${event_id}:${idSuffix}`,
    correlationId: correlation_id ?? event_id,
    resources: origin.resources,
    data,
  };
}

export function valueAppliedEvent(
  origin: DomainEvent<GiftCodeRedeemedData>,
  applied: { value: ApplicableValue; appliedAt: string; balance?: number },
): OutgoingEvent<RedemptionValueAppliedData> {
  const { redemptionId, requestId, customerId } = origin.detail.data;
  return followUp(origin, REDEMPTION_VALUE_APPLIED, 'applied', {
    redemptionId,
    requestId,
    customerId,
    value: applied.value,
    balance: applied.balance,
    appliedAt: applied.appliedAt,
  });
}

export function redemptionFailedEvent(
  origin: DomainEvent<GiftCodeRedeemedData>,
  reason: UnapplicableReason,
  failedAt: string,
): OutgoingEvent<RedemptionFailedData> {
  const { redemptionId, requestId, customerId } = origin.detail.data;
  return followUp(origin, REDEMPTION_FAILED, 'failed', { redemptionId, requestId, customerId, reason, failedAt });
}
