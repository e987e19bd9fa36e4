import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Outages } from './outages.js';
import { ReceivedRequests } from './received-requests.js';

export interface OutsideWorld {
  url: string;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const USAGE = {
  received: 'GET /_received?path=<prefix> lists what arrived (oldest first); DELETE /_received forgets it',
  outage:
    'POST /_outage {"pathPrefix":"/partners/acme","status":503,"forMs":60000}; GET /_outage lists outages; DELETE /_outage ends them all',
};

/**
 * The third parties the stack calls (the CRM API, partners' webhooks, the mail API), stood in for by one HTTP
 * server on its own port: every request under any path is recorded and answered 200 `{"ok":true,"id":…}`,
 * unless a staged outage covers its path. Tests and developers see what the system sent at `/_received`.
 */
export async function startOutsideWorld(options: { port: number; host?: string }): Promise<OutsideWorld> {
  const received = new ReceivedRequests();
  const outages = new Outages();
  const server = createServer((req, res) => {
    void handle(req, res, received, outages).catch((error) => {
      console.error('[outside-world] unexpected failure:', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, message: 'The outside world stand-in failed' });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, received: ReceivedRequests, outages: Outages): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://outside.world');
  const body = await readBody(req);
  if (url.pathname === '/_received') return receivedRoute(req.method, url, res, received);
  if (url.pathname === '/_outage') return outageRoute(req.method, body.text, res, outages);

  const id = randomUUID();
  const outage = outages.of(url.pathname);
  const answeredStatus = body.tooLarge ? 413 : (outage?.status ?? 200);
  received.add({
    id,
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.search.slice(1),
    headers: req.headers,
    body: body.text,
    receivedAt: new Date().toISOString(),
    answeredStatus,
  });
  if (body.tooLarge) return sendJson(res, 413, { ok: false, message: `The body exceeds ${MAX_BODY_BYTES} bytes` });
  if (outage) {
    const retryAfterSeconds = Math.ceil((outage.until - Date.now()) / 1000);
    return sendJson(
      res,
      outage.status,
      { ok: false, message: `Simulated outage of ${outage.pathPrefix}` },
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
  sendJson(res, 200, { ok: true, id });
}

function receivedRoute(method: string | undefined, url: URL, res: ServerResponse, received: ReceivedRequests): void {
  if (method === 'GET') return sendJson(res, 200, received.under(url.searchParams.get('path') ?? ''));
  if (method === 'DELETE') return sendJson(res, 200, { cleared: received.clear() });
  sendJson(res, 405, { message: USAGE.received });
}

function outageRoute(method: string | undefined, text: string, res: ServerResponse, outages: Outages): void {
  if (method === 'GET')
    return sendJson(
      res,
      200,
      outages.list().map((outage) => ({ ...outage, until: new Date(outage.until).toISOString() })),
    );
  if (method === 'DELETE') return sendJson(res, 200, { ended: outages.endAll() });
  if (method !== 'POST') return sendJson(res, 405, { message: USAGE.outage });
  let request: { pathPrefix?: unknown; status?: unknown; forMs?: unknown };
  try {
    request = JSON.parse(text);
  } catch {
    return sendJson(res, 400, { message: `The body must be JSON. ${USAGE.outage}` });
  }
  const { pathPrefix, status, forMs } = request ?? {};
  const problem =
    typeof pathPrefix !== 'string' || !pathPrefix.startsWith('/')
      ? 'pathPrefix must be a path starting with "/"'
      : !Number.isInteger(status) || (status as number) < 400 || (status as number) > 599
        ? 'status must be an HTTP error status (400 to 599)'
        : !Number.isInteger(forMs) || (forMs as number) < 1
          ? 'forMs must be a positive whole number of milliseconds'
          : null;
  if (problem) return sendJson(res, 400, { message: `${problem}. ${USAGE.outage}` });
  const outage = { pathPrefix: pathPrefix as string, status: status as number, until: Date.now() + (forMs as number) };
  outages.start(outage);
  sendJson(res, 201, { ...outage, until: new Date(outage.until).toISOString() });
}

/** The body as text; past the limit the rest is read and dropped, and the request is flagged. */
function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES }));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}
