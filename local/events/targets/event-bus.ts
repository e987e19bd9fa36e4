import type { EventFabric } from '../fabric.js';
import { TargetFailure, type DeliveryTarget } from './types.js';

/** Another event bus: the event is put on it as a new entry with the same source, detail type and detail. */
export function eventBusTarget(arn: string, fabric: EventFabric): DeliveryTarget {
  return {
    arn,
    async deliver(payloadText) {
      const event = JSON.parse(payloadText) as { source?: string; 'detail-type'?: string; detail?: unknown; resources?: string[] };
      const { Entries } = await fabric.putEvents([
        {
          EventBusName: arn,
          Source: event.source,
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail ?? {}),
          Resources: event.resources,
        },
      ]);
      if (Entries[0].ErrorCode) throw new TargetFailure(Entries[0].ErrorCode, Entries[0].ErrorMessage ?? 'PutEvents failed');
    },
  };
}
