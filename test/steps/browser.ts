/**
 * The browser for end-to-end steps: Debian's Chromium driven by playwright-core (never a downloaded browser), and
 * the web app's dev pages bundled with esbuild and served on loopback, as `vite` would in development.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumIsInstalled = existsSync(CHROMIUM);
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
const devPages = path.resolve(import.meta.dirname, '../../web/src/dev');

export function aBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** Serves `web/src/dev/<name>.html` and its bundled `<name>.ts` for each name. */
export async function theDevPages(...names: string[]): Promise<{ server: Server; origin: string }> {
  const files: Record<string, [string, string | Uint8Array]> = {};
  for (const name of names) {
    const bundle = await build({
      entryPoints: [path.join(devPages, `${name}.ts`)],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    files[`/${name}.html`] = ['text/html; charset=utf-8', readFileSync(path.join(devPages, `${name}.html`), 'utf8')];
    files[`/${name}.js`] = ['text/javascript; charset=utf-8', bundle.outputFiles[0].contents];
  }
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://local').pathname];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    res.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
