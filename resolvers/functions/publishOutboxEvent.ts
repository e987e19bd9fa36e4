import { runtime, type Context } from '@aws-appsync/utils';
import { publishRequest, publishResponse } from '../lib/outbox';

/**
 * Publishes the event the pipeline's commit owes (resolvers/lib/outbox.ts), once. Never fails the request: what is
 * not published stays marked for the outbox sweeper.
 */
export function request(ctx: Context) {
  const request = publishRequest(ctx);
  if (!request) runtime.earlyReturn();
  return request;
}

export function response(ctx: Context) {
  publishResponse(ctx);
  return null;
}
