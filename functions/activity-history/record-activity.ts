import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../schema/events.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * Appends one entry to the history of the aggregate an event is about (its first resource, else its source).
 * Appending is deliberately not idempotent by itself: deduplication is the consumer wrapper's job.
 */
export async function recordActivity(
  tableName: string,
  event: DomainEvent<unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ pk: string; sk: string }> {
  const pk = event.resources?.[0] ?? event.source;
  const sk = `${event.time}#${randomUUID()}`;
  await documents.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        pk,
        sk,
        eventId: event.detail.metadata.event_id,
        name: event['detail-type'],
        source: event.source,
        data: event.detail.data,
        ...extra,
      },
    }),
  );
  return { pk, sk };
}
