import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteHandler } from '../http/server.js';
import { staticSite } from '../http/static-site.js';

/** What the app reads from /config.json (web/src/app/config.ts). */
export interface WebAppConfig {
  endpoint: string;
  region: string;
  apiKey?: string;
  userPool?: { userPoolId: string; userPoolClientId: string; userPoolEndpoint?: string };
  local?: {
    users: Array<{ username: string; password: string; groups: string[] }>;
    iam: { accessKeyId: string; secretAccessKey: string };
  };
}

/**
 * The script, style and connection sources the app needs and nothing else: admins' content can never run script
 * (it is rendered as text, and no inline script is allowed either), and the app talks only to its own API.
 * Styles allow inline because Amplify UI and GraphiQL's editor set style attributes and elements at run time.
 */
export function contentSecurityPolicy(apiOrigins: string[]): string {
  const sockets = apiOrigins.map((origin) => origin.replace(/^http/, 'ws'));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    `connect-src 'self' ${[...apiOrigins, ...sockets].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface WebApp {
  /** every path the engine does not claim: the app's files, /config.json, the console's view of the outside world */
  fallback: RouteHandler;
  /** GET /graphql: the GraphQL explorer */
  graphqlGet: RouteHandler;
  /** set once the engine is up: the API the app talks to */
  configure(config: WebAppConfig): void;
}

/**
 * The built web app as the local engine serves it (the CLI mounts it; tests mount it the same way). The
 * configuration is the running stack's, so the app needs no editing; `outsideWorld` lets the local console show
 * what the stand-in received, through the same origin.
 */
export function webApp(options: { distDir: string; outsideWorld?: string }): WebApp {
  let config: WebAppConfig | null = null;
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  const site = staticSite({ root: options.distDir, headers, spaEntry: 'index.html', documents: { '/config.json': () => config } });
  const ready = (res: ServerResponse) => {
    if (config) return true;
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
    res.end('The local API is still starting.');
    return false;
  };

  async function fallback(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!ready(res)) return;
    const url = new URL(req.url ?? '/', 'http://local');
    if (options.outsideWorld && url.pathname === '/_outside-world/_received' && req.method === 'GET') {
      const answer = await fetch(`${options.outsideWorld}/_received${url.search}`);
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(await answer.text());
    }
    return site.handler(req, res, Buffer.alloc(0));
  }

  async function graphqlGet(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (ready(res)) await site.serveFile(res, 'graphiql.html');
  }

  return {
    fallback,
    graphqlGet,
    configure(next) {
      config = next;
      headers['content-security-policy'] = contentSecurityPolicy([...new Set([new URL(next.endpoint).origin])]);
    },
  };
}
