import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export const MAX_BODY_BYTES = 1024 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '86400',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  // properties before spreads: V8 (Node 20) builds a new hidden class for every object given properties after one
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(payload),
    ...CORS_HEADERS,
    ...headers,
  });
  res.end(payload);
}

/**
 * The engine's one HTTP port: GraphQL, real-time upgrades and the local stand-ins mount routes on it. Every
 * failure inside a handler becomes an error response; nothing a client sends can stop the server.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly prefixRoutes: Array<[string, RouteHandler]> = [];
  private readonly upgrades = new Map<string, UpgradeHandler>();
  private fallbackRoute: RouteHandler | null = null;
  readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 65_000;
    this.server.on('upgrade', (req, socket, head) => {
      socket.on('error', () => socket.destroy());
      const handler = this.upgrades.get(pathOf(req));
      if (handler) handler(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
    });
    this.server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    });
  }

  route(path: string, handler: RouteHandler): void {
    this.routes.set(path, handler);
  }

  /** Mounting the same prefix again replaces its handler (a new deployment re-mounts its routes). */
  routePrefix(prefix: string, handler: RouteHandler): void {
    const mounted = this.prefixRoutes.find(([existing]) => existing === prefix);
    if (mounted) mounted[1] = handler;
    else this.prefixRoutes.push([prefix, handler]);
  }

  /** What answers paths no route claims (a web app's files); without it they are a JSON 404. */
  fallback(handler: RouteHandler): void {
    this.fallbackRoute = handler;
  }

  upgrade(path: string, handler: UpgradeHandler): void {
    this.upgrades.set(path, handler);
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = pathOf(req);
      const handler =
        this.routes.get(path) ?? this.prefixRoutes.find(([prefix]) => path.startsWith(prefix))?.[1] ?? this.fallbackRoute ?? undefined;
      if (!handler) return sendJson(res, 404, { errors: [{ errorType: 'NotFound', message: `No route for ${req.method} ${path}` }] });
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS_HEADERS);
        return void res.end();
      }
      const body = await readBody(req);
      if (body === null) {
        sendJson(
          res,
          413,
          { errors: [{ errorType: 'PayloadTooLargeException', message: `The request body exceeds the ${MAX_BODY_BYTES} byte limit.` }] },
          { connection: 'close' },
        );
        return void req.destroy();
      }
      await handler(req, res, body);
    } catch (error) {
      console.error('[http] unexpected failure:', error);
      if (!res.headersSent) sendJson(res, 500, { errors: [{ errorType: 'InternalFailure', message: 'An internal failure occurred.' }] });
      else res.destroy();
    }
  }
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The body, or null when it is larger than the limit (stops reading at the limit). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
