/**
 * The unmodified aws-amplify v6 client in headless Chromium (Debian's, driven by playwright-core): the web app's
 * dev page (web/src/dev/live-page.ts, bundled with esbuild) follows a subscription through the production client
 * module and shows each payload in the DOM. Skipped where the setup could not install /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, theFixtureApi } from '../steps/given.js';
import { itSucceeded } from '../steps/then.js';
import { weSendGraphQL } from '../steps/when.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const devPages = path.resolve(import.meta.dirname, '../../web/src/dev');
const api = theFixtureApi();

/** Serves the dev page and its bundle on loopback, as `vite` would in development. */
async function serveLivePage(): Promise<{ server: Server; origin: string }> {
  const bundle = await build({ entryPoints: [path.join(devPages, 'live-page.ts')], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' });
  const files: Record<string, [string, string | Uint8Array]> = {
    '/live-page.html': ['text/html; charset=utf-8', readFileSync(path.join(devPages, 'live-page.html'), 'utf8')],
    '/live-page.js': ['text/javascript; charset=utf-8', bundle.outputFiles[0].contents],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://local').pathname];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' });
    res.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe.skipIf(!existsSync(CHROMIUM))('aws-amplify v6 subscriptions in headless Chromium', () => {
  let browser: Browser;
  let page: { server: Server; origin: string };

  beforeAll(async () => {
    [page, browser] = await Promise.all([serveLivePage(), chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS })]);
  });
  afterAll(async () => {
    await browser?.close();
    page?.server.close();
  });

  it('shows the payloads its subscription selects, pushed by mutations from another client', async () => {
    const room = aFreshPartition('room');
    const tab = await browser.newPage();
    const url = new URL('/live-page.html', page.origin);
    url.search = new URLSearchParams({
      endpoint: api.url,
      apiKey: api.apiKey,
      query: 'subscription InRoom($room: String) { onMessage(room: $room) { id body } }',
      variables: JSON.stringify({ room }),
    }).toString();
    await tab.goto(url.toString());
    // Amplify reports Connected once the server acknowledged the subscription (start_ack)
    await tab.locator('#connection', { hasText: 'Connected' }).waitFor({ timeout: 15_000 });

    const send = (id: string, messageRoom: string) =>
      weSendGraphQL(api, { query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }', variables: { input: { id, room: messageRoom, body: `body of ${id}` } } }, anApiKeyCaller(api));
    itSucceeded(await send('other-room', `${room}-other`));
    itSucceeded(await send('first', room));
    itSucceeded(await send('second', room));

    await tab.locator('#events li').nth(1).waitFor({ timeout: 10_000 });
    expect(await tab.locator('#events li').allTextContents()).toEqual([
      JSON.stringify({ onMessage: { id: 'first', body: 'body of first' } }),
      JSON.stringify({ onMessage: { id: 'second', body: 'body of second' } }),
    ]);
    await tab.close();
  });
});
