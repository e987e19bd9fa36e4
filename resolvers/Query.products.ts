import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryProductsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { pageSize } from './lib/paging';
import { publicProduct } from './lib/registration';

/** The catalog: one partition, products sorted by sku. */
export function request(ctx: Context<QueryProductsArgs>) {
  return ddb.query({
    query: { pk: { eq: 'CATALOG' }, sk: { beginsWith: 'PRODUCT#' } },
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryProductsArgs>) {
  raiseDataSourceError(ctx);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return { items: page.items.map(publicProduct), nextToken: page.nextToken ?? null };
}
