import type { Context } from '@aws-appsync/utils';

export function request() {
  return { payload: null };
}

/** The stage's manufacturers come from the CDK configuration (their endpoints and keys stay in EventBridge). */
export function response(ctx: Context) {
  return JSON.parse(ctx.env.MANUFACTURERS);
}
