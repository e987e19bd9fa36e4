import type { PutEventsPublisher } from '../common/put-events.js';
import { MappingTemplateError, type DataSource } from './types.js';

interface PutEventsRequest {
  operation?: string;
  events?: Array<{ source?: unknown; detailType?: unknown; detail?: unknown; resources?: unknown; time?: unknown }>;
}

/** AMAZON_EVENTBRIDGE: `PutEvents` of 1 to 10 events onto the data source's bus. */
export function createEventBridgeDataSource(publisher: PutEventsPublisher, busName: string): DataSource {
  return {
    async invoke(raw) {
      const request = raw as PutEventsRequest;
      if (request?.operation !== 'PutEvents')
        throw new MappingTemplateError(`Unsupported operation '${String(request?.operation)}'. Only PutEvents is supported`);
      if (!Array.isArray(request.events) || request.events.length < 1 || request.events.length > 10) {
        throw new MappingTemplateError('events must contain 1 to 10 entries');
      }
      const output = await publisher.putEvents(
        request.events.map((event) => ({
          Source: event.source as string,
          DetailType: event.detailType as string,
          Detail: event.detail === undefined ? undefined : JSON.stringify(event.detail),
          Resources: event.resources as string[] | undefined,
          Time: event.time as string | undefined,
          EventBusName: busName,
        })),
      );
      return { result: output };
    },
  };
}
