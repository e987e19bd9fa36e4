import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import type { MutationAdjustPointsArgs } from '../generated/schema-types';
import { adjustmentKey, publicEntry } from '../lib/loyalty';

/** A retried requestId: the entry it made. */
export function request(ctx: Context<MutationAdjustPointsArgs>) {
  return ddb.get({ key: adjustmentKey(ctx.args.input.customerId, ctx.args.input.requestId), consistentRead: true });
}

export function response(ctx: Context<MutationAdjustPointsArgs>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const marker = ctx.result as { entry: Record<string, unknown> } | null;
  if (marker) {
    if (marker.entry.points !== ctx.args.input.points) util.error('This requestId was used for another adjustment.', 'RequestIdReused');
    ctx.stash.entry = publicEntry(marker.entry);
  }
  return null;
}
