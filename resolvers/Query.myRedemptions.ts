import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyRedemptionsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { publicRedemption } from './lib/gift-codes';
import { identityOf } from './lib/identity';
import { pageOf, pageRequest } from './lib/paging';

/** The caller's own redemptions: the key is the verified sub, never an argument. */
export function request(ctx: Context<QueryMyRedemptionsArgs>) {
  return ddb.query({
    index: 'byCustomer',
    query: { customerId: { eq: identityOf(ctx).sub } },
    scanIndexForward: false,
    ...pageRequest(ctx.args),
  });
}

export function response(ctx: Context<QueryMyRedemptionsArgs>) {
  raiseDataSourceError(ctx);
  const page = pageOf(ctx.result);
  return { items: page.items.map(publicRedemption), nextToken: page.nextToken };
}
