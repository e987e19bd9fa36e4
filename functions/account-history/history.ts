import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../schema/events.js';
import { occurredAtOf, summaryOf } from './summary.js';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export interface HistoryEntry {
  pk: string;
  sk: string;
  eventId: string;
  name: string;
  source: string;
  occurredAt: string;
  summary: string;
  data: unknown;
}

/** The customer's history entry for an event; its key is made of the event's own id, so a redelivery maps to it. */
export function historyEntryOf(event: DomainEvent<Record<string, unknown>>, customerId: string): HistoryEntry {
  const eventId = event.detail.metadata.event_id;
  const occurredAt = occurredAtOf(event);
  return {
    pk: `CUSTOMER#${customerId}`,
    sk: `${occurredAt}#${eventId}`,
    eventId,
    name: event['detail-type'],
    source: event.source,
    occurredAt,
    summary: summaryOf(event),
    data: event.detail.data,
  };
}

/** Writes the entry unless it is already there (then an earlier delivery recorded it: done all the same). */
export async function recordHistoryEntry(table: string, entry: HistoryEntry): Promise<{ recorded: boolean }> {
  try {
    await documents.send(new PutCommand({ TableName: table, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' }));
    return { recorded: true };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return { recorded: false };
  }
}
