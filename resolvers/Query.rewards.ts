import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryRewardsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { isAdmin } from './lib/identity';
import { pageOf, pageRequest } from './lib/paging';

/**
 * The catalog, cheapest first. Every condition is part of the index key, never a filter: DynamoDB filters after a
 * page's limit, so a filtered page could come back short or empty while later pages still hold matches.
 * With a category: `byCategory` (status + categoryKey, sorted by pointsCost); without: `byStatus`.
 */
export function request(ctx: Context<QueryRewardsArgs>) {
  const { filter } = ctx.args;
  const status = filter?.status ?? 'PUBLISHED';
  // drafts and archived rewards are content in progress: only admins may list them
  if (status !== 'PUBLISHED' && !isAdmin(ctx)) util.error(`Only admins may list ${status} rewards.`, 'Unauthorized');
  const maxPointsCost = filter?.maxPointsCost;
  const cheaperThan = maxPointsCost !== undefined && maxPointsCost !== null ? { pointsCost: { le: maxPointsCost } } : {};
  return ddb.query({
    ...(filter?.category
      ? { index: 'byCategory', query: { status: { eq: status }, categoryKey: { eq: filter.category }, ...cheaperThan } }
      : { index: 'byStatus', query: { status: { eq: status }, ...cheaperThan } }),
    ...pageRequest(ctx.args),
  });
}

export function response(ctx: Context<QueryRewardsArgs>) {
  raiseDataSourceError(ctx);
  return pageOf(ctx.result);
}
