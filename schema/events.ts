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

// --- Product registration (docs/product-registration.md, "Events")

/** The registerProduct pipeline and its outbox pipe. */
const PRODUCT_REGISTRATION = {
  source: 'registration.products',
  domain: 'registration',
  subdomain: 'products',
  service: 'registration-api',
};
/** functions/registration-support */
const REGISTRATION_SUPPORT = {
  source: 'registration.products',
  domain: 'registration',
  subdomain: 'support',
  service: 'registration-support',
};
/** functions/manufacturer-notices */
const MANUFACTURER_NOTICES = {
  source: 'registration.products',
  domain: 'registration',
  subdomain: 'manufacturers',
  service: 'manufacturer-notices',
};
/** functions/promotions */
const PROMOTION_CODES = { source: 'promotions.codes', domain: 'promotions', subdomain: 'codes', service: 'promotions' };
/** functions/discount-email */
const DISCOUNT_EMAIL = { source: 'promotions.codes', domain: 'promotions', subdomain: 'email', service: 'discount-email' };

/** A product was registered to a customer; `event_id` = the registration's id, also every follow-up's correlation id. */
export const PRODUCT_REGISTERED: EventType<'product_registered'> = { name: 'product_registered', ...PRODUCT_REGISTRATION };
/** Promotions generated the registration's discount code; `event_id` = `<origin>:discount`. */
export const DISCOUNT_CODE_GENERATED: EventType<'discount_code_generated'> = { name: 'discount_code_generated', ...PROMOTION_CODES };
/** The discount code was emailed to its owner; `event_id` = `<origin>:emailed`. */
export const DISCOUNT_CODE_EMAILED: EventType<'discount_code_emailed'> = { name: 'discount_code_emailed', ...DISCOUNT_EMAIL };
/** Customer support's CRM took the registration; `event_id` = `<origin>:support`. */
export const REGISTRATION_SUPPORT_INFORMED: EventType<'registration_support_informed'> = {
  name: 'registration_support_informed',
  ...REGISTRATION_SUPPORT,
};
/** The one notice a manufacturer gets for a registration, ready for its API destination; `event_id` = `<origin>:manufacturer`. */
export const MANUFACTURER_NOTICE_PREPARED: EventType<'manufacturer_notice_prepared'> = {
  name: 'manufacturer_notice_prepared',
  ...MANUFACTURER_NOTICES,
};
export const EVENT_CATALOG = [
  GIFT_CODE_REDEEMED,
  REDEMPTION_VALUE_APPLIED,
  REDEMPTION_FAILED,
  PRODUCT_REGISTERED,
  DISCOUNT_CODE_GENERATED,
  DISCOUNT_CODE_EMAILED,
  REGISTRATION_SUPPORT_INFORMED,
  MANUFACTURER_NOTICE_PREPARED,
];

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

// --- Product registration: each event's data

export interface ProductDiscount {
  percentOff: number | null;
  /** in the currency's minor unit */
  amountOff: number | null;
  currency: string | null;
  validDays: number;
}

export interface ProductRegisteredData {
  registrationId: string;
  customerId: string;
  sku: string;
  productName: string;
  serialNumber: string;
  /** YYYY-MM-DD */
  purchaseDate: string;
  manufacturerId: string;
  registrationPoints: number;
  discount: ProductDiscount;
  registeredAt: string;
  /** from the customer's ID token; null when they signed in without one (no email is sent then) */
  customerEmail: string | null;
}

export interface DiscountCodeGeneratedData {
  code: string;
  customerId: string;
  registrationId: string;
  productName: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  validUntil: string;
  issuedAt: string;
  customerEmail: string | null;
}

/** The step events Product registration listens to, besides discount_code_generated and Loyalty's points_earned. */
export interface RegistrationStepData {
  customerId: string;
  registrationId: string;
  at: string;
}

/** What one manufacturer is told about one registration; its API destination's rule shapes the request from it. */
export interface ManufacturerNoticePreparedData {
  manufacturerId: string;
  format: 'JSON' | 'XML';
  /** the product_registered event_id: the manufacturer can drop a repeat by it */
  noticeId: string;
  registrationId: string;
  sku: string;
  productName: string;
  serialNumber: string;
  purchaseDate: string;
  registeredAt: string;
  /** XML manufacturers: the document, without its declaration (the API destination's template adds it) */
  xml: string | null;
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
