import { DynamoDBClient, type CancellationReason, type TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ApplicableValue } from './redemption-value.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export interface PointsCredit {
  customerId: string;
  redemptionId: string;
  /** the event that earned the points: one ledger entry per originating event, ever */
  originEventId: string;
  points: number;
  occurredAt: string;
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

const memberKey = (customerId: string) => `MEMBER#${customerId}`;

/**
 * Credits points exactly once per originating event: the ledger entry and the balance change are one
 * transaction, the entry conditional on not existing yet. If the entry exists, an earlier delivery credited the
 * points and the transaction changed nothing. Any other cancellation (a conflict with a concurrent delivery,
 * throttling) is thrown, so the event is retried and then finds the entry.
 */
export async function creditPoints(
  table: string,
  credit: PointsCredit,
  now = new Date().toISOString(),
): Promise<Applied & { balance: number }> {
  const pk = memberKey(credit.customerId);
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
                sk: `LEDGER#${credit.occurredAt}#${credit.originEventId}`,
                id: credit.originEventId,
                customerId: credit.customerId,
                kind: 'EARNED',
                points: credit.points,
                reason: 'GIFT_CODE_REDEMPTION',
                redemptionId: credit.redemptionId,
                occurredAt: credit.occurredAt,
                appliedAt: now,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName: table,
              Key: { pk, sk: 'BALANCE' },
              UpdateExpression: 'ADD balance :points SET updatedAt = :now, customerId = :customerId',
              ExpressionAttributeValues: { ':points': credit.points, ':now': now, ':customerId': credit.customerId },
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
  // A transaction returns no values: read the balance it produced (strongly consistent, so it includes the credit).
  const balance = await documents.send(new GetCommand({ TableName: table, Key: { pk, sk: 'BALANCE' }, ConsistentRead: true }));
  return { ...applied, balance: Number(balance.Item?.balance ?? 0) };
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
