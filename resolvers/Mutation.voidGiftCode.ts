import type { Context } from '@aws-appsync/utils';
import type { MutationVoidGiftCodeArgs } from './generated/schema-types';
import { issuerScope } from './lib/identity';

/** Pipeline: digestGiftCode → voidGiftCodeItem. Partners are scoped to their own issuer before anything runs. */
export function request(ctx: Context<MutationVoidGiftCodeArgs>) {
  ctx.stash.issuerScope = issuerScope(ctx);
  return {};
}

export function response(ctx: Context<MutationVoidGiftCodeArgs>) {
  return ctx.prev.result;
}
