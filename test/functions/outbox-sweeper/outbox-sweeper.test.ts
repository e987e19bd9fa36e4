/**
 * The outbox sweeper on DynamoDB Local, run as of chosen moments: it publishes what committed items still owe once
 * their mark is overdue, with the event_id they were committed with, and clears their marks; a fresh mark (its
 * pipeline may still be publishing) is left alone; refused entries stay marked for the next sweep.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, GIFT_CODE_REDEEMED } from '../../../schema/events.js';
import { OUTBOX_INDEX } from '../../../schema/outbox.js';
import { aFakeEventBridge, aTableName, theDynamoDb, useLocalAws, type FakeEventBridge } from '../consumer-steps.js';

const table = aTableName('outbox');
let eventBridge: FakeEventBridge;
let sweeper: typeof import('../../../functions/outbox-sweeper/index.js');

beforeAll(async () => {
  eventBridge = await aFakeEventBridge();
  useLocalAws('outbox-sweeper', { OUTBOX_TABLE: table, BUS_NAME: 'sweep-bus', AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url });
  // shaped as infra/platform/transactional-outbox.ts makes it
  await theDynamoDb().send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: ['pk', 'sk', 'outboxShard', 'outboxPendingSince'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      GlobalSecondaryIndexes: [
        {
          IndexName: OUTBOX_INDEX,
          KeySchema: [
            { AttributeName: 'outboxShard', KeyType: 'HASH' },
            { AttributeName: 'outboxPendingSince', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['outbox'] },
        },
      ],
    }),
  );
  sweeper = await import('../../../functions/outbox-sweeper/index.js');
});
afterAll(() => eventBridge.close());

/** A committed redemption as commitRedemption writes it: its event, and the mark of `since` in `shard`. */
async function aCommittedItem(since: string, shard = '7') {
  const id = randomUUID();
  const key = { pk: `CUSTOMER#${randomUUID()}`, sk: `REDEMPTION#${id}` };
  const detail = envelopeOf({ type: GIFT_CODE_REDEEMED, eventId: id, correlationId: id, data: { redemptionId: id } as never });
  await theDynamoDb().send(
    new PutCommand({
      TableName: table,
      Item: {
        ...key,
        status: 'REDEEMED',
        outbox: { source: GIFT_CODE_REDEEMED.source, detailType: GIFT_CODE_REDEEMED.name, detail },
        outboxPendingSince: since,
        outboxShard: shard,
      },
    }),
  );
  return { id, key };
}

const markOf = async (key: Record<string, string>) =>
  (await theDynamoDb().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item?.outboxPendingSince;
const publishedIds = () => eventBridge.entries.map((entry) => JSON.parse(entry.Detail!).metadata.event_id as string);
const sweepAt = (now: string) => sweeper.handler({ olderThanSeconds: 60, now });

describe('the outbox sweeper', () => {
  it('publishes an overdue event once, with its own event_id, and clears its mark', async () => {
    const overdue = await aCommittedItem('2026-03-01T10:00:00.000Z', '3');
    const fresh = await aCommittedItem('2026-03-01T10:00:30.000Z', '3');

    await sweepAt('2026-03-01T10:01:10.000Z');
    expect(publishedIds()).toContain(overdue.id);
    expect(publishedIds()).not.toContain(fresh.id);
    expect(eventBridge.entries.find((entry) => entry.Detail!.includes(overdue.id))).toMatchObject({
      EventBusName: 'sweep-bus',
      Source: GIFT_CODE_REDEEMED.source,
      DetailType: GIFT_CODE_REDEEMED.name,
    });
    expect(await markOf(overdue.key)).toBeUndefined();
    expect(await markOf(fresh.key)).toBe('2026-03-01T10:00:30.000Z');

    await sweepAt('2026-03-01T10:01:20.000Z');
    expect(publishedIds().filter((id) => id === overdue.id)).toHaveLength(1);
  });

  it('finds marks in every shard', async () => {
    const items = await Promise.all(['0', '9', '15'].map((shard) => aCommittedItem('2026-03-02T10:00:00.000Z', shard)));
    await sweepAt('2026-03-02T11:00:00.000Z');
    expect(publishedIds()).toEqual(expect.arrayContaining(items.map((item) => item.id)));
  });

  it('leaves refused events marked, and publishes them on the next sweep', async () => {
    const item = await aCommittedItem('2026-03-03T10:00:00.000Z');
    eventBridge.refuseNext(1);
    await sweepAt('2026-03-03T11:00:00.000Z');
    expect(publishedIds()).not.toContain(item.id);
    expect(await markOf(item.key)).toBe('2026-03-03T10:00:00.000Z');

    await sweepAt('2026-03-03T11:01:00.000Z');
    expect(publishedIds()).toContain(item.id);
    expect(await markOf(item.key)).toBeUndefined();
  });
});
