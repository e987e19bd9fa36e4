import { util, type Context } from '@aws-appsync/utils';

/** Re-raises a data-source failure: an ignored ctx.error would be swallowed and the field silently null. */
export function raiseDataSourceError(ctx: Context): void {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type, ctx.result);
}

export function isConditionFailure(ctx: Context): boolean {
  return !!ctx.error && ctx.error.type === 'DynamoDB:ConditionalCheckFailedException';
}
