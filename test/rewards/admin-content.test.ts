import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anApiKeyCaller, aUserCaller, theProductApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theProductApi();
const REWARD = 'id status title pointsCost stock category version localized { locale title }';
const reward = (overrides: Record<string, unknown> = {}) => ({
  id: `reward-${randomUUID()}`,
  title: 'Espresso cup',
  pointsCost: 250,
  stock: 10,
  category: `cups-${randomUUID()}`,
  localized: [{ locale: 'de-DE', title: 'Espressotasse' }],
  ...overrides,
});

describe('admins manage rewards content through mutations', async () => {
  const admin = await aUserCaller(api, 'admin');
  const customer = await aUserCaller(api, 'customer');
  const gql = (headers: Record<string, string>, query: string, variables?: Record<string, unknown>) =>
    weSendGraphQL(api, { query, variables }, headers);

  it('creates a DRAFT that the public cannot see until it is published', async () => {
    const input = reward();
    const created = itSucceeded(
      await gql(admin, `mutation($i: CreateRewardInput!) { createReward(input: $i) { ${REWARD} } }`, { i: input }),
    );
    expect(created.createReward).toMatchObject({
      id: input.id,
      status: 'DRAFT',
      version: 1,
      localized: [{ locale: 'de-DE', title: 'Espressotasse' }],
    });

    const hidden = itSucceeded(await gql(anApiKeyCaller(api), 'query($id: ID!) { reward(id: $id) { id } }', { id: input.id }));
    expect(hidden.reward).toBeNull();
    expect(itSucceeded(await gql(admin, 'query($id: ID!) { reward(id: $id) { status } }', { id: input.id })).reward).toEqual({
      status: 'DRAFT',
    });

    const published = itSucceeded(
      await gql(admin, 'mutation($id: ID!) { publishReward(id: $id, expectedVersion: 1) { status version } }', { id: input.id }),
    );
    expect(published.publishReward).toEqual({ status: 'PUBLISHED', version: 2 });
    const catalog = itSucceeded(
      await gql(anApiKeyCaller(api), 'query($c: String) { rewards(filter: { category: $c }) { items { id status } } }', {
        c: input.category,
      }),
    );
    expect(catalog.rewards.items).toEqual([{ id: input.id, status: 'PUBLISHED' }]);
  });

  it('refuses a second reward with the same id', async () => {
    const input = reward();
    itSucceeded(await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: input }));
    theFieldFailed(
      await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: input }),
      ['createReward'],
      'RewardAlreadyExists',
    );
  });

  it('rejects invalid content before writing anything', async () => {
    const input = reward({ pointsCost: -1 });
    theFieldFailed(
      await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: input }),
      ['createReward'],
      'InvalidRewardInput',
      /pointsCost/,
    );
    expect(itSucceeded(await gql(admin, 'query($id: ID!) { reward(id: $id) { id } }', { id: input.id })).reward).toBeNull();
  });

  it('updates with optimistic locking: a stale version is refused, nothing is lost', async () => {
    const input = reward();
    itSucceeded(await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: input }));
    const updated = itSucceeded(
      await gql(admin, 'mutation($i: UpdateRewardInput!) { updateReward(input: $i) { title stock version } }', {
        i: { id: input.id, expectedVersion: 1, title: 'Large cup', stock: 3 },
      }),
    );
    expect(updated.updateReward).toEqual({ title: 'Large cup', stock: 3, version: 2 });
    const stale = await gql(admin, 'mutation($i: UpdateRewardInput!) { updateReward(input: $i) { title } }', {
      i: { id: input.id, expectedVersion: 1, title: 'Lost update' },
    });
    theFieldFailed(stale, ['updateReward'], 'RewardVersionConflict');
  });

  it('publishes only drafts and archives once', async () => {
    const input = reward();
    itSucceeded(await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: input }));
    itSucceeded(await gql(admin, 'mutation($id: ID!) { archiveReward(id: $id, expectedVersion: 1) { status } }', { id: input.id }));
    theFieldFailed(
      await gql(admin, 'mutation($id: ID!) { publishReward(id: $id, expectedVersion: 2) { status } }', { id: input.id }),
      ['publishReward'],
      'RewardVersionConflict',
    );
  });

  it('imports 1,000 rewards item by item: with 3 bad ones, 997 are created and 3 rejected, each with its reason', async () => {
    const existing = reward();
    itSucceeded(await gql(admin, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: existing }));
    const items: Array<ReturnType<typeof reward> & { minimumTier?: string }> = Array.from({ length: 1000 }, () => reward());
    items[10] = existing;
    items[500] = { ...reward(), pointsCost: -1 };
    items[999] = { ...reward(), minimumTier: 'Platinum' };
    const answer = itSucceeded(
      await gql(
        admin,
        'mutation($i: [CreateRewardInput!]!) { importRewards(input: $i) { imported ids items { index id outcome reason } } }',
        {
          i: items,
        },
      ),
    ).importRewards;
    expect(answer.imported).toBe(997);
    expect(answer.ids).toHaveLength(997);
    const rejected = answer.items.filter((item: { outcome: string }) => item.outcome === 'REJECTED');
    expect(rejected).toEqual([
      { index: 10, id: existing.id, outcome: 'REJECTED', reason: expect.stringMatching(/^RewardAlreadyExists/) },
      { index: 500, id: items[500].id, outcome: 'REJECTED', reason: 'InvalidRewardInput: pointsCost must be 0 or more' },
      { index: 999, id: items[999].id, outcome: 'REJECTED', reason: 'InvalidRewardInput: minimumTier must be Bronze, Silver or Gold' },
    ]);
    expect(itSucceeded(await gql(admin, 'query($id: ID!) { reward(id: $id) { id fulfilment } }', { id: items[0].id })).reward).toEqual({
      id: items[0].id,
      fulfilment: 'PHYSICAL',
    });
  });

  it('pages through the published catalog, cheapest first, with a points ceiling', async () => {
    const category = `mugs-${randomUUID()}`;
    const items = [400, 100, 300, 200].map((pointsCost) => reward({ category, pointsCost }));
    itSucceeded(await gql(admin, 'mutation($i: [CreateRewardInput!]!) { importRewards(input: $i) { imported } }', { i: items }));
    for (const item of items)
      itSucceeded(await gql(admin, 'mutation($id: ID!) { publishReward(id: $id, expectedVersion: 1) { id } }', { id: item.id }));
    const seen: number[] = [];
    let nextToken: string | null = null;
    do {
      const page: any = itSucceeded(
        await gql(
          customer,
          'query($c: String, $t: String) { rewards(filter: { category: $c, maxPointsCost: 300 }, limit: 2, nextToken: $t) { items { pointsCost } nextToken } }',
          { c: category, t: nextToken },
        ),
      );
      seen.push(...page.rewards.items.map((item: { pointsCost: number }) => item.pointsCost));
      nextToken = page.rewards.nextToken;
    } while (nextToken);
    expect(seen).toEqual([100, 200, 300]);
  });

  it('denies content mutations to customers', async () => {
    theFieldFailed(
      await gql(customer, 'mutation($i: CreateRewardInput!) { createReward(input: $i) { id } }', { i: reward() }),
      ['createReward'],
      'Unauthorized',
    );
  });
});
