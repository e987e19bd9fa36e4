import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TierChangedData } from '../../schema/events.js';
import { documents } from './documents.js';
import { addDays, TIER_WINDOW_DAYS, tierFor, tiers, type Tier } from './policy.js';

/**
 * The member's account beyond single credits (docs/loyalty.md, "Expiry" and "Tiers"). The BALANCE item holds
 * `balance` (the sum of the entries), `consumed` (every point ever spent, expired or debited) and `version` (every
 * writer adds 1). Each earning, credit back or positive adjustment has a lot `LOT#<expiresAt>#<entryId>`.
 * Consumption draws on lots oldest-expiring first, so the points of the lots due by T that are still unspent are
 * exactly max(0, earned-by-T - consumed): expiry takes that and nothing else, so it can never take spent points.
 */

export interface BalanceItem {
  customerId: string;
  balance: number;
  pointsConsumed?: number;
  /** the lots up to expiredThrough are settled: settledEarned is their sum */
  settledEarned?: number;
  expiredThrough?: string;
  tier?: string;
  tierRank?: number;
  version?: number;
}

export type TierChange = TierChangedData;

interface Lot {
  points: number;
  kind: string;
  earnedAt: string;
  expiresAt: string;
}

const memberKey = (customerId: string) => `MEMBER#${customerId}`;
const MAX_ATTEMPTS = 5;

export async function balanceItem(table: string, customerId: string): Promise<BalanceItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table, Key: { pk: memberKey(customerId), sk: 'BALANCE' }, ConsistentRead: true }),
  );
  return Item as BalanceItem | undefined;
}

/** Lots whose expiresAt lies in (after, through], oldest-expiring first. */
async function lotsExpiring(table: string, customerId: string, after: string, through: string): Promise<Lot[]> {
  const lots: Lot[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': memberKey(customerId), ':from': `LOT#${after}#\uffff`, ':to': `LOT#${through}#\uffff` },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    lots.push(...((page.Items ?? []) as Lot[]).filter((lot) => lot.expiresAt > after && lot.expiresAt <= through));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return lots;
}

const sum = (lots: Lot[]) => lots.reduce((total, lot) => total + lot.points, 0);

/** Points EARNED (not credited back, not adjusted) in the rolling window ending now: what tiers are based on. */
export async function earnedInWindow(table: string, customerId: string, now: string): Promise<number> {
  const windowStart = addDays(now, -TIER_WINDOW_DAYS);
  // every earning of the window expires after the window's start
  const lots = await lotsExpiring(table, customerId, windowStart, '\uffff');
  return sum(lots.filter((lot) => lot.kind === 'EARNED' && lot.earnedAt > windowStart && lot.earnedAt <= now));
}

/**
 * Sets the tier points earned in the window reach. Upgrades (after a credit) happen at once; a downgrade only at
 * the periodic review (`upgradeOnly: false`), never because points were spent. The update is conditional on the
 * tier it replaces, so two reviews never announce the same change twice. Also answers the account as it read it
 * (strongly consistent), so a caller that needs the balance does not read it again.
 */
export async function reviewTier(
  table: string,
  customerId: string,
  now: string,
  { upgradeOnly }: { upgradeOnly: boolean },
): Promise<{ change?: TierChange; account?: BalanceItem }> {
  const all = tiers();
  const account = await balanceItem(table, customerId);
  if (!account) return {};
  const currentRank = account.tierRank ?? 0;
  // Reading the lots costs one item per earning of the last 12 months, on every credit: skip it when no upgrade
  // is within reach (the top tier, or fewer points ever credited than the next tier needs).
  if (upgradeOnly && !upgradeWithinReach(account, all)) return { account };
  const earned = await earnedInWindow(table, customerId, now);
  const target = tierFor(earned, all);
  if (target.rank === currentRank || (upgradeOnly && target.rank < currentRank)) return { account };
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: memberKey(customerId), sk: 'BALANCE' },
        UpdateExpression: 'SET tier = :tier, tierRank = :rank, tierChangedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(tierRank) OR tierRank = :current)',
        ExpressionAttributeValues: { ':tier': target.name, ':rank': target.rank, ':now': now, ':current': currentRank },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return { account };
    throw error;
  }
  return { change: { customerId, from: all[currentRank].name, to: target.name, earnedLast12Months: earned, changedAt: now }, account };
}

/**
 * Whether points earned in the window could reach a tier above the member's. They are at most every point ever
 * credited: the balance plus what was consumed, since every debit (spend, expiry, negative adjustment) moves its
 * points from one to the other and only credits raise the sum.
 */
export function upgradeWithinReach(account: BalanceItem, all: Tier[]): boolean {
  const next = all[(account.tierRank ?? 0) + 1];
  return next !== undefined && account.balance + (account.pointsConsumed ?? 0) >= next.threshold;
}

export interface Expired {
  points: number;
  balance: number;
  entryId?: string;
}

/**
 * Expires what is due by `now`, exactly once: the EXPIRED entry and the balance change are one transaction,
 * conditional on the version read, so a concurrent spend, credit or second run makes it start over and then find
 * less (or nothing) to expire.
 */
export async function expireDue(table: string, customerId: string, now: string): Promise<Expired> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const item = await balanceItem(table, customerId);
    if (!item) return { points: 0, balance: 0 };
    const from = item.expiredThrough ?? '';
    if (from >= now) return { points: 0, balance: item.balance };
    const settledEarned = (item.settledEarned ?? 0) + sum(await lotsExpiring(table, customerId, from, now));
    const consumed = item.pointsConsumed ?? 0;
    const points = Math.min(Math.max(0, settledEarned - consumed), item.balance);
    const entryId = `expiry:${customerId}:${now}`;
    const pk = memberKey(customerId);
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { pk, sk: 'BALANCE' },
                UpdateExpression:
                  'SET pointsConsumed = :consumed, settledEarned = :settled, expiredThrough = :now, updatedAt = :now, balance = balance - :points ADD version :one',
                ConditionExpression: item.version === undefined ? 'attribute_not_exists(version)' : 'version = :version',
                ExpressionAttributeValues: {
                  ':consumed': consumed + points,
                  ':settled': settledEarned,
                  ':now': now,
                  ':points': points,
                  ':one': 1,
                  ...(item.version === undefined ? {} : { ':version': item.version }),
                },
              },
            },
            ...(points > 0
              ? [
                  {
                    Put: {
                      TableName: table,
                      Item: {
                        pk,
                        sk: `LEDGER#${now}#${entryId}`,
                        id: entryId,
                        customerId,
                        kind: 'EXPIRED',
                        status: 'POSTED',
                        points: -points,
                        reason: 'POINTS_EXPIRED',
                        sourceType: 'EXPIRY',
                        sourceId: now,
                        occurredAt: now,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return { points, balance: item.balance - points, ...(points > 0 ? { entryId } : {}) };
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
    }
  }
  throw new Error(`expiry of ${customerId} kept conflicting with concurrent writes; the next run will do it`);
}

export interface ExpiryWarning {
  customerId: string;
  points: number;
  expiresAt: string;
}

/**
 * Points that will expire in the next `days` days (the earliest date they do), or nothing. Each expiry date is
 * warned about once: a marker item, conditionally put, says it was.
 */
export async function expiryWarningDue(table: string, customerId: string, now: string, days: number): Promise<ExpiryWarning | undefined> {
  const item = await balanceItem(table, customerId);
  if (!item || item.balance <= 0) return undefined;
  const from = item.expiredThrough ?? '';
  let unconsumedBefore = (item.settledEarned ?? 0) - (item.pointsConsumed ?? 0);
  let warning: ExpiryWarning | undefined;
  for (const lot of await lotsExpiring(table, customerId, from, addDays(now, days))) {
    unconsumedBefore += lot.points;
    if (unconsumedBefore > 0 && !warning) warning = { customerId, points: 0, expiresAt: lot.expiresAt };
    if (warning) warning.points = Math.min(unconsumedBefore, item.balance);
  }
  if (!warning) return undefined;
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `EXPIRY_WARNING#${warning.expiresAt}`, points: warning.points, warnedAt: now },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
  return warning;
}
