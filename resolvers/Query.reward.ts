import type { Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { QueryRewardArgs, Reward } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { isAdmin } from './lib/identity';

export function request(ctx: Context<QueryRewardArgs>) {
  return ddb.get({ key: { id: ctx.args.id } });
}

export function response(ctx: Context<QueryRewardArgs>) {
  raiseDataSourceError(ctx);
  const reward = ctx.result as Reward | null;
  // Drafts and archived rewards are content in progress: only admins may see them.
  if (!reward || (reward.status !== 'PUBLISHED' && !isAdmin(ctx))) return null;
  return reward;
}
