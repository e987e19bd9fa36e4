import { GIFT_CODE_REDEEMED, type DomainEvent, type GiftCodeRedeemedData } from '../../schema/events.js';
import { surfacedValue, type GiftCodeValue } from '../../schema/gift-code-value.js';

/** What the customer support team's CRM is told about a redemption. */
export interface CrmNotification {
  type: typeof GIFT_CODE_REDEEMED.name;
  eventId: string;
  customerId: string;
  redemptionId: string;
  last4: string;
  value: GiftCodeValue;
  issuerId: string;
  occurredAt: string;
}

export function crmNotificationOf(event: DomainEvent<GiftCodeRedeemedData>): CrmNotification {
  const { customerId, redemptionId, last4, value, issuerId, redeemedAt } = event.detail.data;
  return {
    type: GIFT_CODE_REDEEMED.name,
    eventId: event.detail.metadata.event_id,
    customerId,
    redemptionId,
    last4,
    value: surfacedValue(value),
    issuerId,
    occurredAt: redeemedAt,
  };
}
