/**
 * The unmodified aws-amplify v6 client in headless Chromium (Debian's, driven by playwright-core): the web app's
 * dev page (web/src/dev/live-page.ts, bundled with esbuild) follows a subscription through the production client
 * module and shows each payload in the DOM. Skipped where the setup could not install /usr/bin/chromium.
 */
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aBrowser, chromiumIsInstalled, theDevPages } from '../steps/browser.js';
import { aFreshPartition, anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();

describe.skipIf(!chromiumIsInstalled)('aws-amplify v6 subscriptions in headless Chromium', () => {
  let browser: Browser;
  let page: { server: Server; origin: string };

  beforeAll(async () => {
    [page, browser] = await Promise.all([theDevPages('live-page'), aBrowser()]);
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
      weSendGraphQL(
        api,
        {
          query: 'mutation($input: MessageInput!) { sendMessage(input: $input) { id room body } }',
          variables: { input: { id, room: messageRoom, body: `body of ${id}` } },
        },
        anApiKeyCaller(api),
      );
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
