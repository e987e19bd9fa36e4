import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationCreateRewardArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { assertValidRewardContent, newRewardItem, type RewardItem } from './lib/rewards';

export function request(ctx: Context<MutationCreateRewardArgs>) {
  assertValidRewardContent(ctx.args.input);
  const { id, ...item } = newRewardItem(ctx.args.input, util.time.nowISO8601());
  return ddb.put<RewardItem>({ key: { id }, item, condition: { id: { attributeExists: false } } });
}

export function response(ctx: Context<MutationCreateRewardArgs>) {
  raiseDataSourceError(ctx, { message: `A reward with id ${ctx.args.input.id} already exists`, errorType: 'RewardAlreadyExists' });
  return ctx.result;
}
