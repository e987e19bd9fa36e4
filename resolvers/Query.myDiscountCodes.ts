import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyDiscountCodesArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { pageSize } from './lib/paging';
import { customerIdOf, publicDiscountCode } from './lib/registration';

/** The caller's own discount codes: the key is the verified sub, never an argument. */
export function request(ctx: Context<QueryMyDiscountCodesArgs>) {
  return ddb.query({
    index: 'byCustomer',
    query: { customerId: { eq: customerIdOf(ctx) } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryMyDiscountCodesArgs>) {
  raiseDataSourceError(ctx);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return { items: page.items.map(publicDiscountCode), nextToken: page.nextToken ?? null };
}
