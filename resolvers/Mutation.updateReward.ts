import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { categoryKeyOf } from '../schema/reward-content';
import type { MutationUpdateRewardArgs } from './generated/schema-types';
import { raiseDataSourceError } from './lib/errors';
import { assertValidRewardContent } from './lib/rewards';

export function request(ctx: Context<MutationUpdateRewardArgs>) {
  const { id, expectedVersion, ...changes } = ctx.args.input;
  assertValidRewardContent(changes);
  const update: Record<string, unknown> = {
    version: ddb.operations.increment(1),
    updatedAt: util.time.nowISO8601(),
  };
  Object.entries(changes).forEach(([field, value]) => {
    // null clears an optional field; an omitted field stays as it is
    if (value !== undefined) update[field] = value;
  });
  if (changes.category !== undefined) {
    // the byCategory index key follows the category; an index key cannot hold null, so no category removes it
    const categoryKey = categoryKeyOf(changes.category);
    update.categoryKey = categoryKey ? categoryKey : ddb.operations.remove();
  }
  return ddb.update({
    key: { id },
    update,
    condition: { version: { eq: expectedVersion } },
  });
}

export function response(ctx: Context<MutationUpdateRewardArgs>) {
  raiseDataSourceError(ctx, {
    message: `Reward ${ctx.args.input.id} does not exist or is no longer at version ${ctx.args.input.expectedVersion}`,
    errorType: 'RewardVersionConflict',
  });
  return ctx.result;
}
