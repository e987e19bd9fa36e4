import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryRewardsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { pageOf, pageRequest } from './lib/paging';

export function request(ctx: Context<QueryRewardsArgs>) {
  const { filter } = ctx.args;
  const maxPointsCost = filter?.maxPointsCost;
  return ddb.query({
    index: 'byStatus',
    query:
      maxPointsCost !== undefined && maxPointsCost !== null
        ? { status: { eq: 'PUBLISHED' }, pointsCost: { le: maxPointsCost } }
        : { status: { eq: 'PUBLISHED' } },
    filter: filter?.category ? { category: { eq: filter.category } } : undefined,
    ...pageRequest(ctx.args),
  });
}

export function response(ctx: Context<QueryRewardsArgs>) {
  raiseDataSourceError(ctx);
  return pageOf(ctx.result);
}
