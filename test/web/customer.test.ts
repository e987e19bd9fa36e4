/**
 * A customer in the web app, in Chromium, as a person uses it: signing in, seeing their points, redeeming a gift code
 * and watching it apply live, their history, the rewards catalog, signing out; on a desktop and on a phone-size
 * screen, with axe-core on every page.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { aBrowser, chromiumIsInstalled } from '../steps/browser.js';
import { someIssuedCodes } from '../steps/gift-code-steps.js';
import { aFreshCustomer, type FreshCustomer } from '../steps/customer-steps.js';
import { aUserCaller, theProductApi } from '../steps/given-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';
import {
  aPerson,
  aScreenshot,
  DESKTOP,
  PHONE,
  thePageIsAccessible,
  theWebApp,
  theyOpen,
  theySignInAs,
  type ServedWebApp,
} from '../steps/web-steps.js';

const api = theProductApi();

async function theyRedeem(page: Page, code: string): Promise<void> {
  await page.getByLabel('Gift code').fill(code);
  await page.getByRole('button', { name: 'Redeem' }).click();
}

/** Redeems a code from the customer's other device, straight through the API. */
async function redeemedElsewhere(customer: FreshCustomer, code: string): Promise<void> {
  const caller = customer.caller;
  itSucceeded(
    await weSendGraphQL(
      api,
      {
        query: 'mutation($i: RedeemGiftCodeInput!) { redeemGiftCode(input: $i) { id status } }',
        variables: { i: { code, requestId: randomUUID() } },
      },
      caller,
    ),
  );
}

async function publishedRewards(category: string, costs: number[]): Promise<void> {
  const admin = await aUserCaller(api, 'admin');
  for (const [index, pointsCost] of costs.entries()) {
    const created = itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id version } }',
          variables: { i: { title: `<b>Reward ${index + 1}</b>`, description: 'Rendered as text', category, pointsCost, stock: 5 } },
        },
        admin,
      ),
    ).createReward;
    itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($id: ID!, $v: Int!) { publishReward(id: $id, expectedVersion: $v) { id } }',
          variables: { id: created.id, v: created.version },
        },
        admin,
      ),
    );
  }
}

describe.skipIf(!chromiumIsInstalled)('the web app for customers', () => {
  let browser: Browser;
  let app: ServedWebApp;

  beforeAll(async () => {
    [app, browser] = await Promise.all([theWebApp(api, inject('outsideWorld')), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const [screen, viewport] of [
    ['a desktop', DESKTOP],
    ['a phone', PHONE],
  ] as const) {
    it(`lets a customer on ${screen} sign in, redeem a gift code watching it apply, and see their points and history`, async () => {
      const [code, secondCode] = await someIssuedCodes(api, { count: 2, value: { kind: 'POINTS', amount: 700 } });
      const page = await aPerson(browser, viewport);
      const shot = (name: string) => (screen === 'a desktop' ? aScreenshot(page, name) : aScreenshot(page, `phone-${name}`));
      await theyOpen(page, app, '/');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await thePageIsAccessible(page);
      await shot('sign-in');
      const customer = await aFreshCustomer(api);
      await theySignInAs(page, customer);
      await page.getByTestId('balance').getByText('0 points').waitFor();
      await thePageIsAccessible(page);

      await page.getByRole('link', { name: 'Redeem a code' }).click();
      await theyRedeem(page, 'AAAA-BBBB-CCCC-DDDD');
      await page.getByRole('alert').getByText("This code can't be redeemed").waitFor();
      await thePageIsAccessible(page);

      await theyRedeem(page, code.toLowerCase());
      await page.getByText('Code accepted: done').waitFor();
      await page.getByText('Value added to your account: done').waitFor();
      expect(await page.getByRole('heading', { name: `Code ending ${code.slice(-4)}` }).isVisible()).toBe(true);
      await thePageIsAccessible(page);
      await shot('redeem');

      await page.getByRole('link', { name: 'See your points' }).click();
      await page.getByTestId('balance').getByText('700 points').waitFor();
      // the customer's other device redeems: this page hears of it and shows the new balance without a reload
      await redeemedElsewhere(customer, secondCode);
      await page.getByTestId('balance').getByText('1,400 points').waitFor();
      await thePageIsAccessible(page);
      await shot('home');

      await page.getByRole('link', { name: 'My history' }).click();
      await page.getByRole('cell', { name: `…${code.slice(-4)}` }).waitFor();
      expect(
        await page
          .getByRole('row')
          .filter({ hasText: code.slice(-4) })
          .textContent(),
      ).toContain('Applied');
      await thePageIsAccessible(page);
      await shot('history');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.context().close();
    });
  }

  it('shows the catalog filtered by category a page at a time, with admin content as text', async () => {
    const category = `mugs-${randomUUID().slice(0, 8)}`;
    // priced among every other test's rewards: the category is part of the catalog index's key, so pages stay full
    await publishedRewards(category, [10, 250, 300, 1_000, 1_200, 5_000, 9_000, 90_000]);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/rewards');
    await page.getByLabel('Category').fill(category);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const rewards = page.getByRole('list', { name: 'Rewards' }).getByRole('listitem');
    const ofThisCategory = async () => (await rewards.allTextContents()).filter((text) => text.includes('Rendered as text')).length;
    await expect.poll(ofThisCategory, { timeout: 10_000 }).toBe(6);
    expect(await rewards.count()).toBe(6);
    // the title holds markup: it is shown as the characters typed, never made into HTML
    expect(await rewards.first().getByRole('heading').textContent()).toMatch(/^<b>Reward \d<\/b>$/);
    await thePageIsAccessible(page);
    await aScreenshot(page, 'rewards');
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(ofThisCategory, { timeout: 10_000 }).toBe(2);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(ofThisCategory, { timeout: 10_000 }).toBe(6);
    await page.context().close();
  });
});
