import { randomUUID } from 'node:crypto';
import type { PutEventsEntry, PutEventsPublisher } from '../common/put-events.js';
import type { RouteHandler } from '../http/server.js';

/** Where the engine serves EventBridge's API; Lambda functions get it as AWS_ENDPOINT_URL_EVENTBRIDGE. */
export const EVENTBRIDGE_PATH = '/_aws/eventbridge';

/**
 * EventBridge's JSON protocol (`X-Amz-Target: AWSEvents.PutEvents`, application/x-amz-json-1.1), enough for
 * `@aws-sdk/client-eventbridge` to publish unchanged. Requests are not signature-checked: the port is loopback
 * only, and the entries go through the same validation as every other publisher's.
 */
export function putEventsRoute(publisher: PutEventsPublisher): RouteHandler {
  return async (req, res, body) => {
    const reply = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      });
      res.end(text);
    };
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'AWSEvents.PutEvents')
      return reply(400, {
        __type: 'UnknownOperationException',
        message: `The local engine serves PutEvents only, not ${target || 'this request'}`,
      });
    let request: { Entries?: Array<PutEventsEntry & { Time?: number | string }> };
    try {
      request = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return reply(400, { __type: 'SerializationException', message: 'The request body is not valid JSON' });
    }
    const entries = request.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > 10) {
      return reply(400, {
        __type: 'ValidationException',
        message: "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and 10",
      });
    }
    // the JSON protocol sends timestamps as epoch seconds
    const normalized = entries.map((entry) => ({
      ...entry,
      Time: typeof entry.Time === 'number' ? new Date(entry.Time * 1000) : entry.Time,
    }));
    reply(200, await publisher.putEvents(normalized));
  };
}
