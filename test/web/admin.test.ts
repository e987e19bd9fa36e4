/**
 * Admins and partners in the web app, in Chromium: the rewards content editor (create, edit, a concurrent edit
 * explained, publish, archive, drafts listed by status, import from a file with per-row results), gift code batches
 * (codes shown once with a CSV download, void) and partner webhooks, a partner seeing only their own issuer; axe-core
 * on every page.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { aBrowser, chromiumIsInstalled } from '../steps/browser.js';
import { aUserCaller, theProductApi } from '../steps/given-steps.js';
import { aPublishedReward } from '../steps/loyalty-steps.js';
import { itSucceeded } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';
import { aPerson, aScreenshot, thePageIsAccessible, theWebApp, theyOpen, theySignInAs, type ServedWebApp } from '../steps/web-steps.js';

const api = theProductApi();

describe.skipIf(!chromiumIsInstalled)('the web app for admins and partners', () => {
  let browser: Browser;
  let app: ServedWebApp;

  beforeAll(async () => {
    [app, browser] = await Promise.all([theWebApp(api, inject('outsideWorld')), aBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('names the local users on the sign-in form, and takes an admin signing in at the root to their own pages', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/');
    await page.getByText('Local users:').getByText('Admin-pass-123').waitFor();
    await theySignInAs(page, 'admin');
    await page.getByRole('heading', { name: 'Rewards content', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/rewards');
    // a customer's page opened directly says whose it is and where theirs are
    await theyOpen(page, app, '/history');
    await page.getByRole('alert').getByText('This page is for customer accounts').waitFor();
    await page.getByRole('link', { name: 'Go to your pages' }).click();
    await page.getByRole('heading', { name: 'Rewards content', level: 1 }).waitFor();
    await page.context().close();
  });

  it('lets an admin create, edit, publish and archive a reward, explaining a concurrent edit', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/rewards');
    await theySignInAs(page, 'admin');
    await page.getByLabel('Title', { exact: true }).fill('Espresso cup');
    await page.getByLabel('Description (shown as plain text)').fill('<script>alert(1)</script> stays text');
    await page.getByLabel('Category', { exact: true }).fill('kitchen');
    await page.getByLabel('Points cost').fill('250');
    await page.getByLabel('Stock').fill('12');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByText('DRAFT, version 1').waitFor();
    const id = (await page.getByRole('heading', { name: /^Editing / }).textContent())!.replace(/^Editing (\S+).*$/, '$1');

    await page.getByLabel('Points cost').fill('300');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('DRAFT, version 2').waitFor();

    // another admin changes it meanwhile: this page's save must not overwrite their change
    const otherAdmin = await aUserCaller(api, 'admin');
    itSucceeded(
      await weSendGraphQL(
        api,
        {
          query: 'mutation($i: UpdateRewardInput!) { updateReward(input: $i) { version } }',
          variables: { i: { id, expectedVersion: 2, stock: 3 } },
        },
        otherAdmin,
      ),
    );
    await page.getByLabel('Title', { exact: true }).fill('Espresso cup (blue)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').getByText('Someone else changed this reward since you opened it').waitFor();
    await thePageIsAccessible(page);

    await page.getByLabel('Reward id').fill(id);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText('DRAFT, version 3').waitFor();
    expect(await page.getByLabel('Stock').inputValue()).toBe('3');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('PUBLISHED, version 4').waitFor();
    await aScreenshot(page, 'admin-rewards');
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.getByText('ARCHIVED, version 5').waitFor();
    await page.context().close();
  });

  it('takes an admin from a reward in the catalog to its content', async () => {
    const category = `edit-${randomUUID().slice(0, 8)}`;
    const id = await aPublishedReward(api, { pointsCost: 0, stock: 3, category });
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/rewards');
    await theySignInAs(page, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Rewards', exact: true }).click();
    // the admin's rewards page has Category fields too: fill the catalog's once it is there
    const applyFilters = page.getByRole('button', { name: 'Apply filters' });
    await applyFilters.waitFor();
    await page.getByLabel('Category', { exact: true }).fill(category);
    await applyFilters.click();
    const edit = page.getByRole('link', { name: `Edit content: Reward ${id}` });
    await edit.click();
    await page.getByRole('heading', { name: `Editing ${id}` }).waitFor();
    expect(await page.getByLabel('Category', { exact: true }).inputValue()).toBe(category);
    await page.context().close();
  });

  it('lists the drafts of a category, opens one from the list and publishes it, which moves it to the published list', async () => {
    const category = `lamps-${randomUUID().slice(0, 8)}`;
    const admin = await aUserCaller(api, 'admin');
    for (const title of ['Desk lamp', 'Floor lamp'])
      itSucceeded(
        await weSendGraphQL(
          api,
          {
            query: 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }',
            variables: { i: { title, category, pointsCost: 40, stock: 2 } },
          },
          admin,
        ),
      );
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/rewards');
    await theySignInAs(page, 'admin');
    await page.getByLabel('Status', { exact: true }).selectOption('DRAFT');
    await page.getByLabel('Category (optional)').fill(category);
    await page.getByRole('button', { name: 'Show' }).click();
    const listed = page.getByRole('table', { name: 'Rewards with this status, cheapest first' }).getByRole('row');
    // the page first lists every draft, other tests' included: wait for the category's list, a header and two rows
    const ofTheCategory = page.getByRole('cell', { name: category, exact: true });
    await expect.poll(async () => [await listed.count(), await ofTheCategory.count()], { timeout: 10_000 }).toEqual([3, 2]);
    await thePageIsAccessible(page);

    await page.getByRole('button', { name: 'Open Floor lamp' }).click();
    await page.getByText('DRAFT, version 1').waitFor();
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe('Floor lamp');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('PUBLISHED, version 2').waitFor();
    // the list reloads: one draft left
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('cell', { name: 'Desk lamp', exact: true }).waitFor();

    await page.getByLabel('Status', { exact: true }).selectOption('PUBLISHED');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('cell', { name: 'Floor lamp', exact: true }).waitFor();
    expect(await listed.count()).toBe(2);
    await page.context().close();
  });

  it('imports rewards from a CSV file and reports each row', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/rewards');
    await theySignInAs(page, 'admin');
    const csv =
      'title,description,category,pointsCost,stock\r\n"Tea, green",Loose leaf,drinks,120,40\r\nNo price,,drinks,,5\r\nTote bag,"Says ""hello""",bags,300,10\r\n';
    await page
      .getByLabel('Rewards file (CSV or JSON)')
      .setInputFiles({ name: 'rewards.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const rows = page.getByRole('table', { name: 'Import results by row' }).getByRole('row');
    await rows.nth(3).waitFor();
    expect(await rows.nth(1).textContent()).toMatch(/^1Tea, greenImported as draft \S+$/);
    expect(await rows.nth(2).textContent()).toBe('2No priceNot imported: pointsCost must be a whole number, 0 or more');
    expect(await rows.nth(3).textContent()).toMatch(/^3Tote bagImported as draft \S+$/);
    await thePageIsAccessible(page);
    await aScreenshot(page, 'admin-import');
    await page.context().close();
  });

  it('issues a batch of gift codes shown once with a CSV download, and voids one', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/gift-codes');
    await theySignInAs(page, 'admin');
    await page.getByLabel('Issuer').fill('platform');
    await page.getByLabel('Number of codes').fill('3');
    await page.getByLabel('Points per code').fill('250');
    await page.getByRole('button', { name: 'Issue codes' }).click();
    const codes = page.getByRole('list', { name: 'Codes' }).getByRole('listitem');
    await codes.nth(2).waitFor();
    const shown = await codes.allTextContents();
    expect(shown).toHaveLength(3);
    for (const code of shown) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await thePageIsAccessible(page);
    await aScreenshot(page, 'admin-gift-codes');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const file = await readFile(await download.path(), 'utf8');
    expect(
      file
        .split('\r\n')
        .slice(1, 4)
        .map((line) => line.split(',')[0]),
    ).toEqual(shown);

    await page.getByLabel('Code to void').fill(shown[0]);
    await page.getByRole('button', { name: 'Void' }).click();
    await page.getByText(`The code ending ${shown[0].slice(-4)} is voided.`).waitFor();
    await page.getByLabel('Code to void').fill(shown[0]);
    await page.getByRole('button', { name: 'Void' }).click();
    await page.getByRole('alert').getByText("This code can't be voided").waitFor();
    await page.context().close();
  });

  it('keeps a partner to their own issuer for codes and webhooks', async () => {
    const page = await aPerson(browser);
    await theyOpen(page, app, '/admin/gift-codes');
    await theySignInAs(page, 'partner');
    expect(await page.getByLabel('Issuer').inputValue()).toBe('acme');
    expect(await page.getByLabel('Issuer').getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('link', { name: 'Rewards content' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Issue codes' }).click();
    await page.getByRole('list', { name: 'Codes' }).getByRole('listitem').first().waitFor();
    expect(await page.getByText(/for acme\) are shown only now/).count()).toBe(1);

    await page.getByRole('link', { name: 'Partner webhooks' }).click();
    expect(await page.getByLabel('Issuer').inputValue()).toBe('acme');
    await page.getByLabel('Webhook URL').fill(`${inject('outsideWorld')}/partners/acme/webhook`);
    await page.getByLabel('Signing secret').fill('a-local-signing-secret-of-32-chars-or-more');
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText("Redemptions of acme's codes are now sent to").waitFor();
    await thePageIsAccessible(page);
    await aScreenshot(page, 'partner-webhooks');
    await page.context().close();
  });
});
