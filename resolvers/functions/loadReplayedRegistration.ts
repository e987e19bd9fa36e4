import { runtime, util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { registrationKey } from '../lib/registration';

/** A retried requestId: the registration it produced, as it is now. */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'replayed') runtime.earlyReturn();
  return ddb.get({ key: registrationKey(ctx.stash.replayedRegistrationId), consistentRead: true });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!ctx.result) util.error('The registration is not recorded yet; retry.', 'RegistrationInProgress');
  ctx.stash.registration = ctx.result;
  return null;
}
