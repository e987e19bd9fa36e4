import type { Context } from '@aws-appsync/utils';
import type { MutationPublishRewardArgs } from './generated/schema-types';
import { transitionRequest, transitionResponse } from './lib/status';

export function request(ctx: Context<MutationPublishRewardArgs>) {
  return transitionRequest(ctx.args.id, ctx.args.expectedVersion, ['DRAFT'], 'PUBLISHED');
}

export function response(ctx: Context<MutationPublishRewardArgs>) {
  return transitionResponse(ctx, 'PUBLISHED');
}
