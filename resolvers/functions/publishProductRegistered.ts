import { runtime, type Context } from '@aws-appsync/utils';

/**
 * Publishes the committed registration's product_registered event for the fast path. A failure here must not fail
 * the registration, which has committed: the same event (same event_id) also leaves through the table's stream
 * (the outbox), and consumers deduplicate. So this step logs rather than re-raises.
 */
export function request(ctx: Context) {
  if (ctx.stash.outcome !== 'committed') runtime.earlyReturn();
  const outbox = (ctx.stash.registration as { outbox: { source: string; detailType: string; detail: Record<string, unknown> } }).outbox;
  return { operation: 'PutEvents', events: [{ source: outbox.source, detailType: outbox.detailType, detail: outbox.detail }] };
}

export function response(ctx: Context) {
  const failed = ctx.error ? 1 : ((ctx.result as { FailedEntryCount?: number } | null)?.FailedEntryCount ?? 0);
  if (failed) console.error('product_registered not published; the outbox will deliver it', ctx.error?.message ?? ctx.result);
  return null;
}
