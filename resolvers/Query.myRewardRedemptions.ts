import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyRewardRedemptionsArgs } from './generated/schema-types';
import { customerOf, memberKey, publicRewardRedemption } from './lib/loyalty';
import { pageSize } from './lib/paging';

/** The caller's reward redemptions, newest first (their ids are ULIDs); digital vouchers shown to their owner. */
export function request(ctx: Context<QueryMyRewardRedemptionsArgs>) {
  return ddb.query({
    query: { pk: { eq: memberKey(customerOf(ctx)) }, sk: { beginsWith: 'REWARD_REDEMPTION#' } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryMyRewardRedemptionsArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return { items: page.items.map((item) => publicRewardRedemption(item, true)), nextToken: page.nextToken ?? null };
}
