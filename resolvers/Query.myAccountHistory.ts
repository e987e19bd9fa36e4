import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyAccountHistoryArgs } from './generated/schema-types';
import { identityOf } from './lib/gift-codes';
import { pageSize } from './lib/paging';

export function request(ctx: Context<QueryMyAccountHistoryArgs>) {
  return ddb.query({
    query: { pk: { eq: `CUSTOMER#${identityOf(ctx).sub}` } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryMyAccountHistoryArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return {
    items: page.items.map((item) => ({ id: item.eventId, name: item.name, summary: item.summary, occurredAt: item.occurredAt })),
    nextToken: page.nextToken ?? null,
  };
}
