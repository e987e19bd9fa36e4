import type { HttpServer } from '../http/server.js';
import { sendJson } from '../http/server.js';
import type { Queues } from '../queues/queues.js';
import type { EventLog } from './event-log.js';
import { redrive } from './redrive.js';
import type { EventRouter } from './router.js';

/**
 * See and repair, for `npm run events` and tests (loopback only, like the whole engine):
 *   GET  /_local/events                  recent events, the rules each matched and what every target did
 *   GET  /_local/dlq                     dead-letter queues and their messages
 *   GET  /_local/queues                  every queue and its messages
 *   POST /_local/redrive {queue, messageIds?}   redrive a DLQ's messages (all when messageIds is absent)
 *   GET  /_local/deliveries              the holds on rule deliveries, how many wait and how many are under way
 *   POST /_local/deliveries {hold | release: rule name part}   hold a rule's deliveries ('' every rule) or release
 *                                        them (release null: every hold)
 */
export function mountInspectionRoutes(
  http: HttpServer,
  parts: { log: EventLog; queues: Queues; router: EventRouter; deadLetterArns: Set<string> },
): void {
  const { log, queues, router, deadLetterArns } = parts;
  http.route('/_local/events', (_req, res) => sendJson(res, 200, { events: log.list() }));
  http.route('/_local/dlq', (_req, res) =>
    sendJson(res, 200, {
      queues: queues
        .all()
        .filter((queue) => deadLetterArns.has(queue.arn))
        .map((queue) => ({ name: queue.model.name, arn: queue.arn, messages: queue.list() })),
    }),
  );
  http.route('/_local/queues', (_req, res) =>
    sendJson(res, 200, {
      queues: queues
        .all()
        .map((queue) => ({ name: queue.model.name, arn: queue.arn, deadLetter: deadLetterArns.has(queue.arn), messages: queue.list() })),
    }),
  );
  http.route('/_local/redrive', (req, res, body) => {
    if (req.method !== 'POST') return sendJson(res, 405, { message: 'POST {"queue": "<name or ARN>", "messageIds": [...]}' });
    let request: { queue?: unknown; messageIds?: unknown };
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: 'The body must be JSON: {"queue": "<name or ARN>", "messageIds": [...]}' });
    }
    const queue = typeof request.queue === 'string' ? queues.find(request.queue) : undefined;
    if (!queue || !deadLetterArns.has(queue.arn)) return sendJson(res, 404, { message: `No dead-letter queue ${String(request.queue)}` });
    const ids = Array.isArray(request.messageIds) ? request.messageIds.map(String) : 'all';
    sendJson(res, 200, redrive(queue, ids, queues, router));
  });
  http.route('/_local/deliveries', (req, res, body) => {
    if (req.method === 'GET') return sendJson(res, 200, router.deliveryState());
    const usage =
      'POST {"hold": "<part of a rule name, or empty for every rule>"} or {"release": "<the same part, or null for every hold>"}';
    if (req.method !== 'POST') return sendJson(res, 405, { message: usage });
    let request: { hold?: unknown; release?: unknown };
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { message: usage });
    }
    if (typeof request.hold === 'string') {
      router.hold(request.hold);
      return sendJson(res, 200, router.deliveryState());
    }
    if (typeof request.release === 'string' || request.release === null) {
      const released = router.release(request.release);
      return sendJson(res, 200, { released, ...router.deliveryState() });
    }
    sendJson(res, 400, { message: usage });
  });
}
