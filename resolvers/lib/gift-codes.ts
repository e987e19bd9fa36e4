import { util, type AppSyncIdentityCognito, type Context } from '@aws-appsync/utils';

/** Failed redemption attempts a customer may make per window before every attempt is refused. */
export const MAX_FAILED_ATTEMPTS = 10;
export const ATTEMPT_WINDOW_SECONDS = 15 * 60;

/** One message for unknown, used, expired, voided and malformed codes: the answer must not help a guesser. */
export const NOT_REDEEMABLE = 'This code cannot be redeemed.';
export const TOO_MANY_ATTEMPTS = 'Too many failed attempts. Try again later.';

/** Value objects are stored with currency "NONE" for points: a stream template cannot express an absent field. */
export const NO_CURRENCY = 'NONE';

export type GiftCodeValue = { kind: 'POINTS' | 'DISCOUNT'; amount: number; currency: string | null };

export const codeKey = (codeHash: string) => ({ pk: `CODE#${codeHash}`, sk: 'CODE' });
export const attemptsKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'ATTEMPTS' });
export const redemptionKey = (customerId: string, requestId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: `REDEMPTION#${requestId}` });

export function identityOf(ctx: Context): AppSyncIdentityCognito {
  return ctx.identity as AppSyncIdentityCognito;
}

export function isAdmin(ctx: Context): boolean {
  return (identityOf(ctx).groups ?? []).indexOf('admin') >= 0;
}

/**
 * The issuer a caller is confined to: null for admins (any issuer); for a partner the verified custom:issuerId
 * claim, which Cognito puts in the ID token (not the access token), so partner integrations call with it.
 */
export function issuerScope(ctx: Context): string | null {
  if (isAdmin(ctx)) return null;
  const claimed = identityOf(ctx).claims?.['custom:issuerId'];
  if (!claimed) util.error('Partner calls must use the ID token: it carries the custom:issuerId claim.', 'Unauthorized');
  return claimed as string;
}

export function requireIssuerAccess(ctx: Context, issuerId: string): void {
  const scope = issuerScope(ctx);
  if (scope !== null && scope !== issuerId) util.unauthorized();
}

export function validateValue(value: GiftCodeValue): void {
  if (value.amount <= 0 || value.amount > 1000000) util.error('value.amount must be between 1 and 1,000,000.', 'ValidationError');
  if (value.kind === 'DISCOUNT' && !util.matches('^[A-Z]{3}$', value.currency ?? '')) {
    util.error('A DISCOUNT needs value.currency, an ISO 4217 code such as EUR.', 'ValidationError');
  }
  if (value.kind === 'POINTS' && value.currency) util.error('POINTS have no currency.', 'ValidationError');
}

export function validateExpiry(expiresAt: string): void {
  if (util.time.parseISO8601ToEpochMilliSeconds(expiresAt) <= util.time.nowEpochMilliSeconds()) {
    util.error('expiresAt must be in the future.', 'ValidationError');
  }
}

/** A stored value as the API shows it. */
export function publicValue(value: GiftCodeValue): GiftCodeValue {
  return { kind: value.kind, amount: value.amount, currency: value.currency === NO_CURRENCY ? null : value.currency };
}

/** A stored redemption as the API shows it: never its code digest or outbox entry. */
export function publicRedemption(item: Record<string, unknown>) {
  return {
    id: item.id,
    customerId: item.customerId,
    requestId: item.requestId,
    last4: item.last4,
    value: publicValue(item.value as GiftCodeValue),
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
    value: publicValue(item.value as GiftCodeValue),
    status: item.status,
    expiresAt: item.expiresAt,
    voidedAt: item.voidedAt ?? null,
  };
}
