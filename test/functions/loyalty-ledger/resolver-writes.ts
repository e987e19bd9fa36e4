/**
 * The writes the Loyalty resolvers make, as TransactWriteItems straight to a table, with the moment as a parameter
 * (the resolvers take util.time.nowISO8601(), which a randomized sequence over years cannot use). Each mirrors its
 * resolver's items and conditions: redeemReward (resolvers/functions/commitRewardRedemption.ts, without the reward's
 * stock and count), adjustPoints (commitAdjustment.ts) and cancelRewardRedemption (commitCancellation.ts). Each
 * answers whether it was applied: a refused condition (not enough points, a requestId or cancellation seen before)
 * changes nothing.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { theDynamoDb } from '../consumer-steps.js';

const DAY = 86_400_000;
const memberKey = (customerId: string) => `MEMBER#${customerId}`;
const expiryOf = (at: string) => new Date(Date.parse(at) + 365 * DAY).toISOString();

async function applied(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<boolean> {
  try {
    await theDynamoDb().send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    return false;
  }
}

/** A debit: balance − points on condition `balance >= points`, added to pointsConsumed, with its entry. */
function debitItems(table: string, customerId: string, points: number, at: string, entry: { id: string } & Record<string, unknown>) {
  return [
    {
      Update: {
        TableName: table,
        Key: { pk: memberKey(customerId), sk: 'BALANCE' },
        UpdateExpression:
          'SET balance = balance - :cost, pointsConsumed = if_not_exists(pointsConsumed, :zero) + :cost, updatedAt = :now ADD version :one',
        ConditionExpression: 'balance >= :cost',
        ExpressionAttributeValues: { ':cost': points, ':zero': 0, ':now': at, ':one': 1 },
      },
    },
    { Put: { TableName: table, Item: { pk: memberKey(customerId), sk: `LEDGER#${at}#${entry.id}`, ...entry } } },
  ];
}

/** A credit with a lot that expires a full period after `at`: balance + points, consumption untouched. */
function creditItems(table: string, customerId: string, points: number, at: string, entry: { id: string } & Record<string, unknown>) {
  const expiresAt = expiryOf(at);
  return [
    {
      Update: {
        TableName: table,
        Key: { pk: memberKey(customerId), sk: 'BALANCE' },
        UpdateExpression:
          'SET updatedAt = :now, customerId = :customerId, pointsConsumed = if_not_exists(pointsConsumed, :zero) ADD balance :credit, version :one',
        ExpressionAttributeValues: { ':credit': points, ':zero': 0, ':now': at, ':one': 1, ':customerId': customerId },
      },
    },
    {
      Put: {
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `LEDGER#${at}#${entry.id}`, ...entry, expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `LOT#${expiresAt}#${entry.id}`, entryId: entry.id, kind: entry.kind, points, expiresAt },
      },
    },
  ];
}

/** redeemReward: the request marker (new), the redemption, the SPENT entry and the debit. */
export function redeem(table: string, customerId: string, redemption: { id: string; requestId: string; points: number }, at: string) {
  const { id, requestId, points } = redemption;
  return applied([
    {
      Put: {
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `REWARD_REQUEST#${requestId}`, redemptionId: id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `REWARD_REDEMPTION#${id}`, id, customerId, pointsSpent: points, status: 'REDEEMED' },
      },
    },
    ...debitItems(table, customerId, points, at, { id: `spent:${id}`, kind: 'SPENT', points: -points }),
  ]);
}

/** adjustPoints: the request marker (new), the ADJUSTED entry, and a debit (never below zero) or a credit with its lot. */
export function adjust(table: string, customerId: string, adjustment: { requestId: string; points: number }, at: string) {
  const { requestId, points } = adjustment;
  const entry = { id: `adjust:${requestId}`, kind: 'ADJUSTED', points };
  return applied([
    {
      Put: {
        TableName: table,
        Item: { pk: memberKey(customerId), sk: `ADJUSTMENT#${requestId}` },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(points < 0 ? debitItems(table, customerId, -points, at, entry) : creditItems(table, customerId, points, at, entry)),
  ]);
}

/** cancelRewardRedemption: the redemption → CANCELLED (condition: not yet), the REVERSED entry and its lot, the credit. */
export function cancel(table: string, customerId: string, redemption: { id: string; points: number }, at: string) {
  return applied([
    {
      Update: {
        TableName: table,
        Key: { pk: memberKey(customerId), sk: `REWARD_REDEMPTION#${redemption.id}` },
        UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :cancelled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'CANCELLED', ':now': at },
      },
    },
    ...creditItems(table, customerId, redemption.points, at, {
      id: `reversed:${redemption.id}`,
      kind: 'REVERSED',
      points: redemption.points,
      reversesEntryId: `spent:${redemption.id}`,
    }),
  ]);
}
