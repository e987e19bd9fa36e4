import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryRewardsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { pageSize } from './lib/paging';

export function request(ctx: Context<QueryRewardsArgs>) {
  const { filter, nextToken } = ctx.args;
  const limit = pageSize(ctx.args.limit);
  const maxPointsCost = filter?.maxPointsCost;
  return ddb.query({
    index: 'byStatus',
    query:
      maxPointsCost !== undefined && maxPointsCost !== null
        ? { status: { eq: 'PUBLISHED' }, pointsCost: { le: maxPointsCost } }
        : { status: { eq: 'PUBLISHED' } },
    filter: filter?.category ? { category: { eq: filter.category } } : undefined,
    limit,
    nextToken: nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryRewardsArgs>) {
  raiseDataSourceError(ctx);
  const page = ctx.result as { items: unknown[]; nextToken?: string | null };
  return { items: page.items, nextToken: page.nextToken ?? null };
}
