import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { OUTBOX_INDEX, OUTBOX_PENDING_SINCE, OUTBOX_SHARD, OUTBOX_SHARDS } from '../../schema/outbox.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const eventBridge = new EventBridgeClient({});

/** An item still marked as owing its event (the index projects the keys, the mark and the outbox). */
interface Pending {
  pk: string;
  sk: string;
  outboxPendingSince: string;
  outbox: { source: string; detailType: string; detail: Record<string, unknown> };
}

export interface SweepResult {
  /** events the bus accepted */
  published: number;
  /** of those, marks this sweep removed (the rest were cleared by their pipeline meanwhile) */
  cleared: number;
  /** events the bus refused: their marks stay for the next sweep */
  refused: number;
}

/**
 * Publishes every event of `table` whose mark is older than `cutoff`, with the event_id it was committed with (the
 * pipeline's own publish failed, or never ran), then removes each mark on the value it read, so that a mark the
 * pipeline cleared or rewrote meanwhile is left alone. Consumers deduplicate, so the only cost of publishing an
 * event the pipeline had published too (it succeeded but could not clear the mark) is a duplicate.
 */
export async function sweep(table: string, busName: string, cutoff: string): Promise<SweepResult> {
  const result: SweepResult = { published: 0, cleared: 0, refused: 0 };
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
    for await (const page of pendingIn(table, String(shard), cutoff)) {
      for (let start = 0; start < page.length; start += 10) {
        const batch = page.slice(start, start + 10);
        const { Entries = [] } = await eventBridge.send(
          new PutEventsCommand({
            Entries: batch.map(({ outbox }) => ({
              EventBusName: busName,
              Source: outbox.source,
              DetailType: outbox.detailType,
              Detail: JSON.stringify(outbox.detail),
            })),
          }),
        );
        const accepted = batch.filter((_, index) => Entries[index] && !Entries[index].ErrorCode);
        result.published += accepted.length;
        result.refused += batch.length - accepted.length;
        for (const item of accepted) if (await clearMark(table, item)) result.cleared += 1;
      }
    }
  }
  return result;
}

async function* pendingIn(table: string, shard: string, cutoff: string): AsyncGenerator<Pending[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: '#shard = :shard AND #since < :cutoff',
        ExpressionAttributeNames: { '#shard': OUTBOX_SHARD, '#since': OUTBOX_PENDING_SINCE },
        ExpressionAttributeValues: { ':shard': shard, ':cutoff': cutoff },
        ExclusiveStartKey: startKey,
      }),
    );
    if (page.Items?.length) yield page.Items as Pending[];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

async function clearMark(table: string, item: Pending): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'REMOVE #since, #shard',
        ConditionExpression: '#since = :since',
        ExpressionAttributeNames: { '#since': OUTBOX_PENDING_SINCE, '#shard': OUTBOX_SHARD },
        ExpressionAttributeValues: { ':since': item.outboxPendingSince },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
