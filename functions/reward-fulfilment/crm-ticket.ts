import type { DomainEvent, RewardRedeemedData } from '../../schema/events.js';

/**
 * The CRM's own ticket format (its API, not our event): the anti-corruption layer. The voucher code never goes
 * to the CRM; it is the customer's alone.
 */
export interface CrmFulfilmentTicket {
  ticket_type: 'REWARD_FULFILMENT';
  external_ref: string;
  contact_ref: string;
  item: { sku: string; name: string; delivery: 'SHIP' | 'EMAIL' };
  points_cost: number;
  requested_at: string;
}

export function crmFulfilmentTicketOf(event: DomainEvent<RewardRedeemedData>): CrmFulfilmentTicket {
  const redeemed = event.detail.data;
  return {
    ticket_type: 'REWARD_FULFILMENT',
    external_ref: redeemed.redemptionId,
    contact_ref: redeemed.customerId,
    item: { sku: redeemed.rewardId, name: redeemed.rewardTitle, delivery: redeemed.fulfilment === 'DIGITAL' ? 'EMAIL' : 'SHIP' },
    points_cost: redeemed.pointsSpent,
    requested_at: redeemed.redeemedAt,
  };
}
