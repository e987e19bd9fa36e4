/**
 * A gift code's value and the one rule for what a valid value is. Three places need the rule: the resolvers that
 * take a value as input (issueGiftCodes, importGiftCodes), the issuer Lambda that stores it, and the ledger that
 * applies a redeemed one; what may be issued is exactly what can be applied.
 *
 * Bundle-safe for APPSYNC_JS (resolvers import it): plain functions and literals, no regex, no throw.
 */

export interface GiftCodeValue {
  kind: 'POINTS' | 'DISCOUNT';
  /** points, or the discount in the currency's minor unit */
  amount: number;
  /** ISO 4217 for DISCOUNT; null for POINTS (stored as NO_CURRENCY) */
  currency: string | null;
}

/** Value objects are stored with currency "NONE" for points: a stream template cannot express an absent field. */
export const NO_CURRENCY = 'NONE';
export const MAX_AMOUNT = 1000000;

/** What can be wrong with a value; the ledger reports it as the reason a redemption failed. */
export type GiftCodeValueProblem = 'UNKNOWN_VALUE_KIND' | 'INVALID_AMOUNT' | 'MISSING_CURRENCY' | 'UNEXPECTED_CURRENCY';

/** The caller-facing explanation of each problem. */
export const VALUE_PROBLEM_MESSAGES: Record<GiftCodeValueProblem, string> = {
  UNKNOWN_VALUE_KIND: 'value.kind must be POINTS or DISCOUNT.',
  INVALID_AMOUNT: 'value.amount must be between 1 and 1,000,000.',
  MISSING_CURRENCY: 'A DISCOUNT needs value.currency, an ISO 4217 code such as EUR.',
  UNEXPECTED_CURRENCY: 'POINTS have no currency.',
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function isCurrencyCode(currency: unknown): boolean {
  return typeof currency === 'string' && currency.length === 3 && currency.split('').every((letter) => LETTERS.indexOf(letter) >= 0);
}

/**
 * The first problem of a value as the API takes it (a POINTS value has no currency; an empty one counts as none),
 * or null when it is valid. Checked at run time, not trusted: the value may come from stored data.
 */
export function giftCodeValueProblem(value: Partial<GiftCodeValue> | null | undefined): GiftCodeValueProblem | null {
  const kind = value?.kind;
  if (kind !== 'POINTS' && kind !== 'DISCOUNT') return 'UNKNOWN_VALUE_KIND';
  // points, or a discount in the currency's minor unit: whole numbers either way
  const amount = value?.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || Math.floor(amount) !== amount || amount < 1 || amount > MAX_AMOUNT) {
    return 'INVALID_AMOUNT';
  }
  const currency = value?.currency || null;
  if (kind === 'POINTS') return currency === null ? null : 'UNEXPECTED_CURRENCY';
  return isCurrencyCode(currency) ? null : 'MISSING_CURRENCY';
}

/** A stored value as the API and the events show it: POINTS have no currency (stored as NO_CURRENCY, surfaced as null). */
export function surfacedValue(value: GiftCodeValue): GiftCodeValue {
  return { kind: value.kind, amount: value.amount, currency: value.currency === NO_CURRENCY ? null : (value.currency ?? null) };
}
