import { runtime, type Context } from '@aws-appsync/utils';
import { clearRequest, clearResponse } from '../lib/outbox';

/** After a publish the bus accepted: the item no longer owes its event, so the sweeper leaves it alone. */
export function request(ctx: Context) {
  const request = clearRequest(ctx);
  if (!request) runtime.earlyReturn();
  return request;
}

export function response(ctx: Context) {
  clearResponse(ctx);
  return null;
}
