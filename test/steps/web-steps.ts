/**
 * Steps for the web app in a real browser: the production build served exactly as `npm start` serves it (the same
 * site module, CSP included) and configured for the product API under test; people typing and clicking; axe-core
 * on every page; screenshots for the docs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ensureWebBuild } from '../../local/dev/web-build.js';
import { webApp } from '../../local/dev/web-app.js';
import { HttpServer } from '../../local/http/server.js';
import type { EngineUnderTest } from '../global-setup.js';
import { TEST_USERS } from './test-users.js';

const root = path.resolve(import.meta.dirname, '../..');
// Every run takes the screenshots (a page that cannot render fails here); only UPDATE_SCREENSHOTS=1 writes them over
// the ones the docs show, so a test run leaves the working tree as it was.
const SCREENSHOTS = path.join(root, process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test/.out/screenshots');
const AXE = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface ServedWebApp {
  origin: string;
  close(): Promise<void>;
}

/**
 * The built app on its own loopback port, configured for `api` as the CLI configures it for the engine; the local
 * console's engine routes (/_local/...) are passed through to the engine, where `npm start` serves them itself.
 */
export async function theWebApp(api: EngineUnderTest, outsideWorld: string): Promise<ServedWebApp> {
  const web = webApp({ distDir: await ensureWebBuild(), outsideWorld });
  web.configure({
    endpoint: api.url,
    region: api.iam.region,
    apiKey: api.apiKey,
    userPool: api.userPool
      ? { userPoolId: api.userPool.id, userPoolClientId: api.userPool.clientId, userPoolEndpoint: api.userPool.endpoint }
      : undefined,
    local: {
      users: TEST_USERS.map((user) => ({ username: user.username, password: user.password, groups: user.groups ?? [] })),
      iam: { accessKeyId: api.iam.accessKeyId, secretAccessKey: api.iam.secretAccessKey },
    },
  });
  const engineOrigin = new URL(api.url).origin;
  const http = new HttpServer();
  http.route('/graphql', web.graphqlGet);
  http.routePrefix('/_local/', async (req, res, body) => {
    const answer = await fetch(`${engineOrigin}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      body: req.method === 'GET' ? undefined : body,
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  });
  http.fallback(web.fallback);
  const port = await http.listen(0, '127.0.0.1');
  return { origin: `http://127.0.0.1:${port}`, close: () => http.close() };
}

/** A seeded user's credentials by name, or a fresh customer's own. */
function credentialsOf(user: string | { username: string; password: string }): { username: string; password: string } {
  if (typeof user !== 'string') return user;
  const seeded = TEST_USERS.find((candidate) => candidate.username === user);
  if (!seeded) throw new Error(`${user} is not a seeded user: create a fresh customer instead`);
  return seeded;
}

/** A new person in a fresh browser profile (nothing signed in), on a screen of `viewport`'s size. */
export async function aPerson(browser: Browser, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`);
  });
  return page;
}

export async function theyOpen(page: Page, app: ServedWebApp, pathname: string): Promise<void> {
  await page.goto(new URL(pathname, app.origin).toString());
}

/** Signs in through the app's sign-in form, as a person does: typing the username and password. */
export async function theySignInAs(page: Page, user: string | { username: string; password: string }): Promise<void> {
  const { username, password } = credentialsOf(user);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(`Signed in as ${username}`).waitFor();
}

/** No serious or critical accessibility violations on the page as it is now (axe-core, WCAG 2 A and AA). */
export async function thePageIsAccessible(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
  // colours are judged at rest: not mid-transition, not under the pointer that just clicked
  await page.mouse.move(0, 0);
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
  // evaluated through the DevTools protocol: the page's CSP rightly refuses injected script tags
  await page.evaluate(AXE);
  type Axe = {
    run(
      context: object,
      options: object,
    ): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
  };
  const violations = await page.evaluate(async (exclude) => {
    const result = await (globalThis as unknown as { axe: Axe }).axe.run(
      { include: [['html']], exclude: exclude.map((selector) => [selector]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    );
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, options.exclude ?? []);
  expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);
}

export async function aScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
