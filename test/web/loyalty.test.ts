/**
 * A customer's points, rewards and product registrations in the web app, in Chromium, as a person uses them: the
 * home page changing live when an admin adjusts points, and catching up after a lost connection; redeeming a reward with points, and registering a product
 * while its steps tick until the discount code arrives (on a phone-size screen); axe-core on every page.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { aBrowser, chromiumIsInstalled } from '../steps/browser.js';
import { aFreshCustomer, type FreshCustomer } from '../steps/customer-steps.js';
import { theirLiveConnectionIsLost, theirNetworkIsBack } from '../steps/fault-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import { aPublishedReward, weAdjustPoints } from '../steps/loyalty-steps.js';
import { aProduct, aSerial } from '../steps/registration-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import {
  aPerson,
  aScreenshot,
  PHONE,
  thePageIsAccessible,
  theWebApp,
  theyOpen,
  theySignInAs,
  type ServedWebApp,
} from '../steps/web-steps.js';

const api = theProductApi();

async function anAdminGives(customer: FreshCustomer, points: number): Promise<void> {
  itSucceeded(await weAdjustPoints(api, { customerId: customer.sub, points, reason: 'Goodwill', requestId: randomUUID() }));
}

describe.skipIf(!chromiumIsInstalled)('the web app for loyalty members', () => {
  let browser: Browser;
  let app: ServedWebApp;

  beforeAll(async () => {
    [app, browser] = await Promise.all([theWebApp(api, inject('outsideWorld')), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the tier, the progress to the next and the balance, changing live when an admin adjusts the points', async () => {
    const customer = await aFreshCustomer(api);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/');
    await theySignInAs(page, customer);
    await page.getByTestId('balance').getByText('0 points').waitFor();
    await page.getByTestId('tier').getByText('Bronze').waitFor();
    await page.getByTestId('next-tier').getByText('1,000 points more to reach Silver').waitFor();
    await page.getByTestId('next-expiry').getByText('No points are due to expire.').waitFor();
    // what an admin's Points adjustments page asks for
    await page.getByTestId('member-id').getByText(customer.sub).waitFor();

    await anAdminGives(customer, 1200);
    await page.getByTestId('balance').getByText('1,200 points').waitFor();
    await page.getByRole('cell', { name: 'Goodwill' }).waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'home-tier');
    await page.context().close();
  });

  it('says live updates are paused when the connection drops, then shows what changed meanwhile and updates live again', async () => {
    const customer = await aFreshCustomer(api);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/');
    await theySignInAs(page, customer);
    await page.getByTestId('balance').getByText('0 points').waitFor();
    // a change arriving live: the page's subscription is up
    await anAdminGives(customer, 100);
    await page.getByTestId('balance').getByText('100 points').waitFor();

    expect(await theirLiveConnectionIsLost(api, customer.sub)).toBeGreaterThan(0);
    const notice = page.getByRole('status').getByText('Live updates paused — reconnecting…');
    await notice.waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'live-updates-paused');
    // pushed to no one: the page can only learn of it by asking once it is back
    await anAdminGives(customer, 200);

    await theirNetworkIsBack(api, customer.sub);
    await page.getByTestId('balance').getByText('300 points').waitFor();
    await notice.waitFor({ state: 'detached' });
    await anAdminGives(customer, 50);
    await page.getByTestId('balance').getByText('350 points').waitFor();
    await page.context().close();
    // Amplify waits 5 s before it reconnects
  }, 60_000);

  it('redeems a reward with points: a clear refusal when the points fall short, then the balance and My rewards update', async () => {
    const category = `vouchers-${randomUUID().slice(0, 8)}`;
    const cheap = await aPublishedReward(api, { pointsCost: 300, stock: 5, fulfilment: 'DIGITAL', category });
    const dear = await aPublishedReward(api, { pointsCost: 90_000, stock: 5, category });
    const customer = await aFreshCustomer(api);
    await anAdminGives(customer, 500);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/');
    await theySignInAs(page, customer);
    await page.getByRole('link', { name: 'Rewards', exact: true }).click();
    await page.getByTestId('balance').getByText('500 points').waitFor();
    await page.getByLabel('Category').fill(category);
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await page.getByRole('button', { name: `Redeem with points: Reward ${dear}` }).click();
    await page.getByRole('alert').getByText("You don't have enough points for this reward.").waitFor();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: `Redeem with points: Reward ${cheap}` }).click();
    await page.getByText('Redeemed for 300 points.').waitFor();
    await page.getByTestId('balance').getByText('200 points').waitFor();
    await thePageIsAccessible(page);

    await page.getByRole('link', { name: 'See My rewards' }).click();
    await page.getByRole('cell', { name: `Reward ${cheap}` }).waitFor();
    await page.getByTestId('voucher-code').waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'my-rewards');
    await page.context().close();
    // the voucher comes from the fulfilment queue: allow for a busy machine
  }, 60_000);

  it('registers a product on a phone, the steps ticking live until the discount code arrives, then lists it', async () => {
    const product = await aProduct(api);
    const serial = aSerial();
    const customer = await aFreshCustomer(api);
    const page = await aPerson(browser, PHONE);
    await theyOpen(page, app, '/register');
    await theySignInAs(page, customer);
    await page.getByLabel('Product').selectOption(product.sku, { timeout: 10_000 });
    await page.getByLabel('Serial number').fill('not-a-serial');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('alert').getByText("This serial number doesn't look right for this product.").waitFor();

    await page.getByLabel('Serial number').fill(serial);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: `${product.name}, serial ${serial}` }).waitFor();
    await page.getByText('Discount code issued: done').waitFor();
    const code = await page.getByTestId('discount-code').textContent();
    await page.getByText('Confirmation email sent: done').waitFor();
    await page.getByText('Support team informed: done').waitFor();
    await page.getByText('Points added to your account: done').waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'phone-register-product');

    await page.getByRole('link', { name: 'My registrations' }).click();
    await page.getByRole('cell', { name: serial }).waitFor();
    await thePageIsAccessible(page);
    await page.getByRole('link', { name: 'My discount codes' }).first().click();
    await page.getByRole('cell', { name: code! }).waitFor();
    await thePageIsAccessible(page);
    await page.context().close();
  }, 60_000);
});
