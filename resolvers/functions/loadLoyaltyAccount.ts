import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { balanceKey } from '../lib/loyalty';

/** The member's BALANCE item (none for a member who never earned: a balance of 0). */
export function request(ctx: Context) {
  return ddb.get({ key: balanceKey(ctx.stash.customerId as string), consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.balanceItem = ctx.result ?? null;
  return null;
}
