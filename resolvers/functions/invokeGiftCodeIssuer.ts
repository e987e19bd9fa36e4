import type { Context } from '@aws-appsync/utils';
import { raiseDataSourceError } from '../lib/errors';

/** Hands the validated request the pipeline stashed to the issuer Lambda. */
export function request(ctx: Context) {
  return { operation: 'Invoke', payload: ctx.stash.issuerRequest };
}

export function response(ctx: Context) {
  raiseDataSourceError(ctx);
  return ctx.result;
}
