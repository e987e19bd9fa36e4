import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseDataSourceError } from '../lib/errors';
import { codeKey, publicGiftCode } from '../lib/gift-codes';
import { identityOf } from '../lib/identity';

const NOT_VOIDABLE = 'This code cannot be voided: it is unknown, not yours, or no longer active.';

/** ACTIVE → VOIDED, conditional on the caller's issuer for partners: another issuer's code looks like no code. */
export function request(ctx: Context) {
  if (!ctx.stash.wellFormed) util.error(NOT_VOIDABLE, 'GiftCodeNotVoidable');
  const scope = ctx.stash.issuerScope as string | null;
  return ddb.update({
    key: codeKey(ctx.stash.codeHash),
    update: { status: 'VOIDED', voidedAt: util.time.nowISO8601(), voidedBy: identityOf(ctx).sub },
    condition: scope ? { status: { eq: 'ACTIVE' }, issuerId: { eq: scope } } : { status: { eq: 'ACTIVE' } },
  });
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx, { message: NOT_VOIDABLE, errorType: 'GiftCodeNotVoidable' });
  return publicGiftCode(ctx.result as Record<string, unknown>);
}
