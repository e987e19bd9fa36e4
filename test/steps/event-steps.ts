/** Given/when/then steps for the event fabric: publish, observe the event log, DLQs and consumers' side effects. */
import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { expect, inject } from 'vitest';
import { DynamoDbClient } from '../../local/dynamodb/client.js';
import type { DeliveryRecord, LoggedEvent } from '../../local/events/event-log.js';
import type { QueueMessage } from '../../local/queues/queue.js';
import { envelopeOf } from '../../schema/events.js';
import { eventually, itSucceeded } from './then-steps.js';
import { weSendGraphQL, weSendRaw } from './when-steps.js';

export type FabricApi = { url: string; apiKey: string; timeScale: number };
export const ACTIVITY_TABLE = 'fabric-fixture-activity';
export const OUTBOX_TABLE = 'fabric-fixture-outbox';

// ---- given

export function theEventFabricApi(): FabricApi {
  return inject('fabric');
}

/** A domain event in the project's envelope: `detail = { metadata, data }`, a fresh event_id and aggregate URN. */
export function aDomainEvent(source: string, name: string, data: Record<string, unknown> = {}) {
  const subject = `urn:test:${randomUUID()}`;
  const [domain, service] = source.split('.');
  return {
    source,
    detailType: name,
    resources: [subject],
    subject,
    detail: envelopeOf({
      type: { name, source, domain, service },
      eventId: randomUUID(),
      correlationId: randomUUID(),
      data: { subject, ...data },
    }),
  };
}

export function theDatabase(): DynamoDbClient {
  return new DynamoDbClient({ endpoint: inject('dynamoDbEndpoint'), region: 'us-east-1' });
}

// ---- when

/** Publishes through the fixture API's EventBridge resolver (the AppSync EventBridge data source). */
export async function aResolverPublishes(api: FabricApi, event: ReturnType<typeof aDomainEvent>): Promise<string> {
  const data = itSucceeded(
    await weSendGraphQL(
      api,
      {
        query:
          'mutation($s: String!, $t: String!, $d: AWSJSON!, $r: [String!]) { publish(source: $s, detailType: $t, detail: $d, resources: $r) { eventIds failed } }',
        variables: { s: event.source, t: event.detailType, d: JSON.stringify(event.detail), r: event.resources },
      },
      { 'x-api-key': api.apiKey },
    ),
  );
  expect(data.publish.failed).toBe(0);
  return data.publish.eventIds[0];
}

/** Publishes with `@aws-sdk/client-eventbridge`, pointed at the engine's EventBridge endpoint. */
export async function theSdkPublishes(api: FabricApi, entries: PutEventsRequestEntry[]) {
  const client = new EventBridgeClient({
    endpoint: api.url.replace('/graphql', '/_aws/eventbridge'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return client.send(new PutEventsCommand({ Entries: entries }));
}

export async function weRedrive(api: FabricApi, queue: string, messageIds?: string[]) {
  const result = await weSendRaw(`${localBase(api)}/_local/redrive`, {
    body: JSON.stringify({ queue, messageIds }),
    headers: { 'content-type': 'application/json' },
  });
  expect(result.status, result.text).toBe(200);
  return result.body as { redriven: string[]; kept: unknown[] };
}

export async function anOutboxItemIsCommitted(item: Record<string, string>): Promise<void> {
  await theDatabase().call('PutItem', {
    TableName: OUTBOX_TABLE,
    Item: Object.fromEntries(Object.entries(item).map(([key, value]) => [key, { S: value }])),
  });
}

// ---- then

export async function theLoggedEvent(api: FabricApi, eventId: string): Promise<LoggedEvent> {
  const { body } = await weSendRaw(`${localBase(api)}/_local/events`, { method: 'GET' });
  const entry = (body.events as LoggedEvent[]).find((candidate) => candidate.event.id === eventId);
  expect(entry, `event ${eventId} in the event log`).toBeDefined();
  return entry!;
}

/** The event's deliveries once none is in progress any more. */
export async function theSettledDeliveries(api: FabricApi, eventId: string, timeoutMs?: number): Promise<DeliveryRecord[]> {
  return eventually(async () => {
    const entry = await theLoggedEvent(api, eventId);
    expect(
      entry.deliveries.every((delivery) => delivery.status !== 'in-progress'),
      JSON.stringify(entry.deliveries),
    ).toBe(true);
    return entry.deliveries;
  }, timeoutMs);
}

export async function theDeadLetterQueue(api: FabricApi, namePart: string): Promise<{ name: string; messages: QueueMessage[] }> {
  const { body } = await weSendRaw(`${localBase(api)}/_local/dlq`, { method: 'GET' });
  const queue = body.queues.find((candidate: { name: string }) => candidate.name.includes(namePart));
  expect(queue, `a DLQ named like ${namePart}`).toBeDefined();
  return queue;
}

/** The activity-history entries of one aggregate (what the consumers recorded). */
export async function theActivityOf(pk: string): Promise<Array<Record<string, { S?: string; N?: string }>>> {
  const result = await theDatabase().call<{ Items: Array<Record<string, { S?: string; N?: string }>> }>('Query', {
    TableName: ACTIVITY_TABLE,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': { S: pk } },
    ConsistentRead: true,
  });
  return result.Items;
}

function localBase(api: FabricApi): string {
  return api.url.replace('/graphql', '');
}
