import { util, type Context } from '@aws-appsync/utils';
import { identityOf } from './identity';

/** Keys of the Loyalty table (docs/loyalty.md, "Items"). */
export const memberKey = (customerId: string) => `MEMBER#${customerId}`;
export const balanceKey = (customerId: string) => ({ pk: memberKey(customerId), sk: 'BALANCE' });
export const rewardRequestKey = (customerId: string, requestId: string) => ({
  pk: memberKey(customerId),
  sk: `REWARD_REQUEST#${requestId}`,
});
export const rewardRedemptionKey = (customerId: string, id: string) => ({ pk: memberKey(customerId), sk: `REWARD_REDEMPTION#${id}` });
export const redemptionPointerKey = (id: string) => ({ pk: `REWARD_REDEMPTION#${id}`, sk: 'REDEMPTION' });
export const rewardCountKey = (customerId: string, rewardId: string) => ({ pk: memberKey(customerId), sk: `REWARD_COUNT#${rewardId}` });
export const adjustmentKey = (customerId: string, requestId: string) => ({ pk: memberKey(customerId), sk: `ADJUSTMENT#${requestId}` });
export const ledgerSortKey = (occurredAt: string, entryId: string) => `LEDGER#${occurredAt}#${entryId}`;
export const lotSortKey = (expiresAt: string, entryId: string) => `LOT#${expiresAt}#${entryId}`;

const DAY_MS = 86400000;

/** When points credited now expire (LOYALTY_EXPIRY_DAYS, 365 unless configured): the same rule as the ledger's. */
export function expiryOf(nowIso: string, env: Record<string, string>): string {
  const days = Number(env.LOYALTY_EXPIRY_DAYS || '365');
  return util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(nowIso) + days * DAY_MS);
}

export type Tier = { name: string; threshold: number; rank: number };

/** LOYALTY_TIERS (`Bronze:0,Silver:1000,Gold:5000`), lowest first. */
export function tiersOf(env: Record<string, string>): Tier[] {
  return (env.LOYALTY_TIERS || 'Bronze:0,Silver:1000,Gold:5000').split(',').map((part, rank) => {
    const [name, threshold] = part.split(':');
    return { name: name.trim(), threshold: Number(threshold), rank };
  });
}

/** A ledger entry as the API shows it. */
export function publicEntry(item: Record<string, unknown>) {
  return {
    id: item.id,
    kind: item.kind,
    points: item.points,
    reason: item.reason,
    sourceType: item.sourceType ?? null,
    sourceId: item.sourceId ?? null,
    redemptionId: item.redemptionId ?? null,
    reversesEntryId: item.reversesEntryId ?? null,
    expiresAt: item.expiresAt ?? null,
    actor: item.actor ?? null,
    occurredAt: item.occurredAt,
  };
}

/** A reward redemption as the API shows it; the voucher code only ever reaches its owner (myRewardRedemptions). */
export function publicRewardRedemption(item: Record<string, unknown>, showVoucher: boolean) {
  return {
    id: item.id,
    customerId: item.customerId,
    requestId: item.requestId,
    rewardId: item.rewardId,
    rewardTitle: item.rewardTitle,
    pointsSpent: item.pointsSpent,
    fulfilment: item.fulfilment,
    status: item.status,
    voucherCode: showVoucher ? (item.voucherCode ?? null) : null,
    redeemedAt: item.redeemedAt,
    updatedAt: item.updatedAt,
    cancelledAt: item.cancelledAt ?? null,
    cancelReason: item.cancelReason ?? null,
  };
}

export function requireRequestId(requestId: string): void {
  if (!util.matches('^[A-Za-z0-9_-]{8,64}$', requestId)) {
    util.error('requestId must be 8 to 64 letters, digits, - or _ (a UUID is ideal).', 'ValidationError');
  }
}

export function customerOf(ctx: Context): string {
  return identityOf(ctx).sub;
}

type Lot = { points: number; kind: string; earnedAt: string; expiresAt: string };

/**
 * The account as the API shows it, from the BALANCE item and the lots: the tier from points EARNED in the rolling
 * 12 months (the stored tier, which only the periodic review lowers), the next tier and what is still needed for
 * it, and the next expiry: the first lots whose points are not yet consumed (oldest-expiring are consumed first).
 */
export function accountView(
  customerId: string,
  item: Record<string, unknown> | null,
  lots: Lot[],
  now: string,
  env: Record<string, string>,
) {
  const tiers = tiersOf(env);
  const windowStart = util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(now) - 365 * DAY_MS);
  const earned = lots
    .filter((lot) => lot.kind === 'EARNED' && lot.earnedAt > windowStart && lot.earnedAt <= now)
    .reduce((total, lot) => total + lot.points, 0);
  const rank = item && item.tierRank ? (item.tierRank as number) : 0;
  const balance = item ? ((item.balance as number) ?? 0) : 0;
  const next = tiers.find((tier) => tier.rank === rank + 1);
  const expiredThrough = item && item.expiredThrough ? (item.expiredThrough as string) : '';
  let unconsumed = item ? ((item.settledEarned as number) ?? 0) - ((item.pointsConsumed as number) ?? 0) : 0;
  let nextExpiry: { points: number; expiresAt: string } | null = null;
  lots
    .filter((lot) => lot.expiresAt > expiredThrough)
    .forEach((lot) => {
      unconsumed = unconsumed + lot.points;
      if (nextExpiry === null && unconsumed > 0) nextExpiry = { points: 0, expiresAt: lot.expiresAt };
      if (nextExpiry !== null && nextExpiry.expiresAt === lot.expiresAt) nextExpiry.points = Math.min(unconsumed, balance);
    });
  return {
    customerId,
    balance,
    tier: { name: tiers[rank].name, threshold: tiers[rank].threshold },
    nextTier: next ? { name: next.name, threshold: next.threshold } : null,
    pointsToNextTier: next ? Math.max(0, next.threshold - earned) : 0,
    pointsEarnedLast12Months: earned,
    nextExpiry,
  };
}

/** Where the lots the account view needs start: the earlier of the last expiry run and the tier window's start. */
export function lotsFrom(item: Record<string, unknown> | null, now: string): string {
  const windowStart = util.time.epochMilliSecondsToISO8601(util.time.parseISO8601ToEpochMilliSeconds(now) - 365 * DAY_MS);
  const expiredThrough = item && item.expiredThrough ? (item.expiredThrough as string) : '';
  return expiredThrough < windowStart ? expiredThrough : windowStart;
}
