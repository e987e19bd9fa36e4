import { util, type Context } from '@aws-appsync/utils';
import type { MutationRegisterProductArgs } from './generated/schema-types';
import { customerIdOf, publicRegistration } from './lib/registration';

/**
 * Pipeline: loadRegistrationContext → commitRegistration → recordFailedRegistration → loadReplayedRegistration →
 * publishOutboxEvent → clearOutboxMark (see docs/product-registration.md).
 */
export function request(ctx: Context<MutationRegisterProductArgs>) {
  const { requestId, serialNumber } = ctx.args.input;
  if (!util.matches('^[A-Za-z0-9_-]{8,64}$', requestId)) {
    util.error('requestId must be 8 to 64 letters, digits, - or _ (a UUID is ideal).', 'ValidationError');
  }
  if (serialNumber.length < 1 || serialNumber.length > 64)
    util.error('This serial number is not valid for this product.', 'InvalidSerialNumber');
  ctx.stash.customerId = customerIdOf(ctx);
  // the ID token carries the address; an access token does not, and then no email is sent
  ctx.stash.customerEmail = (ctx.identity as { claims?: Record<string, unknown> }).claims?.email ?? null;
  return {};
}

export function response(ctx: Context<MutationRegisterProductArgs>) {
  return publicRegistration(ctx.stash.registration as Record<string, unknown>);
}
