import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEventDetail } from './domain-event.js';
import { EventPublishError } from './errors.js';

const eventBridge = new EventBridgeClient({});

/** A domain event to publish; the envelope's metadata is derived from it. */
export interface OutgoingEvent<Data = unknown> {
  /** `<domain>.<service>` */
  source: string;
  subdomain: string;
  /** the event's name, also its detail-type */
  name: string;
  /** derived from the originating event's id when there is one, so a retried consumer publishes the same event */
  eventId: string;
  correlationId: string;
  /** the aggregate(s) the event is about */
  resources?: string[];
  data: Data;
}

export function envelopeOf<Data>(event: OutgoingEvent<Data>): DomainEventDetail<Data> {
  const [domain, service] = event.source.split('.');
  return {
    metadata: {
      version: '1',
      event_id: event.eventId,
      domain,
      subdomain: event.subdomain,
      service,
      category: 'domain-event',
      type: 'data',
      name: event.name,
      correlation_id: event.correlationId,
    },
    data: event.data,
  };
}

/**
 * Publishes up to 10 events in one PutEvents call. PutEvents reports refused entries in its answer rather than
 * as an error, so a partial failure is turned into one here: the caller fails and is retried.
 */
export async function publishEvents(busName: string, events: OutgoingEvent[]): Promise<void> {
  const output = await eventBridge.send(
    new PutEventsCommand({
      Entries: events.map((event) => ({
        EventBusName: busName,
        Source: event.source,
        DetailType: event.name,
        Detail: JSON.stringify(envelopeOf(event)),
        Resources: event.resources,
      })),
    }),
  );
  if (output.FailedEntryCount) {
    const refused = (output.Entries ?? []).filter((entry) => entry.ErrorCode);
    throw new EventPublishError(refused.map((entry) => ({ errorCode: entry.ErrorCode, errorMessage: entry.ErrorMessage })));
  }
}
