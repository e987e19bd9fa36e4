import { describe, expect, it } from 'vitest';
import { aFreshPartition, anApiKeyCaller, theFixtureApi } from '../steps/given-steps.js';
import { itSucceeded, theFieldFailed } from '../steps/then-steps.js';
import { weSendGraphQL } from '../steps/when-steps.js';

const api = theFixtureApi();
const key = anApiKeyCaller(api);
const gql = (query: string, variables?: Record<string, unknown>) => weSendGraphQL(api, { query, variables }, key);
const ITEM = 'pk sk color count version tags blob payload';

describe('the DynamoDB data source, driven through resolvers over HTTP', () => {
  it('puts, gets, updates with a version condition and deletes an item', async () => {
    const pk = aFreshPartition();
    const put = itSucceeded(
      await gql(`mutation($i: ItemInput!) { putItem(input: $i) { ${ITEM} } }`, {
        i: { pk, sk: 'a', color: 'red', count: 3, tags: ['x', null], payload: '{"n":1}' },
      }),
    );
    expect(put.putItem).toEqual({ pk, sk: 'a', color: 'red', count: 3, version: 1, tags: ['x', null], blob: null, payload: '{"n":1}' });

    const got = itSucceeded(await gql(`query($pk: ID!) { item(pk: $pk, sk: "a") { ${ITEM} } }`, { pk }));
    expect(got.item).toEqual(put.putItem);

    const updated = itSucceeded(
      await gql(`mutation($pk: ID!) { updateItem(pk: $pk, sk: "a", expectedVersion: 1, color: "blue") { color version } }`, { pk }),
    );
    expect(updated.updateItem).toEqual({ color: 'blue', version: 2 });

    const stale = await gql(`mutation($pk: ID!) { updateItem(pk: $pk, sk: "a", expectedVersion: 1) { version } }`, { pk });
    theFieldFailed(stale, ['updateItem'], 'DynamoDB:ConditionalCheckFailedException', /^The conditional request failed/);

    const deleted = itSucceeded(await gql(`mutation($pk: ID!) { deleteItem(pk: $pk, sk: "a") { pk color } }`, { pk }));
    expect(deleted.deleteItem).toEqual({ pk, color: 'blue' });
    expect(itSucceeded(await gql(`query($pk: ID!) { item(pk: $pk, sk: "a") { pk } }`, { pk })).item).toBeNull();
  });

  it("treats a retried identical conditional put as a success (AppSync's condition-failure rule)", async () => {
    const i = { pk: aFreshPartition(), sk: 'same', color: 'green' };
    itSucceeded(await gql('mutation($i: ItemInput!) { putItem(input: $i) { pk } }', { i }));
    expect(itSucceeded(await gql('mutation($i: ItemInput!) { putItem(input: $i) { color } }', { i })).putItem).toEqual({ color: 'green' });
  });

  it('rejects a second create of the same key with ConditionalCheckFailedException', async () => {
    const i = { pk: aFreshPartition(), sk: 'once' };
    itSucceeded(await gql('mutation($i: ItemInput!) { createItem(input: $i) { pk } }', { i }));
    theFieldFailed(
      await gql('mutation($i: ItemInput!) { createItem(input: $i) { pk } }', { i }),
      ['createItem'],
      'DynamoDB:ConditionalCheckFailedException',
    );
  });

  it('treats deleting an item that is already gone as a success', async () => {
    const result = await gql('mutation { deleteItem(pk: "never-existed", sk: "x") { pk } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data.deleteItem).toBeNull();
  });

  it('queries a partition page by page with opaque tokens, in both directions', async () => {
    const pk = aFreshPartition();
    const items = Array.from({ length: 5 }, (_, n) => ({ pk, sk: `s${n}`, count: n }));
    itSucceeded(await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', { items }));
    const seen: string[] = [];
    let nextToken: string | null = null;
    do {
      const page: any = itSucceeded(
        await gql('query($pk: ID!, $t: String) { itemsByPk(pk: $pk, limit: 2, nextToken: $t) { items { sk } nextToken scannedCount } }', {
          pk,
          t: nextToken,
        }),
      );
      seen.push(...page.itemsByPk.items.map((item: { sk: string }) => item.sk));
      nextToken = page.itemsByPk.nextToken;
      if (nextToken) expect(nextToken).not.toContain(pk);
    } while (nextToken);
    expect(seen).toEqual(['s0', 's1', 's2', 's3', 's4']);
    const descending = itSucceeded(
      await gql('query($pk: ID!) { itemsByPk(pk: $pk, descending: true, limit: 2) { items { sk } } }', { pk }),
    );
    expect(descending.itemsByPk.items.map((item: { sk: string }) => item.sk)).toEqual(['s4', 's3']);
  });

  it('rejects a pagination token that was tampered with or issued by another resolver', async () => {
    const pk = aFreshPartition();
    itSucceeded(
      await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', {
        items: [
          { pk, sk: '1', color: 'teal' },
          { pk, sk: '2', color: 'teal' },
        ],
      }),
    );
    const first = itSucceeded(await gql('query($pk: ID!) { itemsByPk(pk: $pk, limit: 1) { nextToken } }', { pk }));
    const token: string = first.itemsByPk.nextToken;
    const tampered = await gql('query($pk: ID!, $t: String) { itemsByPk(pk: $pk, limit: 1, nextToken: $t) { nextToken } }', {
      pk,
      t: `${token.slice(0, -4)}AAAA`,
    });
    expect(tampered.body.errors?.[0]?.path).toEqual(['itemsByPk']);
    const foreign = await gql('query($t: String) { scanItems(limit: 1, nextToken: $t) { nextToken } }', { t: token });
    expect(foreign.body.errors?.[0]?.path).toEqual(['scanItems']);
  });

  it('queries a global secondary index', async () => {
    const color = `c-${aFreshPartition()}`;
    itSucceeded(
      await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', {
        items: [
          { pk: aFreshPartition(), sk: 'a', color },
          { pk: aFreshPartition(), sk: 'b', color },
        ],
      }),
    );
    const data = itSucceeded(await gql('query($c: String!) { itemsByColor(color: $c) { items { color } } }', { c: color }));
    expect(data.itemsByColor.items).toEqual([{ color }, { color }]);
  });

  it('scans with pagination', async () => {
    const data = itSucceeded(await gql('{ scanItems(limit: 1) { items { pk } nextToken scannedCount } }'));
    expect(data.scanItems.items).toHaveLength(1);
    expect(data.scanItems.nextToken).toEqual(expect.any(String));
  });

  it('batch-gets in request order with null for missing items, and batch-deletes', async () => {
    const pk = aFreshPartition();
    itSucceeded(
      await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', {
        items: [
          { pk, sk: '1' },
          { pk, sk: '2' },
        ],
      }),
    );
    const keys = [
      { pk, sk: '2' },
      { pk, sk: 'missing' },
      { pk, sk: '1' },
    ];
    const got = itSucceeded(await gql('query($k: [ItemKeyInput!]!) { itemsBatch(keys: $k) { sk } }', { k: keys }));
    expect(got.itemsBatch).toEqual([{ sk: '2' }, null, { sk: '1' }]);
    const deleted = itSucceeded(
      await gql('mutation($k: [ItemKeyInput!]!) { itemsBatchDelete(keys: $k) { pk sk } }', { k: [{ pk, sk: '1' }] }),
    );
    expect(deleted.itemsBatchDelete).toEqual([{ pk, sk: '1' }]);
  });

  it('reads items transactionally', async () => {
    const pk = aFreshPartition();
    itSucceeded(
      await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', { items: [{ pk, sk: '1', count: 1 }] }),
    );
    const got = itSucceeded(
      await gql('query($k: [ItemKeyInput!]!) { itemsTransact(keys: $k) { count } }', {
        k: [
          { pk, sk: '1' },
          { pk, sk: 'none' },
        ],
      }),
    );
    expect(got.itemsTransact).toEqual([{ count: 1 }, null]);
  });

  it('writes transactionally, and a failed condition cancels everything with per-item reasons', async () => {
    const pk = aFreshPartition();
    itSucceeded(
      await gql('mutation($items: [ItemInput!]!) { itemsBatchPut(items: $items) { pk } }', {
        items: [
          { pk, sk: 'from' },
          { pk, sk: 'taken' },
        ],
      }),
    );
    const moved = itSucceeded(
      await gql('mutation($pk: ID!) { transferItem(from: { pk: $pk, sk: "from" }, to: { pk: $pk, sk: "to" }) { sk } }', { pk }),
    );
    expect(moved.transferItem).toEqual([{ sk: 'from' }, { sk: 'to' }]);

    const blocked = await gql('mutation($pk: ID!) { transferItem(from: { pk: $pk, sk: "to" }, to: { pk: $pk, sk: "taken" }) { sk } }', {
      pk,
    });
    theFieldFailed(blocked, ['transferItem'], 'DynamoDB:TransactionCanceledException');
    const reasons = blocked.body.errors[0].errorInfo.cancellationReasons;
    expect(reasons.map((reason: { type: string }) => reason.type)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(itSucceeded(await gql('query($pk: ID!) { item(pk: $pk, sk: "to") { sk } }', { pk })).item).toEqual({ sk: 'to' });
  });

  it('reports a request object the data source does not understand as a MappingTemplate error', async () => {
    theFieldFailed(await gql('mutation { badMapping { pk } }'), ['badMapping'], 'MappingTemplate');
  });
});
