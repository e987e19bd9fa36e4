import { util, type Context } from '@aws-appsync/utils';
import type { MutationImportRewardsArgs } from './generated/schema-types';

/** importRewards on the RewardImporter Lambda: up to 1,000 rewards, each created or rejected on its own. */
export function request(ctx: Context<MutationImportRewardsArgs>) {
  if (ctx.args.input.length === 0 || ctx.args.input.length > 1000)
    util.error(`importRewards takes 1 to 1000 rewards, got ${ctx.args.input.length}`, 'InvalidRewardInput');
  return { operation: 'Invoke', payload: { arguments: ctx.args } };
}

export function response(ctx: Context<MutationImportRewardsArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
