import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';

/** A retried requestId: the redemption it made, as it stands now. */
export function request(ctx: Context) {
  if (!ctx.stash.replayedKey) runtime.earlyReturn();
  return ddb.get({ key: ctx.stash.replayedKey as { pk: string; sk: string }, consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  ctx.stash.redemption = ctx.result;
  return null;
}
