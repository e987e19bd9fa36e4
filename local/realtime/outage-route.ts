import { sendJson, type HttpServer } from '../http/server.js';
import type { RealtimeOutages } from './outages.js';
import type { SubscriptionRegistry } from './subscription-registry.js';

export const OUTAGES_PATH = '/_local/realtime/outages';
const USAGE = 'POST {"sub":"<user sub>"} cuts that user\'s real-time connections and holds their new ones; DELETE {"sub":…} ends it';

/**
 * A staged loss of one user's real-time connection (loopback only, like the whole engine), for rehearsing what an
 * app shows when live updates drop and what it catches up on when they return:
 *   POST   /_local/realtime/outages {"sub"}   cuts the user's connections, holds their new handshakes (200 {cut})
 *   DELETE /_local/realtime/outages {"sub"}   lets them through again (200 {ended})
 */
export function mountOutageRoute(http: HttpServer, outages: RealtimeOutages, registry: SubscriptionRegistry): void {
  http.route(OUTAGES_PATH, (req, res, body) => {
    if (req.method !== 'POST' && req.method !== 'DELETE') return sendJson(res, 405, { message: USAGE });
    const subject = subjectIn(body.toString('utf8'));
    if (!subject) return sendJson(res, 400, { message: `The body must be a JSON object with a non-empty "sub". ${USAGE}` });
    if (req.method === 'DELETE') return sendJson(res, 200, { ended: outages.end(subject) });
    outages.begin(subject);
    sendJson(res, 200, { cut: registry.terminateConnectionsOf(subject) });
  });
}

function subjectIn(text: string): string | null {
  try {
    const sub = (JSON.parse(text) as { sub?: unknown } | null)?.sub;
    return typeof sub === 'string' && sub ? sub : null;
  } catch {
    return null;
  }
}
