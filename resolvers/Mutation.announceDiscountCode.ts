import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationAnnounceDiscountCodeArgs } from './generated/schema-types';
import { isConditionFailure, raiseDataSourceError } from './lib/errors';
import { publicDiscountCode } from './lib/registration';

/**
 * Marks a generated code announced, once, which pushes it to its owner's onDiscountIssued. A redelivered event
 * finds it announced and gets null: nothing is published twice and the delivery is not retried.
 */
export function request(ctx: Context<MutationAnnounceDiscountCodeArgs>) {
  const { customerId, registrationId, code } = ctx.args.input;
  return ddb.update({
    key: { pk: `CODE#${code}`, sk: 'CODE' },
    update: { announcedAt: util.time.nowISO8601() },
    condition: { customerId: { eq: customerId }, registrationId: { eq: registrationId }, announcedAt: { attributeExists: false } },
  });
}

export function response(ctx: Context<MutationAnnounceDiscountCodeArgs>) {
  if (isConditionFailure(ctx)) return null;
  raiseDataSourceError(ctx);
  return publicDiscountCode(ctx.result as Record<string, unknown>);
}
