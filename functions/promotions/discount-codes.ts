import { ConditionalCheckFailedException, DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { generateCode } from '../gift-codes/codes.js';
import type { DiscountCodeGeneratedData, ProductRegisteredData } from '../../schema/events.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const DAY_MS = 24 * 60 * 60 * 1000;
/** A collision among 2^80 codes is all but impossible; a few tries make "all but" certain. */
const MAX_COLLISIONS = 3;

export type DiscountCodeItem = Omit<DiscountCodeGeneratedData, 'productName' | 'customerEmail'> & { status: 'ACTIVE' };

/**
 * The registration's one discount code: a CSPRNG code, unique by a conditional write of its item, written in one
 * transaction with a marker that makes it the registration's only code. A registration that already has its code
 * (a delivery after a crash, with the idempotency record gone) gets that code back.
 */
export async function discountCodeFor(table: string, registered: ProductRegisteredData, now: Date): Promise<DiscountCodeItem> {
  const { percentOff, amountOff, currency, validDays } = registered.discount;
  for (let collisions = 0; collisions < MAX_COLLISIONS; collisions++) {
    const item: DiscountCodeItem = {
      code: generateCode(),
      customerId: registered.customerId,
      registrationId: registered.registrationId,
      percentOff: percentOff ?? null,
      amountOff: amountOff ?? null,
      currency: currency ?? null,
      validUntil: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
      issuedAt: now.toISOString(),
      status: 'ACTIVE',
    };
    try {
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { pk: `REGISTRATION#${registered.registrationId}`, sk: 'DISCOUNT_CODE', code: item.code },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk: `CODE#${item.code}`, sk: 'CODE', ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return item;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker, code] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return existingCodeOf(table, registered.registrationId);
      if (code?.Code !== 'ConditionalCheckFailed') throw error;
    }
  }
  throw new ConditionalCheckFailedException({ message: `${MAX_COLLISIONS} generated codes collided`, $metadata: {} });
}

async function existingCodeOf(table: string, registrationId: string): Promise<DiscountCodeItem> {
  const read = (key: Record<string, string>) => documents.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  const marker = await read({ pk: `REGISTRATION#${registrationId}`, sk: 'DISCOUNT_CODE' });
  const { Item } = await read({ pk: `CODE#${marker.Item!.code}`, sk: 'CODE' });
  const { pk: _pk, sk: _sk, announcedAt: _announced, ...item } = Item!;
  return item as DiscountCodeItem;
}
