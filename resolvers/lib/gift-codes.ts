import { util } from '@aws-appsync/utils';
import { giftCodeValueProblem, surfacedValue, VALUE_PROBLEM_MESSAGES, type GiftCodeValue } from '../../schema/gift-code-value';

/** Failed redemption attempts a customer may make per failure window (lib/failure-window.ts) before every attempt is refused. */
export const MAX_FAILED_ATTEMPTS = 10;

/** One message for unknown, used, expired, voided and malformed codes: the answer must not help a guesser. */
export const NOT_REDEEMABLE = 'This code cannot be redeemed.';
export const TOO_MANY_ATTEMPTS = 'Too many failed attempts. Try again later.';

export const codeKey = (codeHash: string) => ({ pk: `CODE#${codeHash}`, sk: 'CODE' });
export const attemptsKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'ATTEMPTS' });
export const redemptionKey = (customerId: string, requestId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `REDEMPTION#${requestId}` });

/** The one rule for a gift code's value (schema/gift-code-value.ts), as an AppSync ValidationError. */
export function validateValue(value: GiftCodeValue): void {
  const problem = giftCodeValueProblem(value);
  if (problem) util.error(VALUE_PROBLEM_MESSAGES[problem], 'ValidationError');
}

export function validateExpiry(expiresAt: string): void {
  if (util.time.parseISO8601ToEpochMilliSeconds(expiresAt) <= util.time.nowEpochMilliSeconds()) {
    util.error('expiresAt must be in the future.', 'ValidationError');
  }
}

/** A stored redemption as the API shows it: never its code digest or outbox entry. */
export function publicRedemption(item: Record<string, unknown>) {
  return {
    id: item.id,
    customerId: item.customerId,
    requestId: item.requestId,
    last4: item.last4,
    value: surfacedValue(item.value as GiftCodeValue),
    status: item.status,
    redeemedAt: item.redeemedAt,
    updatedAt: item.updatedAt,
    failureReason: item.failureReason ?? null,
  };
}

export function publicGiftCode(item: Record<string, unknown>) {
  return {
    id: item.id,
    issuerId: item.issuerId,
    batchId: item.batchId,
    last4: item.last4,
    value: surfacedValue(item.value as GiftCodeValue),
    status: item.status,
    expiresAt: item.expiresAt,
    voidedAt: item.voidedAt ?? null,
  };
}
