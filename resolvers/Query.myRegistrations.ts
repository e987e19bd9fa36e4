import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryMyRegistrationsArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { pageSize } from './lib/paging';
import { customerIdOf, publicRegistration } from './lib/registration';

/** The caller's own registrations: the key is the verified sub, never an argument. */
export function request(ctx: Context<QueryMyRegistrationsArgs>) {
  return ddb.query({
    index: 'byCustomer',
    query: { customerId: { eq: customerIdOf(ctx) } },
    scanIndexForward: false,
    limit: pageSize(ctx.args.limit),
    nextToken: ctx.args.nextToken ?? undefined,
  });
}

export function response(ctx: Context<QueryMyRegistrationsArgs>) {
  raiseDataSourceError(ctx);
  const page = ctx.result as { items: Array<Record<string, unknown>>; nextToken?: string | null };
  return { items: page.items.map(publicRegistration), nextToken: page.nextToken ?? null };
}
