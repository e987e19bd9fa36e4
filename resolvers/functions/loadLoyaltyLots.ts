import { util, type Context } from '@aws-appsync/utils';
import * as ddb from '@aws-appsync/utils/dynamodb';
import { accountView, lotsFrom, memberKey } from '../lib/loyalty';

/** The lots the tier and the next expiry are computed from (those of the window and those not yet settled). */
export function request(ctx: Context) {
  const now = util.time.nowISO8601();
  ctx.stash.now = now;
  const from = lotsFrom(ctx.stash.balanceItem as Record<string, unknown> | null, now);
  return ddb.query({
    query: { pk: { eq: memberKey(ctx.stash.customerId as string) }, sk: { between: [`LOT#${from}#\uffff`, 'LOT#\uffff'] } },
    consistentRead: true,
    limit: 1000,
  });
}

export function response(ctx: Context) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  const lots = (ctx.result as { items: Array<{ points: number; kind: string; earnedAt: string; expiresAt: string }> }).items;
  ctx.stash.account = accountView(
    ctx.stash.customerId as string,
    ctx.stash.balanceItem as Record<string, unknown> | null,
    lots,
    ctx.stash.now as string,
    ctx.env,
  );
  return null;
}
