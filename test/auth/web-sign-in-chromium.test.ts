/**
 * The web app's sign-in path in headless Chromium: the unmodified aws-amplify v6 `signIn` (SRP) against the local
 * user pool, then an operation as the signed-in user through the app's client module. What the directives allow
 * an admin, they deny a customer; a wrong password never gets a token.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USERS } from '../../local/dev/users.js';
import { aBrowser, chromiumIsInstalled, theDevPages } from '../steps/browser.js';
import { theProductApi } from '../steps/given-steps.js';

const api = theProductApi();
const passwordOf = (username: string) => LOCAL_USERS.find((user) => user.username === username)!.password;
const CREATE = 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id status } }';

describe.skipIf(!chromiumIsInstalled)('signing in to the web app with aws-amplify v6 against the local user pool', () => {
  let browser: Browser;
  let pages: { server: Server; origin: string };

  beforeAll(async () => {
    [pages, browser] = await Promise.all([theDevPages('sign-in-page'), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    pages?.server.close();
  });

  async function signInAndRun(username: string, password: string, query: string, variables: Record<string, unknown>) {
    const url = new URL('/sign-in-page.html', pages.origin);
    url.search = new URLSearchParams({
      endpoint: api.url,
      userPoolId: api.userPool!.id,
      userPoolClientId: api.userPool!.clientId,
      userPoolEndpoint: api.userPool!.endpoint,
      username,
      password,
      query,
      variables: JSON.stringify(variables),
    }).toString();
    const tab = await browser.newPage();
    await tab.goto(url.toString());
    await tab.locator('#result').filter({ hasNotText: /^-$/ }).waitFor({ timeout: 15_000 });
    const outcome = { user: await tab.locator('#user').textContent(), result: JSON.parse((await tab.locator('#result').textContent())!) };
    await tab.close();
    return outcome;
  }

  it('signs an admin in and lets them create content', async () => {
    const id = `reward-${randomUUID()}`;
    const { user, result } = await signInAndRun('admin', passwordOf('admin'), CREATE, {
      i: { id, title: 'Tote bag', pointsCost: 300, stock: 4 },
    });
    expect(user).toBe('admin (admin)');
    expect(result).toEqual({ data: { createReward: { id, status: 'DRAFT' } } });
  });

  it('signs a customer in, and the directives deny them the admin mutation', async () => {
    const { user, result } = await signInAndRun('customer', passwordOf('customer'), CREATE, {
      i: { title: 'Nope', pointsCost: 1, stock: 1 },
    });
    expect(user).toBe('customer (customer)');
    expect(result.errors[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access createReward on type Mutation',
    });
  });

  it("refuses a wrong password with Cognito's error", async () => {
    const { user, result } = await signInAndRun('customer', 'not-the-password', '{ health { status } }', {});
    expect(user).toBe('-');
    expect(result).toEqual({ error: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });
});
