import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { LoyaltyAccountLedgerArgs } from './generated/schema-types';
import { publicEntry } from './lib/loyalty';
import { pageSize } from './lib/paging';

/** The ledger of the account its parent resolved for the caller (myLoyalty sets customerId from the verified sub). */
export function request(ctx: Context<LoyaltyAccountLedgerArgs>) {
  const { customerId } = ctx.source as { customerId: string };
  return ddb.query({
    query: { pk: { eq: `MEMBER#${customerId}` }, sk: { beginsWith: 'LEDGER#' } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<LoyaltyAccountLedgerArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return {
    items: page.items.map(publicEntry),
    nextToken: page.nextToken ?? null,
  };
}
