/**
 * The event catalog: every domain event the system publishes, its name (= detail-type), source and `data`, the
 * envelope `detail = { metadata, data }` (domain.md; docs/gift-codes.md, "Events"), and THE builder of that
 * envelope. Producers (resolvers, Lambdas, the bench, test builders) build envelopes only with `envelopeOf`, and
 * rules match with `eventPattern`, so a name or source is written once, here.
 *
 * Bundle-safe for APPSYNC_JS: the redeem pipeline's resolver imports it. Plain functions and object literals only,
 * no classes, throw, Date or crypto; ids and times are passed in (util.autoUlid(), util.time in a resolver).
 * Imports from aws-lambda are type-only.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import type { GiftCodeValue } from './gift-code-value';

// ---- the envelope

/** `detail.metadata` of every domain event. */
export interface DomainEventMetadata {
  version: string;
  /** unique per event, set by the producer: consumers deduplicate on it */
  event_id: string;
  domain: string;
  subdomain?: string;
  service: string;
  category: string;
  type: string;
  name: string;
  /** carried through every hop, for the logs */
  correlation_id?: string;
}

export interface DomainEventDetail<Data> {
  metadata: DomainEventMetadata;
  data: Data;
}

/** A domain event as EventBridge delivers it: `source` = `<domain>.<service>`, `detail-type` = the event name. */
export type DomainEvent<Data = Record<string, unknown>> = EventBridgeEvent<string, DomainEventDetail<Data>>;

/** What identifies a kind of event: its name (also its detail-type), its source, and who produces it. */
export interface EventType<Name extends string = string> {
  name: Name;
  /** the EventBridge source */
  source: string;
  domain: string;
  subdomain?: string;
  /** the producing service, as `metadata.service` names it */
  service: string;
}

/** One event to put in an envelope. */
export interface EventOccurrence<Data> {
  type: EventType;
  /** unique per event; derived from the originating event's id when there is one, so a retry yields the same event */
  eventId: string;
  correlationId: string;
  data: Data;
}

/** THE envelope of a domain event. */
export function envelopeOf<Data>(event: EventOccurrence<Data>): DomainEventDetail<Data> {
  return {
    metadata: {
      version: '1',
      event_id: event.eventId,
      domain: event.type.domain,
      subdomain: event.type.subdomain,
      service: event.type.service,
      category: 'domain-event',
      type: 'data',
      name: event.type.name,
      correlation_id: event.correlationId,
    },
    data: event.data,
  };
}

/** The `{ source, detailType }` part of an EventBridge rule's pattern matching any of these events. */
export function eventPattern(...types: EventType[]): { source: string[]; detailType: string[] } {
  const sources = types.map((type) => type.source);
  return {
    source: sources.filter((source, index) => sources.indexOf(source) === index),
    detailType: types.map((type) => type.name),
  };
}

// ---- the catalog

/**
 * The redeem pipeline (resolvers) and the outbox pipe. Its `metadata.service` ("redemption-api") differs from the
 * source's service part ("redemption"): both are as published since the first release.
 */
const GIFT_CODE_REDEMPTION = { source: 'giftcodes.redemption', domain: 'giftcodes', subdomain: 'redemption', service: 'redemption-api' };
/** functions/loyalty-ledger */
const LOYALTY_LEDGER = { source: 'loyalty.ledger', domain: 'loyalty', subdomain: 'ledger', service: 'ledger' };

/** A gift code was redeemed; `event_id` = the redemption's id. */
export const GIFT_CODE_REDEEMED: EventType<'gift_code_redeemed'> = { name: 'gift_code_redeemed', ...GIFT_CODE_REDEMPTION };
/** The ledger applied a redeemed value; `event_id` = `<origin>:applied`. */
export const REDEMPTION_VALUE_APPLIED: EventType<'redemption_value_applied'> = { name: 'redemption_value_applied', ...LOYALTY_LEDGER };
/** The ledger cannot apply a redeemed value; `event_id` = `<origin>:failed`. */
export const REDEMPTION_FAILED: EventType<'redemption_failed'> = { name: 'redemption_failed', ...LOYALTY_LEDGER };

export const EVENT_CATALOG = [GIFT_CODE_REDEEMED, REDEMPTION_VALUE_APPLIED, REDEMPTION_FAILED];

// ---- each event's data

export interface GiftCodeRedeemedData {
  redemptionId: string;
  requestId: string;
  customerId: string;
  codeId: string;
  batchId: string;
  issuerId: string;
  last4: string;
  /** as stored: POINTS carry currency "NONE" */
  value: GiftCodeValue;
  redeemedAt: string;
}

export interface RedemptionValueAppliedData {
  redemptionId: string;
  requestId: string;
  customerId: string;
  value: GiftCodeValue;
  /** the member's balance once the points are credited (POINTS only) */
  balance?: number;
  appliedAt: string;
}

export interface RedemptionFailedData {
  redemptionId: string;
  requestId: string;
  customerId: string;
  reason: string;
  failedAt: string;
}

// ---- Loyalty (docs/loyalty.md, "Events"); source `loyalty.ledger`

/** Loyalty credited points earned from another domain's event; `event_id` = `<origin>:earned`. */
export const POINTS_EARNED: EventType<'points_earned'> = { name: 'points_earned', ...LOYALTY_LEDGER };
/** The account job expired due points; `event_id` = the EXPIRED entry's id. */
export const POINTS_EXPIRED: EventType<'points_expired'> = { name: 'points_expired', ...LOYALTY_LEDGER };
/** Points expire within the warning period; once per expiry date; `event_id` = `expiring:<customer>:<expiresAt>`. */
export const POINTS_EXPIRING: EventType<'points_expiring'> = { name: 'points_expiring', ...LOYALTY_LEDGER };
/** A member's tier went up (at once, after a credit) or down (only at the periodic review). */
export const TIER_CHANGED: EventType<'tier_changed'> = { name: 'tier_changed', ...LOYALTY_LEDGER };
/** A reward was redeemed with points (the redemption's outbox); `event_id` = the redemption's id. */
export const REWARD_REDEEMED: EventType<'reward_redeemed'> = { name: 'reward_redeemed', ...LOYALTY_LEDGER };
/** An admin cancelled a reward redemption: points and stock came back; `event_id` = the REVERSED entry's id. */
export const REWARD_REDEMPTION_CANCELLED: EventType<'reward_redemption_cancelled'> = {
  name: 'reward_redemption_cancelled',
  ...LOYALTY_LEDGER,
};
/** An admin adjusted a balance; `event_id` = the ADJUSTED entry's id. */
export const POINTS_ADJUSTED: EventType<'points_adjusted'> = { name: 'points_adjusted', ...LOYALTY_LEDGER };

export const LOYALTY_EVENTS = [
  POINTS_EARNED,
  POINTS_EXPIRED,
  POINTS_EXPIRING,
  TIER_CHANGED,
  REWARD_REDEEMED,
  REWARD_REDEMPTION_CANCELLED,
  POINTS_ADJUSTED,
];

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

export interface TierChangedData {
  customerId: string;
  from: string;
  to: string;
  earnedLast12Months: number;
  changedAt: string;
}

export interface RewardRedeemedData {
  redemptionId: string;
  requestId: string;
  customerId: string;
  rewardId: string;
  rewardTitle: string;
  pointsSpent: number;
  fulfilment: 'PHYSICAL' | 'DIGITAL';
  entryId: string;
  redeemedAt: string;
}
