/**
 * (s), the gift-code benchmark's baseline: the redemption pipeline's commit alone, the same TransactWriteItems sent
 * straight to DynamoDB Local with the engine's lean client, on a table shaped like GiftCodes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDbClient } from '../local/dynamodb/client.js';
import { envelopeOf, GIFT_CODE_REDEEMED } from '../schema/events.js';
import { OUTBOX_PENDING_SINCE, OUTBOX_SHARD } from '../schema/outbox.js';
import { codeDigest, normalizeCode } from '../functions/gift-codes/codes.js';
import { percentile } from './percentile.js';
import { CLIENTS, type Customer, type Sample } from './product-engine.js';

export const codeHashOf = (code: string) => codeDigest(normalizeCode(code));
const anId = () => randomUUID().replaceAll('-', '').slice(0, 26).toUpperCase();

/** The product's GiftCodes table: the one with the `byCustomer` index (docs/gift-codes.md: Tables). */
export async function theGiftCodesTable(client: DynamoDbClient): Promise<string> {
  const { TableNames } = await client.call<{ TableNames: string[] }>('ListTables', {});
  for (const name of TableNames) {
    const { Table } = await client.call<{ Table: { GlobalSecondaryIndexes?: Array<{ IndexName: string }> } }>('DescribeTable', {
      TableName: name,
    });
    if (Table.GlobalSecondaryIndexes?.some((index) => index.IndexName === 'byCustomer')) return name;
  }
  throw new Error(`no GiftCodes table among ${TableNames.join(', ')}`);
}

/** Seeds `count` code items copied from a real issued code (same attributes and size), returns their keys. */
export async function seedCodes(
  client: DynamoDbClient,
  tableName: string,
  template: Record<string, any>,
  count: number,
): Promise<string[]> {
  const keys = Array.from({ length: count }, () => `CODE#${createHash('sha256').update(randomUUID()).digest('hex')}`);
  const chunks = Array.from({ length: Math.ceil(count / 25) }, (_, n) => keys.slice(n * 25, n * 25 + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < chunks.length) {
        let requests: unknown[] = chunks[next++].map((pk) => ({ PutRequest: { Item: { ...template, pk: { S: pk }, id: { S: anId() } } } }));
        while (requests.length) {
          const { UnprocessedItems } = await client.call<{ UnprocessedItems?: Record<string, unknown[]> }>('BatchWriteItem', {
            RequestItems: { [tableName]: requests },
          });
          requests = UnprocessedItems?.[tableName] ?? [];
        }
      }
    }),
  );
  return keys;
}

/** What commitRedemption sends, item for item: the code's update on its condition and the redemption's put. */
function commitTransaction(tableName: string, codePk: string, code: Record<string, any>, customerId: string) {
  const id = anId();
  const requestId = randomUUID();
  const now = new Date().toISOString();
  const nowEpoch = String(Math.floor(Date.now() / 1000));
  const data = {
    redemptionId: { S: id },
    requestId: { S: requestId },
    customerId: { S: customerId },
    codeId: code.id,
    batchId: code.batchId,
    issuerId: code.issuerId,
    last4: code.last4,
    value: code.value,
    redeemedAt: { S: now },
  };
  // the envelope commitRedemption builds, its metadata in DynamoDB's attribute values (data is in them already)
  const { metadata } = envelopeOf({ type: GIFT_CODE_REDEEMED, eventId: id, correlationId: id, data });
  const redemption = {
    pk: { S: `CUSTOMER#${customerId}` },
    sk: { S: `REDEMPTION#${requestId}` },
    type: { S: 'Redemption' },
    id: { S: id },
    customerId: { S: customerId },
    requestId: { S: requestId },
    codeHash: { S: codePk.slice('CODE#'.length) },
    codeId: code.id,
    batchId: code.batchId,
    issuerId: code.issuerId,
    last4: code.last4,
    value: code.value,
    status: { S: 'REDEEMED' },
    redeemedAt: { S: now },
    updatedAt: { S: now },
    // the outbox's pending mark, as owedEvent writes it: the item is in the outboxPending index until cleared
    [OUTBOX_PENDING_SINCE]: { S: now },
    [OUTBOX_SHARD]: { S: String(Math.floor(Math.random() * 16)) },
    outbox: {
      M: {
        source: { S: GIFT_CODE_REDEEMED.source },
        detailType: { S: GIFT_CODE_REDEEMED.name },
        detail: { M: { metadata: { M: marshall(metadata, { removeUndefinedValues: true }) }, data: { M: data } } },
      },
    },
  };
  return {
    TransactItems: [
      {
        Update: {
          TableName: tableName,
          Key: { pk: { S: codePk }, sk: { S: 'CODE' } },
          UpdateExpression: 'SET #status = :redeemed, #redeemedBy = :customerId, #redeemedAt = :now, #redemptionId = :id',
          ConditionExpression: '#status = :active AND #expiresAtEpoch > :nowEpoch',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#redeemedBy': 'redeemedBy',
            '#redeemedAt': 'redeemedAt',
            '#redemptionId': 'redemptionId',
            '#expiresAtEpoch': 'expiresAtEpoch',
          },
          ExpressionAttributeValues: {
            ':redeemed': { S: 'REDEEMED' },
            ':customerId': { S: customerId },
            ':now': { S: now },
            ':id': { S: id },
            ':active': { S: 'ACTIVE' },
            ':nowEpoch': { N: nowEpoch },
          },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: redemption,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': 'pk' },
        },
      },
    ],
  };
}

export async function commitAll(
  client: DynamoDbClient,
  tableName: string,
  codePks: string[],
  template: Record<string, any>,
  customers: Customer[],
): Promise<Sample & { errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, n) => {
      const customerId = customers[n % customers.length].sub;
      while (next < codePks.length) {
        const transaction = commitTransaction(tableName, codePks[next++], template, customerId);
        const sentAt = performance.now();
        try {
          await client.call('TransactWriteItems', transaction);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { rps: codePks.length / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors };
}
