import { util, type Context } from '@aws-appsync/utils';

/** A domain error to answer with instead of a data source's failed condition. */
export type ConditionFailure = { message: string; errorType: string };

/**
 * Re-raises a data-source failure: an ignored ctx.error would be swallowed and the field silently null. With
 * `onConditionFailure`, a failed condition (ConditionalCheckFailed) becomes that domain error instead.
 */
export function raiseDataSourceError(ctx: Context, onConditionFailure?: ConditionFailure): void {
  if (onConditionFailure && isConditionFailure(ctx)) util.error(onConditionFailure.message, onConditionFailure.errorType);
  if (ctx.error) util.error(ctx.error.message, ctx.error.type, ctx.result);
}

export function isConditionFailure(ctx: Context): boolean {
  return !!ctx.error && ctx.error.type === 'DynamoDB:ConditionalCheckFailedException';
}

/** Why each item of a cancelled transaction failed, in the order of the items (empty for any other failure). */
export function cancellationReasons(ctx: Context): Array<{ type: string }> {
  if (!ctx.error) return [];
  return (ctx.result as { cancellationReasons?: Array<{ type: string }> } | null)?.cancellationReasons ?? [];
}
