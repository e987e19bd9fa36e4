import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { LoyaltyAccountLedgerArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { publicEntry } from './lib/loyalty';
import { pageOf, pageRequest } from './lib/paging';

/** The ledger of the account its parent resolved for the caller (myLoyalty sets customerId from the verified sub). */
export function request(ctx: Context<LoyaltyAccountLedgerArgs>) {
  const { customerId } = ctx.source as { customerId: string };
  return ddb.query({
    query: { pk: { eq: `MEMBER#${customerId}` }, sk: { beginsWith: 'LEDGER#' } },
    scanIndexForward: false,
    ...pageRequest(ctx.args),
  });
}

export function response(ctx: Context<LoyaltyAccountLedgerArgs>) {
  raiseDataSourceError(ctx);
  const page = pageOf(ctx.result);
  return { items: page.items.map(publicEntry), nextToken: page.nextToken };
}
