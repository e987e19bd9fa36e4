/** The events of a gift code redemption (docs/gift-codes.md, "Events"): their names and `data`. */

export const GIFT_CODE_REDEEMED = 'gift_code_redeemed';
export const REDEMPTION_VALUE_APPLIED = 'redemption_value_applied';
export const REDEMPTION_FAILED = 'redemption_failed';

export interface GiftCodeValue {
  kind: 'POINTS' | 'DISCOUNT';
  /** points, or the discount in the currency's minor unit */
  amount: number;
  /** ISO 4217 for DISCOUNT; null (stored as "NONE") for POINTS */
  currency: string | null;
}

export interface GiftCodeRedeemedData {
  redemptionId: string;
  requestId: string;
  customerId: string;
  codeId: string;
  batchId: string;
  issuerId: string;
  last4: string;
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

/** The value as the API shows it: POINTS have no currency (stored as "NONE", surfaced as null). */
export function surfacedValue(value: GiftCodeValue): GiftCodeValue {
  return { kind: value.kind, amount: value.amount, currency: value.currency === 'NONE' ? null : (value.currency ?? null) };
}
