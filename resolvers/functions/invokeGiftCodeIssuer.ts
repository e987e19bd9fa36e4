import { util, type Context } from '@aws-appsync/utils';

/** Hands the validated request the pipeline stashed to the issuer Lambda. */
export function request(ctx: Context) {
  return { operation: 'Invoke', payload: ctx.stash.issuerRequest };
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
