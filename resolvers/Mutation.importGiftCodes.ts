import { util, type Context } from '@aws-appsync/utils';
import type { MutationImportGiftCodesArgs } from './generated/schema-types';
import type { GiftCodeValue } from '../schema/gift-code-value';
import { validateExpiry, validateValue } from './lib/gift-codes';
import { identityOf, requireIssuerAccess } from './lib/identity';

/** Pipeline: authorize and validate here, then the issuer Lambda checks and registers each code. */
export function request(ctx: Context<MutationImportGiftCodesArgs>) {
  const { codes, value, expiresAt, issuerId } = ctx.args.input;
  requireIssuerAccess(ctx, issuerId);
  if (codes.length < 1 || codes.length > 10000) util.error('Import 1 to 10,000 codes at a time.', 'ValidationError');
  validateValue(value as GiftCodeValue);
  validateExpiry(expiresAt);
  ctx.stash.issuerRequest = {
    action: 'import',
    issuerId,
    codes,
    value: { ...value, currency: value.currency ?? null },
    expiresAt,
    createdBy: identityOf(ctx).sub,
  };
  return {};
}

export function response(ctx: Context<MutationImportGiftCodesArgs>) {
  const { batch, imported, rejected } = ctx.prev.result as { batch: { id: string }; imported: number; rejected: unknown[] };
  return { batchId: batch.id, imported, rejected };
}
