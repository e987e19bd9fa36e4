import { giftCodeValueProblem, surfacedValue, type GiftCodeValue, type GiftCodeValueProblem } from '../../schema/gift-code-value.js';

/** Why a redeemed value cannot be applied: the code carries a value the ledger has no way to honour. */
export type UnapplicableReason = GiftCodeValueProblem;

export type ApplicableValue = { kind: 'POINTS'; amount: number; currency: null } | { kind: 'DISCOUNT'; amount: number; currency: string };

/**
 * Checks a redeemed value before anything is written, by the same rule the value was issued under. The event
 * comes from stored data, so it is checked at run time rather than trusted.
 */
export function applicableValue(stored: GiftCodeValue | undefined): { value: ApplicableValue } | { reason: UnapplicableReason } {
  // stored values carry currency "NONE" for POINTS; the rule reads them as the API shows them
  const value = stored && typeof stored === 'object' ? surfacedValue(stored) : stored;
  const problem = giftCodeValueProblem(value);
  if (problem) return { reason: problem };
  return { value: value as ApplicableValue };
}
