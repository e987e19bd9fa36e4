import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationImportRewardsArgs } from './generated/schema-types';
import { cancellationReasons, raiseDataSourceError } from './lib/errors';
import { assertValidRewardContent, MAX_IMPORT, newRewardItem } from './lib/rewards';

export function request(ctx: Context<MutationImportRewardsArgs>) {
  const inputs = ctx.args.input;
  if (inputs.length === 0 || inputs.length > MAX_IMPORT) {
    util.error(`importRewards takes 1 to ${MAX_IMPORT} rewards, got ${inputs.length}`, 'InvalidRewardInput');
  }
  const now = util.time.nowISO8601();
  const table = ctx.env.REWARDS_TABLE;
  const rewards = inputs.map((input) => {
    assertValidRewardContent(input);
    return newRewardItem(input, now);
  });
  ctx.stash.ids = rewards.map((reward) => reward.id);
  return ddb.transactWrite({
    items: rewards.map(({ id, ...item }) => ({
      putItem: { table, key: { id }, item, condition: { id: { attributeExists: false } } },
    })),
  });
}

export function response(ctx: Context<MutationImportRewardsArgs>) {
  const reasons = cancellationReasons(ctx);
  if (reasons.length) {
    const taken = reasons
      .map((reason, index) => (reason.type === 'ConditionalCheckFailed' ? (ctx.stash.ids as string[])[index] : null))
      .filter((id) => id !== null);
    util.error(`Nothing imported: these ids already exist: ${taken.join(', ')}`, 'RewardAlreadyExists', null, { ids: taken });
  }
  raiseDataSourceError(ctx);
  return { imported: (ctx.stash.ids as string[]).length, ids: ctx.stash.ids };
}
