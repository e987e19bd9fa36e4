import type { Context } from '@aws-appsync/utils';

/** Failed registration attempts (malformed or taken serials) a customer may make per failure window (lib/failure-window.ts). */
export const MAX_FAILED_REGISTRATIONS = 10;
export const TOO_MANY_ATTEMPTS = 'Too many failed registrations. Try again later.';
/** Never says by whom: the owner of a serial is nobody else's business. */
export const SERIAL_ALREADY_REGISTERED = 'This serial number is already registered.';

export const STEP_ATTRIBUTES: Record<string, string> = {
  POINTS_AWARDED: 'pointsAwarded',
  DISCOUNT_ISSUED: 'discountIssued',
  EMAIL_SENT: 'emailSent',
  SUPPORT_INFORMED: 'supportInformed',
};

export const productKey = (sku: string) => ({ pk: 'CATALOG', sk: `PRODUCT#${sku}` });
/** The serial's item is the lock: it is written once, by the registration that owns the serial. */
export const serialKey = (sku: string, serialNumber: string) => ({ pk: `SERIAL#${sku}#${serialNumber}`, sk: 'SERIAL' });
export const registrationKey = (registrationId: string) => ({ pk: `REGISTRATION#${registrationId}`, sk: 'REGISTRATION' });
/** Which registration a customer's requestId produced: a retry finds it here. */
export const requestKey = (customerId: string, requestId: string) => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `REGISTRATION_REQUEST#${requestId}`,
});
export const registrationAttemptsKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'REGISTRATION_ATTEMPTS' });

export function customerIdOf(ctx: Context): string {
  return (ctx.identity as { sub: string }).sub;
}

/** A stored registration as the API shows it: never its outbox entry or the customer's address. */
export function publicRegistration(item: Record<string, unknown>) {
  const steps = (item.steps ?? {}) as Record<string, string | null>;
  return {
    id: item.id,
    customerId: item.customerId,
    requestId: item.requestId,
    sku: item.sku,
    productName: item.productName,
    serialNumber: item.serialNumber,
    purchaseDate: item.purchaseDate,
    status: item.status,
    steps: {
      pointsAwarded: steps.pointsAwarded ?? null,
      discountIssued: steps.discountIssued ?? null,
      emailSent: steps.emailSent ?? null,
      supportInformed: steps.supportInformed ?? null,
    },
    registeredAt: item.registeredAt,
    updatedAt: item.updatedAt,
  };
}

export function publicProduct(item: Record<string, unknown>) {
  const { pk: _pk, sk: _sk, ...product } = item;
  return product;
}

export function publicDiscountCode(item: Record<string, unknown>) {
  return {
    code: item.code,
    customerId: item.customerId,
    registrationId: item.registrationId,
    percentOff: item.percentOff ?? null,
    amountOff: item.amountOff ?? null,
    currency: item.currency ?? null,
    validUntil: item.validUntil,
    status: item.status,
    issuedAt: item.issuedAt,
  };
}
