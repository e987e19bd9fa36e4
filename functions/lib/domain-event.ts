import type { EventBridgeEvent } from 'aws-lambda';

/** `detail.metadata` of every domain event (see docs: the event envelope). */
export interface DomainEventMetadata {
  version: string;
  /** unique per event, set by the producer: consumers deduplicate on it */
  event_id: string;
  domain: string;
  subdomain?: string;
  service: string;
  category: string;
  type: string;
  name: string;
  /** carried through every hop, for the logs */
  correlation_id?: string;
}

export interface DomainEventDetail<Data> {
  metadata: DomainEventMetadata;
  data: Data;
}

/** A domain event as EventBridge delivers it: `source` = `<domain>.<service>`, `detail-type` = the event name. */
export type DomainEvent<Data = Record<string, unknown>> = EventBridgeEvent<string, DomainEventDetail<Data>>;
