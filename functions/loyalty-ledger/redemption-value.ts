import type { GiftCodeValue } from '../lib/gift-code-events.js';

/** Why a redeemed value cannot be applied: the code was issued with a value the ledger has no way to honour. */
export type UnapplicableReason = 'UNKNOWN_VALUE_KIND' | 'INVALID_AMOUNT' | 'MISSING_CURRENCY';

export type ApplicableValue = { kind: 'POINTS'; amount: number; currency: null } | { kind: 'DISCOUNT'; amount: number; currency: string };

const ISO_4217 = /^[A-Z]{3}$/;

/**
 * Checks a redeemed value before anything is written. The event comes from stored data, so it is checked at run
 * time rather than trusted: `kind` may be unknown, `amount` not a positive integer, a DISCOUNT without currency.
 */
export function applicableValue(value: GiftCodeValue | undefined): { value: ApplicableValue } | { reason: UnapplicableReason } {
  const kind = value?.kind;
  if (kind !== 'POINTS' && kind !== 'DISCOUNT') return { reason: 'UNKNOWN_VALUE_KIND' };
  const amount = value!.amount;
  if (!Number.isSafeInteger(amount) || amount <= 0) return { reason: 'INVALID_AMOUNT' };
  if (kind === 'POINTS') return { value: { kind, amount, currency: null } };
  // "NONE" is how a missing currency is stored; it is no ISO 4217 code either
  const currency = value!.currency;
  if (typeof currency !== 'string' || !ISO_4217.test(currency)) return { reason: 'MISSING_CURRENCY' };
  return { value: { kind, amount, currency } };
}
