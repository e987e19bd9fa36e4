import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyRedemptionsArgs } from './generated/schema-types';
import { identityOf, publicRedemption } from './lib/gift-codes';
import { pageSize } from './lib/paging';

/** The caller's own redemptions: the key is the verified sub, never an argument. */
export function request(ctx: Context<QueryMyRedemptionsArgs>) {
  return ddb.query({
    index: 'byCustomer',
    query: { customerId: { eq: identityOf(ctx).sub } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryMyRedemptionsArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return { items: page.items.map(publicRedemption), nextToken: page.nextToken ?? null };
}
