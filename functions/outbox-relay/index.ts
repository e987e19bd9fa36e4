import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { instrumentedHandler, observability } from '../lib/observability.js';

/**
 * The enrichment of the outbox pipe: GiftCodes stream → pipe (filter: INSERT with `NewImage.outbox`) → this
 * function → the event bus. A redemption item carries the event it owes as `outbox = { source, detailType,
 * detail }`, written in the same transaction as the redemption, so the event cannot be lost.
 *
 * It returns one plain detail object per record. The pipe's target is the bus, and an event-bus target takes each
 * returned item as an event's `detail`; the event's source and detail-type come from the pipe's target parameters
 * (EventBridgeEventBusParameters), not from here.
 */
export const handler = instrumentedHandler(
  observability('outbox-relay'),
  async (records: DynamoDBRecord[]): Promise<Record<string, unknown>[]> => {
    return records.flatMap((record) => {
      const detail = record.dynamodb?.NewImage?.outbox?.M?.detail?.M;
      // The stream's attribute values are the SDK's, but for binaries (base64 strings there): the cast is safe for a detail that has none
      return detail ? [unmarshall(detail as Record<string, AttributeValue>)] : [];
    });
  },
);
