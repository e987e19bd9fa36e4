import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { raiseDataSourceError } from './lib/errors';
import { identityOf } from './lib/identity';

/** The balance item; a member who never earned has none, which is a balance of 0. */
export function request(ctx: Context) {
  return ddb.get({ key: { pk: `MEMBER#${identityOf(ctx).sub}`, sk: 'BALANCE' }, consistentRead: true });
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  const item = ctx.result as { balance?: number } | null;
  return { customerId: identityOf(ctx).sub, balance: item?.balance ?? 0 };
}
