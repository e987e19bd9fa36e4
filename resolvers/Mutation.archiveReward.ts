import type { Context } from '@aws-appsync/utils';
import type { MutationArchiveRewardArgs } from './generated/schema-types';
import { transitionRequest, transitionResponse } from './lib/status';

export function request(ctx: Context<MutationArchiveRewardArgs>) {
  return transitionRequest(ctx.args.id, ctx.args.expectedVersion, ['DRAFT', 'PUBLISHED'], 'ARCHIVED');
}

export function response(ctx: Context<MutationArchiveRewardArgs>) {
  return transitionResponse(ctx, 'ARCHIVED');
}
