import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { RouteHandler } from './server.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticSiteOptions {
  /** the built files (Vite's outDir) */
  root: string;
  /** headers on every answer: the Content-Security-Policy and friends */
  headers: Record<string, string>;
  /** served for GET paths that name no file, so a client-side router can own them */
  spaEntry: string;
  /** generated JSON documents by path (e.g. the app's runtime configuration) */
  documents?: Record<string, () => unknown>;
}

/**
 * A built web app's files, read-only: GET and HEAD only, nothing outside `root` (the path is resolved and checked),
 * hashed assets cached for good and HTML never, so a rebuild is picked up on reload.
 */
export function staticSite(options: StaticSiteOptions): {
  handler: RouteHandler;
  serveFile(res: ServerResponse, name: string): Promise<void>;
} {
  const root = path.resolve(options.root);

  async function serveFile(res: ServerResponse, name: string): Promise<void> {
    const file = path.join(root, name);
    const body = await readFile(file);
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const immutable = name.startsWith('assets/');
    res.writeHead(200, {
      ...options.headers,
      'content-type': type,
      'content-length': body.length,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(body);
  }

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...options.headers, allow: 'GET, HEAD', 'content-type': 'text/plain' });
      return void res.end('Method Not Allowed');
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
    const document = options.documents?.[pathname];
    if (document) {
      const payload = JSON.stringify(document());
      res.writeHead(200, { ...options.headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(payload);
    }
    const name = path.relative(root, path.resolve(root, `.${pathname}`));
    if (name.startsWith('..') || path.isAbsolute(name)) {
      res.writeHead(404, { ...options.headers, 'content-type': 'text/plain' });
      return void res.end('Not Found');
    }
    if (name && (await isFile(path.join(root, name)))) return serveFile(res, name);
    if (path.extname(name)) {
      res.writeHead(404, { ...options.headers, 'content-type': 'text/plain' });
      return void res.end('Not Found');
    }
    return serveFile(res, options.spaEntry);
  }

  return { handler, serveFile };
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (found) => found.isFile(),
    () => false,
  );
}
