import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { newRewardItem, type RewardItem } from '../schema/reward-content';
import type { MutationCreateRewardArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { assertValidRewardContent } from './lib/rewards';

export function request(ctx: Context<MutationCreateRewardArgs>) {
  const { input } = ctx.args;
  assertValidRewardContent(input);
  const { id, ...item } = newRewardItem(input.id ?? util.autoId(), input, util.time.nowISO8601());
  return ddb.put<RewardItem>({ key: { id }, item, condition: { id: { attributeExists: false } } });
}

export function response(ctx: Context<MutationCreateRewardArgs>) {
  raiseDataSourceError(ctx, { message: `A reward with id ${ctx.args.input.id} already exists`, errorType: 'RewardAlreadyExists' });
  return ctx.result;
}
