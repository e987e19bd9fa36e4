import { util, type Context } from '@aws-appsync/utils';
import type { MutationRedeemGiftCodeArgs } from './generated/schema-types';
import { publicRedemption } from './lib/gift-codes';
import { identityOf } from './lib/identity';

/**
 * Pipeline: digestGiftCode → loadRedemptionContext → commitRedemption → recordFailedAttempt →
 * publishOutboxEvent → clearOutboxMark (see docs/gift-codes.md).
 */
export function request(ctx: Context<MutationRedeemGiftCodeArgs>) {
  const { code, requestId } = ctx.args.input;
  if (!util.matches('^[A-Za-z0-9_-]{8,64}$', requestId)) {
    util.error('requestId must be 8 to 64 letters, digits, - or _ (a UUID is ideal).', 'ValidationError');
  }
  if (code.length > 100) util.error('This code cannot be redeemed.', 'GiftCodeNotRedeemable');
  ctx.stash.customerId = identityOf(ctx).sub;
  return {};
}

export function response(ctx: Context<MutationRedeemGiftCodeArgs>) {
  return publicRedemption(ctx.stash.redemption as Record<string, unknown>);
}
