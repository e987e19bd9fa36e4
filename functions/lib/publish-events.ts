import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { envelopeOf, type EventOccurrence } from '../../schema/events.js';
import { EventPublishError } from './errors.js';

const eventBridge = new EventBridgeClient({});

/** A domain event to publish: its envelope is built by the catalog's `envelopeOf`. */
export interface OutgoingEvent<Data = unknown> extends EventOccurrence<Data> {
  /** the aggregate(s) the event is about */
  resources?: string[];
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
        Source: event.type.source,
        DetailType: event.type.name,
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
