/**
 * Admins in the web app, in Chromium: the product catalog (a product created, then found by customers registering)
 * and points adjustments (a credit the customer sees, a debit below zero refused in words); axe-core on each page.
 */
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aBrowser, chromiumIsInstalled } from '../steps/browser.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { theProductApi } from '../steps/given-steps.js';
import { theAccountOf } from '../steps/loyalty-steps.js';
import { aPerson, aScreenshot, thePageIsAccessible, theWebApp, theyOpen, theySignInAs, type ServedWebApp } from '../steps/web-steps.js';

const api = theProductApi();

describe.skipIf(!chromiumIsInstalled)('the web app for admins: products and points', () => {
  let browser: Browser;
  let app: ServedWebApp;

  beforeAll(async () => {
    [app, browser] = await Promise.all([theWebApp(api, inject('outsideWorld')), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lets an admin add a product that customers can then pick when registering', async () => {
    const sku = `WEB-${randomUUID().slice(0, 8)}`;
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/products');
    await theySignInAs(page, 'admin');
    await page.getByLabel('SKU', { exact: true }).fill(sku);
    await page.getByLabel('Name', { exact: true }).fill(`Kettle ${sku}`);
    await page.getByLabel('Serial number pattern').fill('KT-[0-9]{4}');
    await page.getByLabel('Points for registering').fill('300');
    await page.getByLabel('Discount (% off)').fill('20');
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByRole('status').getByText(`Saved Kettle ${sku} (${sku}).`).waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'admin-products');
    await page.context().close();

    const customer = await aFreshCustomer(api);
    const shopper = await aPerson(browser);
    await theyOpen(shopper, app, '/register');
    await theySignInAs(shopper, customer);
    await shopper.getByRole('option', { name: `Kettle ${sku} (300 points and 20% off)` }).waitFor({ state: 'attached' });
    await shopper.context().close();
  });

  it('lets an admin credit a customer, and refuses in words a debit that would go below zero', async () => {
    const customer = await aFreshCustomer(api);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/points');
    await theySignInAs(page, 'admin');
    await page.getByLabel('Customer id').fill(customer.sub);
    await page.getByLabel('Points', { exact: true }).fill('150');
    await page.getByLabel('Reason').fill('Welcome bonus');
    await page.getByRole('button', { name: 'Adjust points' }).click();
    await page.getByRole('status').getByText(`Credited 150 points to ${customer.sub}: “Welcome bonus”.`).waitFor();

    await page.getByLabel('Points', { exact: true }).fill('-1000');
    await page.getByLabel('Reason').fill('Too much');
    await page.getByRole('button', { name: 'Adjust points' }).click();
    await page.getByRole('alert').getByText("This debit would take the customer's balance below zero").waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'admin-points');
    expect((await theAccountOf(api, customer.caller)).balance).toBe(150);
    await page.context().close();
  });
});
