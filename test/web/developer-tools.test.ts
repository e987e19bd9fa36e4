/**
 * The local developer tools in Chromium: the GraphQL explorer (GraphiQL) on GET /graphql with its auth modes and live
 * subscriptions, and the local console showing recent events with their rules and target outcomes, dead-letter
 * queues with their redrive, and what the outside world received. Also what every served page carries: the Content-Security-Policy.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aBrowser, chromiumIsInstalled } from '../steps/browser.js';
import { theDeadLetterQueue, type FabricApi } from '../steps/event-steps.js';
import { aFaultIsArmed, theArmedFaults } from '../steps/fault-steps.js';
import { someIssuedCodes, theHistoryOf, weRedeem } from '../steps/gift-code-steps.js';
import { aFreshCustomer } from '../steps/customer-steps.js';
import { aProduct, aRegistrant, aSerial, theDiscountCodesOf, weRegister } from '../steps/registration-steps.js';
import { theProductApi, theSubOf } from '../steps/given-steps.js';
import { weAdjustPoints } from '../steps/loyalty-steps.js';
import { eventually, itSucceeded } from '../steps/then-steps.js';
import { aPerson, aScreenshot, thePageIsAccessible, theWebApp, theyOpen, type ServedWebApp } from '../steps/web-steps.js';

const api = theProductApi();
const fabric: FabricApi = { url: api.url, apiKey: api.apiKey, timeScale: inject('appTimeScale') };

/** Replaces the operation in GraphiQL's editor, as a paste would (typing would meet the editor's auto-closed brackets). */
async function theyTypeTheOperation(page: Page, operation: string): Promise<void> {
  await page.locator('.graphiql-query-editor .monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(operation);
}

async function theyRunTheQuery(page: Page): Promise<string> {
  await page.getByRole('button', { name: /Execute query/ }).click();
  const result = page.locator('.graphiql-response');
  await result.getByText('"data"').or(result.getByText('"errors"')).first().waitFor();
  return (await result.textContent())!.replace(/\s+/g, ' ');
}

describe.skipIf(!chromiumIsInstalled)('the local developer tools', () => {
  let browser: Browser;
  let app: ServedWebApp;

  beforeAll(async () => {
    [app, browser] = await Promise.all([theWebApp(api, inject('outsideWorld')), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('serves the app and the explorer with a Content-Security-Policy that allows no inline script', async () => {
    for (const pathname of ['/', '/graphql', '/rewards']) {
      const response = await fetch(new URL(pathname, app.origin));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).toContain(`connect-src 'self' ${new URL(api.url).origin}`);
    }
    expect((await fetch(new URL('/graphql', app.origin), { method: 'GET' })).headers.get('x-frame-options')).toBe('DENY');
  });

  it('runs queries in GraphiQL with the API key, as a signed-in seeded user, and with IAM', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/graphql');
    expect(await theyRunTheQuery(page)).toContain('"status": "OK"');

    await page.getByLabel('Auth mode').selectOption('userPool');
    await page.getByLabel('Sign in as').selectOption('customer');
    await page.getByText('Signed in as customer').waitFor();
    expect(await theyRunTheQuery(page)).toContain('"status": "OK"');

    await page.getByLabel('Auth mode').selectOption('iam');
    expect(await theyRunTheQuery(page)).toContain('"status": "OK"');
    // GraphiQL's own editor UI is a third-party component; the page's own controls are checked
    await thePageIsAccessible(page, { exclude: ['.graphiql-container'] });
    await aScreenshot(page, 'graphql-explorer');
    await page.context().close();
    // GraphiQL's editor is a large bundle: on a loaded 2-core machine it alone can take most of the default 30 s
  }, 90_000);

  it('follows a subscription in GraphiQL, signed in as the seeded customer, showing what the API pushes', async () => {
    const customerId = await theSubOf(api, 'customer');
    const page = await aPerson(browser);
    await theyOpen(page, app, '/graphql');
    await page.getByLabel('Auth mode').selectOption('userPool');
    await page.getByLabel('Sign in as').selectOption('customer');
    await page.getByText('Signed in as customer').waitFor();
    await theyTypeTheOperation(page, `subscription { onLoyaltyUpdated(customerId: "${customerId}") { customerId balance } }`);
    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.getByRole('button', { name: /Stop query/ }).waitFor();

    // the subscription starts over the real-time connection a moment after the click: a change made before it is
    // pushed to no one, so changes are made until one shows
    const result = page.locator('.graphiql-response');
    await eventually(async () => {
      itSucceeded(await weAdjustPoints(api, { customerId, points: 1, reason: 'GraphiQL subscription test', requestId: randomUUID() }));
      await result.getByText('"onLoyaltyUpdated"').waitFor({ timeout: 1000 });
    }, 20_000);
    expect((await result.textContent())!.replace(/\s+/g, ' ')).toContain(`"customerId": "${customerId}"`);
    await page.getByRole('button', { name: /Stop query/ }).click();
    await page.getByRole('button', { name: /Execute query/ }).waitFor();
    await page.context().close();
  }, 90_000);

  it('shows recent events with the rules they matched and each target outcome, and what the CRM received', async () => {
    const [code] = await someIssuedCodes(api);
    const { caller: customer } = await aFreshCustomer(api);
    const redemption = itSucceeded(await weRedeem(api, customer, code)).redeemGiftCode;
    const page = await aPerson(browser);
    await theyOpen(page, app, '/console');
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page
        .getByRole('row')
        .filter({ hasText: 'gift_code_redeemed' })
        .filter({ hasText: 'delivered' })
        .first()
        .waitFor({ timeout: 1000 });
    }, 15_000);
    await page.getByLabel('Trace a correlation id').fill(redemption.id);
    const traced = page.getByRole('row').filter({ hasText: redemption.id });
    await traced.first().waitFor();
    expect(await traced.first().textContent()).toMatch(/→ .*: delivered after \d attempt/);
    // the CRM is told through a queue, a moment after the event's own delivery
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('list', { name: 'Received by the outside world' }).getByText('/crm/tickets').first().waitFor({ timeout: 1000 });
    }, 15_000);
    await thePageIsAccessible(page);
    await aScreenshot(page, 'local-console');
    await page.context().close();
  });

  it("lists the emails SES accepted: a registration's discount code, to its owner, with its subject and text", async () => {
    const product = await aProduct(api);
    const customer = await aFreshCustomer(api);
    itSucceeded(await weRegister(api, aRegistrant(customer), { sku: product.sku, serialNumber: aSerial() }));
    const [discount] = await eventually(async () => {
      const codes = await theDiscountCodesOf(api, customer.caller);
      expect(codes).toHaveLength(1);
      return codes;
    }, 20_000);
    const page = await aPerson(browser);
    await theyOpen(page, app, '/console');
    const email = page.getByRole('list', { name: 'Emails sent through SES' }).getByRole('listitem').filter({ hasText: discount.code });
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await email.waitFor({ timeout: 1000 });
    }, 20_000);
    const shown = (await email.textContent())!;
    expect(shown).toContain(`to ${customer.username}@example.com: Your 15% off code for registering your ${product.name}`);
    expect(shown).toContain(`Your code: ${discount.code}`);
    await thePageIsAccessible(page);
    await page.context().close();
  });

  it("shows a failing consumer's events in its dead-letter queue and redrives them from the console, which records them once", async () => {
    const [code] = await someIssuedCodes(api);
    const { caller: customer, sub } = await aFreshCustomer(api);
    // the history writer crashes on this customer's two events until EventBridge gives up: 1 attempt + 8 retries each
    const fault = await aFaultIsArmed(fabric, {
      kind: 'lambda.crash',
      functionName: 'AccountHistoryWriter',
      when: 'before',
      count: 18,
      matching: sub,
    });
    itSucceeded(await weRedeem(api, customer, code));
    const page = await aPerson(browser);
    await theyOpen(page, app, '/console');
    const queue = page
      .getByRole('list', { name: 'Dead-letter queues' })
      .getByRole('listitem')
      .filter({ hasText: /AccountHistoryWriter/ });
    // retries back off over about 10 s at the engine's time scale
    await eventually(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await queue.getByRole('button', { name: /^Redrive / }).waitFor({ timeout: 1000 });
      // every crash was spent, so the redriven events will not meet one
      expect((await theArmedFaults(fabric)).map(({ id }) => id)).not.toContain(fault.id);
      expect(await theHistoryOf(api, customer)).toEqual([]);
      expect(
        (await theDeadLetterQueue(fabric, 'AccountHistoryWriter')).messages.filter((m) => JSON.stringify(m).includes(sub)),
      ).toHaveLength(2);
    }, 40_000);
    await thePageIsAccessible(page);

    await queue.getByRole('button', { name: /^Redrive / }).click();
    await page
      .getByRole('status')
      .getByText(/^Redrove \d+ message\(s\) from /)
      .waitFor();
    const names = await eventually(async () => {
      const history = await theHistoryOf(api, customer);
      expect(history).toHaveLength(2);
      return history.map((entry) => entry.name).sort();
    }, 20_000);
    expect(names).toEqual(['gift_code_redeemed', 'redemption_value_applied']);
    expect((await theDeadLetterQueue(fabric, 'AccountHistoryWriter')).messages.filter((m) => JSON.stringify(m).includes(sub))).toEqual([]);
    await page.context().close();
  }, 90_000);
});
