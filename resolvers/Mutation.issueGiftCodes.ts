import { util, type Context } from '@aws-appsync/utils';
import type { MutationIssueGiftCodesArgs } from './generated/schema-types';
import type { GiftCodeValue } from '../schema/gift-code-value';
import { validateExpiry, validateValue } from './lib/gift-codes';
import { identityOf, requireIssuerAccess } from './lib/identity';

/** Pipeline: authorize and validate here, then invokeGiftCodeIssuer (the issuer Lambda: CSPRNG codes, conditional writes). */
export function request(ctx: Context<MutationIssueGiftCodesArgs>) {
  const { count, value, expiresAt, issuerId } = ctx.args.input;
  requireIssuerAccess(ctx, issuerId);
  if (count < 1 || count > 10000) util.error('count must be between 1 and 10,000.', 'ValidationError');
  validateValue(value as GiftCodeValue);
  validateExpiry(expiresAt);
  ctx.stash.issuerRequest = {
    action: 'issue',
    issuerId,
    count,
    value: { ...value, currency: value.currency ?? null },
    expiresAt,
    createdBy: identityOf(ctx).sub,
  };
  return {};
}

export function response(ctx: Context<MutationIssueGiftCodesArgs>) {
  const { batch, codes } = ctx.prev.result as { batch: Record<string, unknown>; codes: unknown[] };
  return { ...batch, codes };
}
