/**
 * The catalog pages through an index keyed on what it filters by: a category page is full however many rewards of
 * other categories sort before it, drafts stay out of it, and rewards stored before the index (category null) still
 * read and write. Admins alone list DRAFT and ARCHIVED rewards.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { theDatabase } from '../steps/event-steps.js';
import { anApiKeyCaller, aUserCaller, theProductApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theProductApi();
/** The highest GraphQL Int: rewards at these prices sort after everything else in the shared table. */
const DEAREST = 2_147_483_647;

const reward = (overrides: Record<string, unknown> = {}) => ({
  id: `reward-${randomUUID()}`,
  title: 'Tote bag',
  pointsCost: 0,
  stock: 10,
  ...overrides,
});

describe('the rewards catalog', async () => {
  const admin = await aUserCaller(api, 'admin');
  const customer = await aUserCaller(api, 'customer');
  const gql = (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) =>
    weSendGraphQL(api, { query, variables }, headers);
  const importAll = async (items: Array<Record<string, unknown>>) =>
    expect(
      itSucceeded(await gql(admin, 'mutation($i: [CreateRewardInput!]!) { importRewards(input: $i) { imported } }', { i: items }))
        .importRewards.imported,
    ).toBe(items.length);
  const publish = (id: string, expectedVersion = 1) =>
    gql(admin, 'mutation($id: ID!, $v: Int!) { publishReward(id: $id, expectedVersion: $v) { id } }', { id, v: expectedVersion });
  const publishAll = async (ids: string[]) => {
    for (let start = 0; start < ids.length; start += 10) {
      (await Promise.all(ids.slice(start, start + 10).map((id) => publish(id)))).forEach(itSucceeded);
    }
  };

  /** Every page of a catalog query, in order. */
  async function thePages(caller: Record<string, string>, filter: Record<string, unknown>, limit: number): Promise<string[][]> {
    const pages: string[][] = [];
    let nextToken: string | null = null;
    do {
      const page: any = itSucceeded(
        await gql(
          caller,
          'query($f: RewardCatalogFilter, $l: Int, $t: String) { rewards(filter: $f, limit: $l, nextToken: $t) { items { id } nextToken } }',
          { f: filter, l: limit, t: nextToken },
        ),
      ).rewards;
      pages.push(page.items.map((item: { id: string }) => item.id));
      nextToken = page.nextToken;
    } while (nextToken && pages.length < 50);
    return pages;
  }

  it('fills every page of a category however many cheaper rewards of other categories there are, each match once', async () => {
    const category = `posters-${randomUUID()}`;
    // cheaper than every match, so a status-ordered page with the category as a filter would hold none of them
    const others = Array.from({ length: 30 }, (_, index) => reward({ category: index % 2 ? `other-${randomUUID()}` : null }));
    const matches = Array.from({ length: 5 }, (_, index) => reward({ category, pointsCost: DEAREST - index }));
    const draft = reward({ category, pointsCost: DEAREST });
    await importAll([...others, ...matches, draft]);
    await publishAll([...others, ...matches].map((item) => item.id));

    const pages = await thePages(anApiKeyCaller(api), { category }, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    // cheapest first, every match exactly once, the draft never
    expect(pages.flat()).toEqual(matches.map((item) => item.id).reverse());
  });

  it('moves a reward between category pages when its category changes, and out of them when it is cleared', async () => {
    const [before, after] = [`lamps-${randomUUID()}`, `chairs-${randomUUID()}`];
    const item = reward({ category: before });
    await importAll([item]);
    itSucceeded(await publish(item.id));
    const update = async (category: string | null, expectedVersion: number) =>
      itSucceeded(
        await gql(admin, 'mutation($i: UpdateRewardInput!) { updateReward(input: $i) { category version } }', {
          i: { id: item.id, expectedVersion, category },
        }),
      ).updateReward;

    expect(await update(after, 2)).toEqual({ category: after, version: 3 });
    expect((await thePages(customer, { category: before }, 5)).flat()).toEqual([]);
    expect((await thePages(customer, { category: after }, 5)).flat()).toEqual([item.id]);
    expect(await update(null, 3)).toEqual({ category: null, version: 4 });
    expect((await thePages(customer, { category: after }, 5)).flat()).toEqual([]);
  });

  it('reads and writes a reward stored before the category index, whose category was written as null', async () => {
    const id = `reward-${randomUUID()}`;
    const tables = await theDatabase().call<{ TableNames: string[] }>('ListTables', {});
    const rewards = tables.TableNames.filter((name) => name.endsWith('-Rewards6B646C61'));
    expect(rewards).toHaveLength(1);
    const now = new Date().toISOString();
    // the item as createReward stored it before: category NULL, no categoryKey
    await theDatabase().call('PutItem', {
      TableName: rewards[0],
      Item: {
        id: { S: id },
        status: { S: 'DRAFT' },
        title: { S: 'Old poster' },
        description: { NULL: true },
        localized: { L: [] },
        imageUrl: { NULL: true },
        category: { NULL: true },
        pointsCost: { N: '5' },
        stock: { N: '3' },
        availableFrom: { NULL: true },
        availableUntil: { NULL: true },
        version: { N: '1' },
        createdAt: { S: now },
        updatedAt: { S: now },
      },
    });

    expect(itSucceeded(await gql(admin, 'query($id: ID!) { reward(id: $id) { category status } }', { id })).reward).toEqual({
      category: null,
      status: 'DRAFT',
    });
    itSucceeded(await publish(id));
    const category = `prints-${randomUUID()}`;
    itSucceeded(
      await gql(admin, 'mutation($i: UpdateRewardInput!) { updateReward(input: $i) { id } }', { i: { id, expectedVersion: 2, category } }),
    );
    expect((await thePages(customer, { category }, 5)).flat()).toEqual([id]);
  });

  it('lists drafts and archived rewards to admins, by category too', async () => {
    const category = `drafts-${randomUUID()}`;
    const [draft, archived, published] = [reward({ category }), reward({ category }), reward({ category })];
    await importAll([draft, archived, published]);
    itSucceeded(await publish(published.id));
    itSucceeded(await gql(admin, 'mutation($id: ID!) { archiveReward(id: $id, expectedVersion: 1) { id } }', { id: archived.id }));

    expect((await thePages(admin, { category, status: 'DRAFT' }, 5)).flat()).toEqual([draft.id]);
    expect((await thePages(admin, { category, status: 'ARCHIVED' }, 5)).flat()).toEqual([archived.id]);
    expect((await thePages(admin, { category }, 5)).flat()).toEqual([published.id]);
    const drafts = (await thePages(admin, { status: 'DRAFT', maxPointsCost: 0 }, 100)).flat();
    expect(drafts).toContain(draft.id);
    expect(drafts).not.toContain(published.id);
  });

  it.each([
    ['a customer', () => customer],
    ['the API key', () => anApiKeyCaller(api)],
  ])('refuses %s a list of drafts or archived rewards, and answers the published ones', async (_, caller) => {
    for (const status of ['DRAFT', 'ARCHIVED'])
      theFieldFailed(
        await gql(caller(), 'query($s: RewardStatus) { rewards(filter: { status: $s }) { items { id } } }', { s: status }),
        ['rewards'],
        'Unauthorized',
        `Only admins may list ${status} rewards.`,
      );
    itSucceeded(await gql(caller(), '{ rewards(filter: { status: PUBLISHED }, limit: 1) { items { id } } }'));
  });
});
