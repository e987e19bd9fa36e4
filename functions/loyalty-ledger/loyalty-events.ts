import type { OutgoingEvent } from '../lib/publish-events.js';
import type { TierChange } from './account.js';

/** The events Loyalty publishes about accounts (docs/loyalty.md, "Events"); source `loyalty.ledger`. */
export const POINTS_EARNED = 'points_earned';
export const POINTS_EXPIRED = 'points_expired';
export const POINTS_EXPIRING = 'points_expiring';
export const TIER_CHANGED = 'tier_changed';

export interface PointsEarnedData {
  customerId: string;
  entryId: string;
  points: number;
  sourceType: string;
  sourceId: string;
  balance: number;
  expiresAt: string;
  earnedAt: string;
}

export interface PointsExpiredData {
  customerId: string;
  entryId: string;
  points: number;
  balance: number;
  expiredAt: string;
}

export interface PointsExpiringData {
  customerId: string;
  points: number;
  expiresAt: string;
}

/** An account event; its id is derived from what caused it, so a retry publishes the same event. */
export function accountEvent<Data>(
  name: string,
  eventId: string,
  correlationId: string,
  customerId: string,
  data: Data,
): OutgoingEvent<Data> {
  return { source: 'loyalty.ledger', subdomain: 'ledger', name, eventId, correlationId, resources: [`customer/${customerId}`], data };
}

export function tierChangedEvent(change: TierChange, causeId: string, correlationId: string): OutgoingEvent<TierChange> {
  return accountEvent(TIER_CHANGED, `${causeId}:tier:${change.to}`, correlationId, change.customerId, change);
}
