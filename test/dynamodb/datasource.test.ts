import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDataSource, MappingTemplateError, type DynamoDbDataSource } from '../../local/datasources/dynamodb/index.js';
import { ensureTables, tableSpecFromTemplate } from '../../local/dynamodb/tables.js';
import { startInMemoryDynamoDb, type LocalDynamoDb } from './support.js';

const REWARDS = 'loyalty-rewards';
const LEDGER = 'loyalty-ledger';
const scope = { tokenScope: 'Query.rewards' };
const CONDITION_FAILED_MESSAGE = /^The conditional request failed \(Service: DynamoDb, Status Code: 400, Request ID: [\w-]+\)$/;

let local: LocalDynamoDb;
let rewards: DynamoDbDataSource;
let ledger: DynamoDbDataSource;

beforeAll(async () => {
  local = await startInMemoryDynamoDb();
  await ensureTables(local.client, [
    tableSpecFromTemplate(
      'Rewards',
      {
        Type: 'AWS::DynamoDB::GlobalTable',
        Properties: {
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'status', AttributeType: 'S' },
            { AttributeName: 'pointsCost', AttributeType: 'N' },
          ],
          BillingMode: 'PAY_PER_REQUEST',
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byStatus',
              KeySchema: [
                { AttributeName: 'status', KeyType: 'HASH' },
                { AttributeName: 'pointsCost', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        },
      },
      REWARDS,
    ),
    tableSpecFromTemplate(
      'Ledger',
      {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [
            { AttributeName: 'memberId', KeyType: 'HASH' },
            { AttributeName: 'entryId', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'memberId', AttributeType: 'S' },
            { AttributeName: 'entryId', AttributeType: 'S' },
          ],
        },
      },
      LEDGER,
    ),
  ]);
  const tableNames = (name: string) => ({ Rewards: REWARDS, Ledger: LEDGER })[name] ?? name;
  rewards = createDynamoDbDataSource({
    client: local.client,
    tableName: REWARDS,
    region: 'us-east-1',
    tokenSecret: 'test-secret',
    tableNames,
  });
  ledger = createDynamoDbDataSource({
    client: local.client,
    tableName: LEDGER,
    region: 'us-east-1',
    tokenSecret: 'test-secret',
    tableNames,
  });
});

afterAll(async () => {
  await local?.stop();
});

const key = (id: string) => ({ id: { S: id } });

/** A reward as util.dynamodb.toMapValues renders it: numbers as JSON numbers. */
function rewardAttributes(overrides: Record<string, unknown> = {}) {
  return {
    status: { S: 'PUBLISHED' },
    title: { S: 'Espresso machine' },
    pointsCost: { N: 12000 },
    stock: { N: 3 },
    ...overrides,
  };
}

async function putReward(id: string, overrides: Record<string, unknown> = {}) {
  const outcome = await rewards.invoke({ operation: 'PutItem', key: key(id), attributeValues: rewardAttributes(overrides) }, scope);
  expect(outcome.error).toBeUndefined();
  return outcome;
}

describe('typed values', () => {
  it('accepts every AppSync typed value and returns plain JSON the way AppSync does', async () => {
    const attributeValues = {
      title: { S: 'Weekend in Lisbon' },
      pointsCost: { N: 25000 },
      priceEur: { N: '349.90' },
      featured: { BOOL: true },
      archivedAt: { NULL: null },
      replacedBy: { NULL: true },
      tags: { SS: ['travel', 'premium'] },
      partnerIds: { NS: [7, '42'] },
      thumbnail: { B: 'iVBORw0KGgo=' },
      checksums: { BS: ['AAE=', 'AgM='] },
      localized: {
        L: [
          { M: { locale: { S: 'de-DE' }, title: { S: 'Wochenende in Lissabon' } } },
          { M: { locale: { S: 'fr-FR' }, title: { S: 'Week-end à Lisbonne' }, rating: { N: 4.5 } } },
        ],
      },
      availability: { M: { from: { S: '2026-12-01T00:00:00Z' }, window: { L: [{ N: 1 }, { S: 'day' }, { NULL: true }] } } },
    };
    const put = await rewards.invoke({ operation: 'PutItem', key: key('reward-lisbon'), attributeValues }, scope);
    expect(put.error).toBeUndefined();
    const expected = {
      id: 'reward-lisbon',
      title: 'Weekend in Lisbon',
      pointsCost: 25000,
      priceEur: 349.9,
      featured: true,
      archivedAt: null,
      replacedBy: null,
      tags: ['travel', 'premium'],
      partnerIds: [7, 42],
      thumbnail: 'iVBORw0KGgo=',
      checksums: ['AAE=', 'AgM='],
      localized: [
        { locale: 'de-DE', title: 'Wochenende in Lissabon' },
        { locale: 'fr-FR', title: 'Week-end à Lisbonne', rating: 4.5 },
      ],
      availability: { from: '2026-12-01T00:00:00Z', window: [1, 'day', null] },
    };
    expect(put.result).toEqual(expected);

    const got = await rewards.invoke({ operation: 'GetItem', key: key('reward-lisbon'), consistentRead: true }, scope);
    const item = got.result as Record<string, unknown[]>;
    // sets come back in DynamoDB's order
    for (const set of ['tags', 'partnerIds', 'checksums']) item[set] = [...item[set]].sort();
    expect(item).toEqual({ ...expected, tags: ['premium', 'travel'], checksums: ['AAE=', 'AgM='], partnerIds: [42, 7].sort() });

    // on the wire: numbers are strings, NULL is true
    const raw = await local.client.call<{ Item: Record<string, Record<string, unknown>> }>('GetItem', {
      TableName: REWARDS,
      Key: key('reward-lisbon'),
    });
    expect(raw.Item.pointsCost).toEqual({ N: '25000' });
    expect(raw.Item.archivedAt).toEqual({ NULL: true });
    expect((raw.Item.partnerIds.NS as string[]).sort()).toEqual(['42', '7']);
  });
});

describe('GetItem', () => {
  it('returns null for a missing item and honours projection', async () => {
    await putReward('reward-mug');
    expect((await rewards.invoke({ operation: 'GetItem', key: key('no-such-reward') }, scope)).result).toBeNull();
    const projected = await rewards.invoke(
      {
        operation: 'GetItem',
        key: key('reward-mug'),
        consistentRead: true,
        projection: { expression: '#t, pointsCost', expressionNames: { '#t': 'title' } },
      },
      scope,
    );
    expect(projected).toEqual({ result: { title: 'Espresso machine', pointsCost: 12000 } });
  });
});

describe('PutItem', () => {
  it('returns the item written: key plus attributeValues', async () => {
    const outcome = await putReward('reward-headphones', { title: { S: 'Noise-cancelling headphones' } });
    expect(outcome.result).toEqual({
      id: 'reward-headphones',
      status: 'PUBLISHED',
      title: 'Noise-cancelling headphones',
      pointsCost: 12000,
      stock: 3,
    });
  });

  it('rejects a failed condition with the AppSync error and exposes the current item', async () => {
    await putReward('reward-taken');
    const outcome = await rewards.invoke(
      {
        operation: 'PutItem',
        key: key('reward-taken'),
        attributeValues: rewardAttributes({ title: { S: 'Something else' } }),
        condition: { expression: 'attribute_not_exists(#id)', expressionNames: { '#id': 'id' } },
      },
      scope,
    );
    expect(outcome.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(outcome.error?.message).toMatch(CONDITION_FAILED_MESSAGE);
    expect(outcome.result).toMatchObject({ id: 'reward-taken', title: 'Espresso machine' });
  });

  it('treats a failed condition as success when the stored item already equals the attempted one', async () => {
    const request = {
      operation: 'PutItem',
      key: key('reward-retry'),
      attributeValues: rewardAttributes({ priceEur: { N: '10.50' }, createdAt: { S: '2026-11-22T10:00:00Z' } }),
      condition: { expression: 'attribute_not_exists(id)' },
    };
    expect((await rewards.invoke(request, scope)).error).toBeUndefined();
    // the same write again (a client retry): numbers compare by value, "10.50" was stored as 10.5
    const retry = await rewards.invoke(request, scope);
    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ id: 'reward-retry', priceEur: 10.5 });

    // differs only in an attribute listed in equalsIgnore: still a success, the stored item is the result
    const later = { ...request, attributeValues: rewardAttributes({ priceEur: { N: 10.5 }, createdAt: { S: '2026-11-22T10:05:00Z' } }) };
    const ignored = await rewards.invoke({ ...later, condition: { ...request.condition, equalsIgnore: ['createdAt'] } }, scope);
    expect(ignored).toEqual({ result: expect.objectContaining({ createdAt: '2026-11-22T10:00:00Z' }) });
    // without equalsIgnore the same write is a conflict
    expect((await rewards.invoke(later, scope)).error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
  });

  it('accepts the condition as JSON text (util.transform.toDynamoDBConditionExpression output)', async () => {
    const condition = JSON.stringify({ expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' } });
    await putReward('reward-json-condition');
    const outcome = await rewards.invoke(
      { operation: 'PutItem', key: key('reward-json-condition'), attributeValues: rewardAttributes({ stock: { N: 0 } }), condition },
      scope,
    );
    expect(outcome.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
  });
});

describe('UpdateItem', () => {
  it('returns the item after the update (ALL_NEW)', async () => {
    await putReward('reward-stock');
    const outcome = await rewards.invoke(
      {
        operation: 'UpdateItem',
        key: key('reward-stock'),
        update: {
          expression: 'SET #stock = #stock - :one, #title = :title',
          expressionNames: { '#stock': 'stock', '#title': 'title' },
          expressionValues: { ':one': { N: 1 }, ':title': { S: 'Espresso machine (last units)' } },
        },
        condition: { expression: '#stock > :zero', expressionNames: { '#stock': 'stock' }, expressionValues: { ':zero': { N: 0 } } },
      },
      scope,
    );
    expect(outcome).toEqual({
      result: { id: 'reward-stock', status: 'PUBLISHED', title: 'Espresso machine (last units)', pointsCost: 12000, stock: 2 },
    });
  });

  it('always fails on a failed condition, with no result', async () => {
    await putReward('reward-sold-out', { stock: { N: 0 } });
    const outcome = await rewards.invoke(
      {
        operation: 'UpdateItem',
        key: key('reward-sold-out'),
        update: { expression: 'SET stock = stock - :one', expressionValues: { ':one': { N: 1 } } },
        condition: { expression: 'stock > :zero', expressionValues: { ':zero': { N: 0 } } },
      },
      scope,
    );
    expect(outcome.result).toBeNull();
    expect(outcome.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(outcome.error?.message).toMatch(CONDITION_FAILED_MESSAGE);
  });
});

describe('DeleteItem', () => {
  it('returns the deleted item (ALL_OLD)', async () => {
    await putReward('reward-delete');
    const outcome = await rewards.invoke({ operation: 'DeleteItem', key: key('reward-delete') }, scope);
    expect(outcome.result).toMatchObject({ id: 'reward-delete', title: 'Espresso machine' });
  });

  it('succeeds with a null result when the item is already gone, even though the condition failed', async () => {
    const outcome = await rewards.invoke(
      { operation: 'DeleteItem', key: key('reward-never-existed'), condition: { expression: 'attribute_exists(id)' } },
      scope,
    );
    expect(outcome).toEqual({ result: null });
  });

  it('fails when the item exists but the condition does not hold', async () => {
    await putReward('reward-published');
    const outcome = await rewards.invoke(
      {
        operation: 'DeleteItem',
        key: key('reward-published'),
        condition: { expression: '#s = :draft', expressionNames: { '#s': 'status' }, expressionValues: { ':draft': { S: 'DRAFT' } } },
      },
      scope,
    );
    expect(outcome.error?.type).toBe('DynamoDB:ConditionalCheckFailedException');
    expect(outcome.result).toMatchObject({ id: 'reward-published' });
  });
});

describe('Query and Scan', () => {
  const catalog = Array.from({ length: 7 }, (_, index) => ({
    id: `catalog-${index}`,
    pointsCost: 100 * (index + 1),
    category: index % 2 ? 'travel' : 'home',
  }));

  beforeAll(async () => {
    const outcome = await rewards.invoke(
      {
        operation: 'BatchPutItem',
        tables: {
          Rewards: catalog.map((reward) => ({
            id: { S: reward.id },
            status: { S: 'CATALOG' },
            pointsCost: { N: reward.pointsCost },
            category: { S: reward.category },
          })),
        },
      },
      scope,
    );
    expect(outcome.error).toBeUndefined();
  });

  const catalogQuery = (extra: Record<string, unknown> = {}) => ({
    operation: 'Query',
    index: 'byStatus',
    query: {
      expression: '#status = :status AND #cost <= :max',
      expressionNames: { '#status': 'status', '#cost': 'pointsCost' },
      expressionValues: { ':status': { S: 'CATALOG' }, ':max': { N: 600 } },
    },
    ...extra,
  });

  it('pages through a GSI query with nextToken, filter and descending order', async () => {
    const seen: unknown[] = [];
    let nextToken: string | null = null;
    let pages = 0;
    do {
      const outcome = await rewards.invoke(
        catalogQuery({
          limit: 2,
          scanIndexForward: false,
          filter: {
            expression: '#category = :category',
            expressionNames: { '#category': 'category' },
            expressionValues: { ':category': { S: 'home' } },
          },
          nextToken: nextToken ?? undefined,
        }),
        scope,
      );
      expect(outcome.error).toBeUndefined();
      const page = outcome.result as { items: Array<{ id: string }>; nextToken: string | null; scannedCount: number };
      expect(page.scannedCount).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    // pointsCost <= 600: catalog-0..5; home = even indexes; descending
    expect(seen).toEqual(['catalog-4', 'catalog-2', 'catalog-0']);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('returns {items, nextToken: null, scannedCount} on the last page, with projection and select', async () => {
    const outcome = await rewards.invoke(
      catalogQuery({ select: 'SPECIFIC_ATTRIBUTES', projection: { expression: 'id, pointsCost' }, consistentRead: false }),
      scope,
    );
    expect(outcome.result).toEqual({
      items: catalog.slice(0, 6).map(({ id, pointsCost }) => ({ id, pointsCost })),
      nextToken: null,
      scannedCount: 6,
    });
  });

  it('rejects a nextToken that was tampered with or issued to another resolver, table or index', async () => {
    const first = (await rewards.invoke(catalogQuery({ limit: 1 }), scope)).result as { nextToken: string };
    expect(first.nextToken).toMatch(/^eyJ2ZXJzaW9uIjox/); // base64 of {"version":1 like AppSync's
    const invalid = {
      result: null,
      error: {
        type: 'DynamoDB:UserIllegalArgumentException',
        message: 'com.amazonaws.deepdish.common.pagination.InvalidPaginationTokenException: Invalid pagination token given.',
      },
    };

    expect((await rewards.invoke(catalogQuery({ limit: 1, nextToken: first.nextToken }), scope)).error).toBeUndefined();
    expect(await rewards.invoke(catalogQuery({ limit: 1, nextToken: first.nextToken }), { tokenScope: 'Query.otherResolver' })).toEqual(
      invalid,
    );
    expect(await rewards.invoke({ operation: 'Scan', limit: 1, nextToken: first.nextToken }, scope)).toEqual(invalid); // no index
    expect(await ledger.invoke(catalogQuery({ nextToken: first.nextToken }), scope)).toEqual(invalid); // other table

    const outer = JSON.parse(Buffer.from(first.nextToken, 'base64').toString()) as { version: number; token: string };
    const sealed = Buffer.from(outer.token, 'base64');
    sealed[sealed.length - 20] ^= 1;
    const tampered = Buffer.from(JSON.stringify({ ...outer, token: sealed.toString('base64') })).toString('base64');
    expect(await rewards.invoke(catalogQuery({ nextToken: tampered }), scope)).toEqual(invalid);
    expect(await rewards.invoke(catalogQuery({ nextToken: 'not-a-token' }), scope)).toEqual(invalid);

    const otherSecret = createDynamoDbDataSource({
      client: local.client,
      tableName: REWARDS,
      region: 'us-east-1',
      tokenSecret: 'another-secret',
    });
    expect(await otherSecret.invoke(catalogQuery({ nextToken: first.nextToken }), scope)).toEqual(invalid);
  });

  it('scans in parallel segments and pages with tokens', async () => {
    const ids = new Set<string>();
    for (const segment of [0, 1]) {
      let nextToken: string | null = null;
      do {
        const outcome = await rewards.invoke(
          {
            operation: 'Scan',
            totalSegments: 2,
            segment,
            limit: 3,
            filter: { expression: '#s = :s', expressionNames: { '#s': 'status' }, expressionValues: { ':s': { S: 'CATALOG' } } },
            nextToken,
          },
          scope,
        );
        const page = outcome.result as { items: Array<{ id: string }>; nextToken: string | null };
        page.items.forEach((item) => ids.add(item.id));
        nextToken = page.nextToken;
      } while (nextToken);
    }
    expect([...ids].sort()).toEqual(catalog.map((reward) => reward.id).sort());
  });
});

describe('batch operations', () => {
  it('BatchGetItem returns items per table in request order, null for missing ones', async () => {
    await putReward('batch-a');
    await putReward('batch-b', { title: { S: 'Cinema tickets' } });
    await ledger.invoke(
      {
        operation: 'PutItem',
        key: { memberId: { S: 'member-1' }, entryId: { S: '2026-11-22#0001' } },
        attributeValues: { kind: { S: 'EARNED' }, points: { N: 500 } },
      },
      scope,
    );
    const outcome = await rewards.invoke(
      {
        operation: 'BatchGetItem',
        tables: {
          Rewards: {
            keys: [key('batch-b'), key('batch-missing'), key('batch-a')],
            consistentRead: true,
            projection: { expression: '#t', expressionNames: { '#t': 'title' } },
          },
          Ledger: {
            keys: [
              { memberId: { S: 'member-1' }, entryId: { S: '2026-11-22#0001' } },
              { memberId: { S: 'member-2' }, entryId: { S: 'x' } },
            ],
          },
        },
      },
      scope,
    );
    expect(outcome).toEqual({
      result: {
        // the projection left the key out, so the key is not in the result either
        data: {
          Rewards: [{ title: 'Cinema tickets' }, null, { title: 'Espresso machine' }],
          Ledger: [{ memberId: 'member-1', entryId: '2026-11-22#0001', kind: 'EARNED', points: 500 }, null],
        },
        unprocessedKeys: { Rewards: [], Ledger: [] },
      },
    });
  });

  it('BatchPutItem and BatchDeleteItem return what they wrote, keyed by the request table names', async () => {
    const put = await rewards.invoke(
      {
        operation: 'BatchPutItem',
        tables: {
          Rewards: [
            { id: { S: 'bulk-1' }, pointsCost: { N: 10 } },
            { id: { S: 'bulk-2' }, pointsCost: { N: 20 } },
          ],
        },
      },
      scope,
    );
    expect(put).toEqual({
      result: {
        data: {
          Rewards: [
            { id: 'bulk-1', pointsCost: 10 },
            { id: 'bulk-2', pointsCost: 20 },
          ],
        },
        unprocessedItems: { Rewards: [] },
      },
    });
    const removed = await rewards.invoke({ operation: 'BatchDeleteItem', tables: { Rewards: [key('bulk-2'), key('bulk-1')] } }, scope);
    expect(removed).toEqual({ result: { data: { Rewards: [{ id: 'bulk-2' }, { id: 'bulk-1' }] }, unprocessedKeys: { Rewards: [] } } });
    expect((await rewards.invoke({ operation: 'GetItem', key: key('bulk-1') }, scope)).result).toBeNull();
  });
});

describe('transactions', () => {
  const redeem = (rewardId: string, entryId: string) => ({
    operation: 'TransactWriteItems',
    transactItems: [
      {
        table: 'Ledger',
        operation: 'PutItem',
        key: { memberId: { S: 'member-9' }, entryId: { S: entryId } },
        attributeValues: { kind: { S: 'SPENT' }, points: { N: -12000 }, rewardId: { S: rewardId } },
        condition: { expression: 'attribute_not_exists(entryId)' },
      },
      {
        table: 'Rewards',
        operation: 'UpdateItem',
        key: key(rewardId),
        update: { expression: 'SET stock = stock - :one', expressionValues: { ':one': { N: 1 } } },
        condition: { expression: 'stock > :zero', expressionValues: { ':zero': { N: 0 } } },
      },
    ],
  });

  it('TransactWriteItems returns the keys on success', async () => {
    await putReward('tx-reward', { stock: { N: 1 } });
    const outcome = await ledger.invoke(redeem('tx-reward', 'redeem-1'), scope);
    expect(outcome).toEqual({
      result: { keys: [{ memberId: 'member-9', entryId: 'redeem-1' }, { id: 'tx-reward' }], cancellationReasons: null },
    });
  });

  it('reports cancellation reasons per item in order, with the current item of the failed condition', async () => {
    const outcome = await ledger.invoke(redeem('tx-reward', 'redeem-2'), scope); // stock is now 0
    expect(outcome.error?.type).toBe('DynamoDB:TransactionCanceledException');
    expect(outcome.error?.message).toMatch(
      /^Transaction cancelled, please refer cancellation reasons for specific reasons \[None, ConditionalCheckFailed\] \(Service: DynamoDb, Status Code: 400, Request ID: [\w-]+\)$/,
    );
    expect(outcome.result).toEqual({
      keys: null,
      cancellationReasons: [
        { type: 'None', message: 'None' },
        {
          type: 'ConditionalCheckFailed',
          message: 'The conditional request failed',
          item: expect.objectContaining({ id: 'tx-reward', stock: 0 }),
        },
      ],
    });
    // nothing was written
    expect(
      (await ledger.invoke({ operation: 'GetItem', key: { memberId: { S: 'member-9' }, entryId: { S: 'redeem-2' } } }, scope)).result,
    ).toBeNull();
  });

  it('leaves the item out when returnValuesOnConditionCheckFailure is false; ConditionCheck items work', async () => {
    const outcome = await ledger.invoke(
      {
        operation: 'TransactWriteItems',
        transactItems: [
          {
            table: 'Rewards',
            operation: 'ConditionCheck',
            key: key('tx-reward'),
            condition: { expression: 'stock > :zero', expressionValues: { ':zero': { N: 0 } }, returnValuesOnConditionCheckFailure: false },
          },
          { table: 'Ledger', operation: 'DeleteItem', key: { memberId: { S: 'member-9' }, entryId: { S: 'redeem-1' } } },
        ],
      },
      scope,
    );
    expect(outcome.result).toEqual({
      keys: null,
      cancellationReasons: [
        { type: 'ConditionalCheckFailed', message: expect.stringMatching(/^The conditional request failed/) },
        { type: 'None', message: 'None' },
      ],
    });
  });

  it('TransactGetItems returns items in order, null for missing ones', async () => {
    const outcome = await rewards.invoke(
      {
        operation: 'TransactGetItems',
        transactItems: [
          { table: 'Rewards', key: key('tx-reward'), projection: { expression: 'id, stock' } },
          { table: 'Rewards', key: key('tx-missing') },
          { table: 'Ledger', key: { memberId: { S: 'member-9' }, entryId: { S: 'redeem-1' } } },
        ],
      },
      scope,
    );
    expect(outcome).toEqual({
      result: {
        items: [
          { id: 'tx-reward', stock: 0 },
          null,
          { memberId: 'member-9', entryId: 'redeem-1', kind: 'SPENT', points: -12000, rewardId: 'tx-reward' },
        ],
        cancellationReasons: null,
      },
    });
  });
});

describe('DynamoDB errors', () => {
  it('names modelled exceptions and folds validation errors into DynamoDbException', async () => {
    const missingTable = createDynamoDbDataSource({
      client: local.client,
      tableName: 'not-provisioned',
      region: 'us-east-1',
      tokenSecret: 's',
    });
    const notFound = await missingTable.invoke({ operation: 'GetItem', key: key('x') }, scope);
    expect(notFound.error).toEqual({
      type: 'DynamoDB:ResourceNotFoundException',
      message: expect.stringMatching(/^Cannot do operations on a non-existent table \(Service: DynamoDb, Status Code: 400, Request ID: /),
    });

    const wrongKeyType = await rewards.invoke({ operation: 'GetItem', key: { id: { N: 1 } } }, scope);
    expect(wrongKeyType.error).toEqual({
      type: 'DynamoDB:DynamoDbException',
      message: expect.stringMatching(
        /^One or more parameter values were invalid: Type mismatch for key .*\(Service: DynamoDb, Status Code: 400, Request ID: /,
      ),
    });
  });
});

describe('invalid request objects (MappingTemplate errors)', () => {
  const cases: Array<[string, unknown, string]> = [
    ['an unknown top-level element', { operation: 'GetItem', key: key('a'), foo: 1 }, "Unsupported element '$[foo]'."],
    [
      'a transact-only condition element on PutItem',
      {
        operation: 'PutItem',
        key: key('a'),
        condition: { expression: 'attribute_not_exists(id)', returnValuesOnConditionCheckFailure: false },
      },
      "Unsupported element '$[condition][returnValuesOnConditionCheckFailure]'.",
    ],
    ['a Query element on Scan', { operation: 'Scan', scanIndexForward: false }, "Unsupported element '$[scanIndexForward]'."],
    ['a missing key', { operation: 'GetItem' }, "Value for field '$[key]' not found."],
    ['a missing operation', { key: key('a') }, "Value for field '$[operation]' not found."],
    [
      'a missing query expression',
      { operation: 'Query', query: { expressionValues: {} } },
      "Value for field '$[query][expression]' not found.",
    ],
    ['an unknown operation', { operation: 'PutItems', key: key('a') }, "Unsupported operation 'PutItems'."],
    [
      'an untyped key value',
      { operation: 'GetItem', key: { id: 'abc' } },
      "Expected JSON object for attribute value '$[key][id]' but got 'STRING' instead.",
    ],
    [
      'an unknown typed value',
      { operation: 'PutItem', key: key('a'), attributeValues: { tags: { STRINGS: ['x'] } } },
      "Unsupported element '$[attributeValues][tags][STRINGS]'.",
    ],
    [
      'a Custom conflict handler',
      {
        operation: 'PutItem',
        key: key('a'),
        condition: {
          expression: 'attribute_not_exists(id)',
          conditionalCheckFailedHandler: { strategy: 'Custom', lambdaArn: 'arn:aws:lambda:us-east-1:1:function:f' },
        },
      },
      "conditionalCheckFailedHandler strategy 'Custom'",
    ],
    ['a Sync request', { operation: 'Sync', limit: 10 }, 'Sync is only supported on versioned data sources'],
    [
      'an unknown transact operation',
      { operation: 'TransactWriteItems', transactItems: [{ table: 'Rewards', operation: 'Upsert', key: key('a') }] },
      "Unsupported operation 'Upsert' at '$[transactItems][0][operation]'.",
    ],
  ];

  it.each(cases)('rejects %s', async (_, request, message) => {
    const failure = rewards.invoke(request, scope);
    await expect(failure).rejects.toBeInstanceOf(MappingTemplateError);
    await expect(failure).rejects.toThrow(message);
  });

  it('treats undefined and null optional elements as absent (as after JSON serialisation)', async () => {
    await putReward('reward-optional');
    const outcome = await rewards.invoke(
      { operation: 'GetItem', key: key('reward-optional'), consistentRead: undefined, projection: null },
      scope,
    );
    expect(outcome.result).toMatchObject({ id: 'reward-optional' });
  });
});
