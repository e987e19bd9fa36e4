import { util, type Context } from '@aws-appsync/utils';
import type { MutationAdjustPointsArgs } from './generated/schema-types';

/** Pipeline: loadAdjustment → commitAdjustment → publishOutboxEvent → clearOutboxMark (docs/loyalty.md, "Adjustments"). */
export function request(ctx: Context<MutationAdjustPointsArgs>) {
  const { points, reason, requestId, customerId } = ctx.args.input;
  if (!util.matches('^[A-Za-z0-9_-]{8,64}$', requestId))
    util.error('requestId must be 8 to 64 letters, digits, - or _ (a UUID is ideal).', 'ValidationError');
  if (points === 0 || points > 1000000 || points < -1000000) util.error('points must be non-zero, within ±1,000,000.', 'ValidationError');
  if (reason.trim() === '' || reason.length > 500) util.error('reason must say why, in at most 500 characters.', 'ValidationError');
  if (customerId.trim() === '') util.error('customerId is required.', 'ValidationError');
  return {};
}

export function response(ctx: Context<MutationAdjustPointsArgs>) {
  return ctx.stash.entry;
}
