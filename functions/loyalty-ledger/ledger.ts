import type { CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { reviewTier, type TierChange } from './account.js';
import { addDays, expiryDays } from './policy.js';
import type { ApplicableValue } from './redemption-value.js';

import { documents } from './documents.js';

export interface PointsCredit {
  customerId: string;
  /** the gift code redemption the points came from, if they did */
  redemptionId?: string;
  /** the event that earned the points: one ledger entry per originating event, ever */
  originEventId: string;
  points: number;
  occurredAt: string;
  /** where the points came from (GIFT_CODE, PRODUCT_REGISTRATION) and its id */
  sourceType?: string;
  sourceId?: string;
  reason?: string;
}

export interface DiscountGrant {
  customerId: string;
  redemptionId: string;
  value: ApplicableValue;
}

export interface Applied {
  /** when the value was first applied: a retry reports the same moment */
  appliedAt: string;
  /** false when an earlier delivery of the same event had already applied it */
  appliedNow: boolean;
}

export interface Credited extends Applied {
  points: number;
  balance: number;
  entryId: string;
  expiresAt: string;
  /** set when this credit lifted the member into a higher tier (upgrades happen at once) */
  tierChange?: TierChange;
}

export const memberKey = (customerId: string) => `MEMBER#${customerId}`;
export const ledgerSortKey = (occurredAt: string, entryId: string) => `LEDGER#${occurredAt}#${entryId}`;
export const lotSortKey = (expiresAt: string, entryId: string) => `LOT#${expiresAt}#${entryId}`;

/**
 * Credits points exactly once per originating event as an EARNED entry: the entry, its lot (what expiry and tiers
 * read: the points, when they were earned and when they expire) and the balance change are one transaction, the
 * entry conditional on not existing yet. If the entry exists, an earlier delivery credited the points and the
 * transaction changed nothing. Any other cancellation (a conflict with a concurrent delivery, throttling) is
 * thrown, so the event is retried and then finds the entry. An upgrade the credit earns is applied at once.
 */
export async function creditPoints(table: string, credit: PointsCredit, now = new Date().toISOString()): Promise<Credited> {
  const pk = memberKey(credit.customerId);
  const entryId = credit.originEventId;
  const expiresAt = addDays(credit.occurredAt, expiryDays());
  let applied: Applied = { appliedAt: now, appliedNow: true };
  try {
    await documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: {
                pk,
                sk: ledgerSortKey(credit.occurredAt, entryId),
                id: entryId,
                customerId: credit.customerId,
                kind: 'EARNED',
                status: 'POSTED',
                points: credit.points,
                reason: credit.reason ?? 'GIFT_CODE_REDEMPTION',
                sourceType: credit.sourceType ?? 'GIFT_CODE',
                sourceId: credit.sourceId ?? credit.redemptionId ?? entryId,
                ...(credit.redemptionId ? { redemptionId: credit.redemptionId } : {}),
                expiresAt,
                occurredAt: credit.occurredAt,
                appliedAt: now,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                pk,
                sk: lotSortKey(expiresAt, entryId),
                entryId,
                kind: 'EARNED',
                points: credit.points,
                earnedAt: credit.occurredAt,
                expiresAt,
              },
            },
          },
          {
            Update: {
              TableName: table,
              Key: { pk, sk: 'BALANCE' },
              UpdateExpression:
                'ADD balance :points, version :one SET updatedAt = :now, customerId = :customerId, pointsConsumed = if_not_exists(pointsConsumed, :zero)',
              ExpressionAttributeValues: { ':points': credit.points, ':one': 1, ':zero': 0, ':now': now, ':customerId': credit.customerId },
            },
          },
        ],
      }),
    );
  } catch (error) {
    const existingEntry = entryThatCancelled(error);
    if (!existingEntry) throw error;
    applied = { appliedAt: String(existingEntry.appliedAt ?? now), appliedNow: false };
  }
  // A transaction returns no values: the review reads the balance it produced (strongly consistent, so it includes the credit).
  const { change: tierChange, account } = await reviewTier(table, credit.customerId, now, { upgradeOnly: true });
  return {
    ...applied,
    points: credit.points,
    balance: Number(account?.balance ?? 0),
    entryId,
    expiresAt,
    ...(tierChange ? { tierChange } : {}),
  };
}

/** Grants a discount once per redemption: the item's put is conditional on its not existing yet. */
export async function grantDiscount(table: string, grant: DiscountGrant, now = new Date().toISOString()): Promise<Applied> {
  try {
    await documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          pk: memberKey(grant.customerId),
          sk: `DISCOUNT#${grant.redemptionId}`,
          customerId: grant.customerId,
          redemptionId: grant.redemptionId,
          value: grant.value,
          grantedAt: now,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { appliedAt: now, appliedNow: true };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const existing = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    return { appliedAt: String((existing && unmarshall(existing).grantedAt) ?? now), appliedNow: false };
  }
}

/**
 * The existing ledger entry, when a credit's transaction was cancelled only because that entry exists (the put
 * is the first item; every other item must have passed).
 */
function entryThatCancelled(error: unknown): Record<string, unknown> | undefined {
  if ((error as Error).name !== 'TransactionCanceledException') return undefined;
  const [entry, ...others]: CancellationReason[] = (error as TransactionCanceledException).CancellationReasons ?? [];
  const onlyTheEntryFailed = entry?.Code === 'ConditionalCheckFailed' && others.every((reason) => reason.Code === 'None');
  return onlyTheEntryFailed ? unmarshall(entry.Item ?? {}) : undefined;
}
