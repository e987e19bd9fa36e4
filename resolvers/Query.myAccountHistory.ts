import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyAccountHistoryArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { identityOf } from './lib/identity';
import { pageOf, pageRequest } from './lib/paging';

export function request(ctx: Context<QueryMyAccountHistoryArgs>) {
  return ddb.query({
    query: { pk: { eq: `CUSTOMER#${identityOf(ctx).sub}` } },
    scanIndexForward: false,
    ...pageRequest(ctx.args),
  });
}

export function response(ctx: Context<QueryMyAccountHistoryArgs>) {
  raiseDataSourceError(ctx);
  const page = pageOf(ctx.result);
  return {
    items: page.items.map((item) => ({ id: item.eventId, name: item.name, summary: item.summary, occurredAt: item.occurredAt })),
    nextToken: page.nextToken,
  };
}
