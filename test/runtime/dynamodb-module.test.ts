import { describe, expect, test } from 'vitest';
import * as ddb from '../../local/runtime/dynamodb-module/index.js';

describe('@aws-appsync/utils/dynamodb requests', () => {
  test('get / put / remove copy only the given options', () => {
    expect(ddb.get({ key: { id: 'id' } })).toEqual({ operation: 'GetItem', key: { id: { S: 'id' } } });
    expect(ddb.get({ key: { id: 'id' }, consistentRead: true, projection: ['a', 'b.c'] })).toEqual({
      operation: 'GetItem',
      key: { id: { S: 'id' } },
      consistentRead: true,
      projection: {
        expression: '#projection_1, #projection_2.#projection_3',
        expressionNames: { '#projection_1': 'a', '#projection_2': 'b', '#projection_3': 'c' },
      },
    });
    expect(ddb.put({ key: { id: 'abc' }, item: { value: 10 }, condition: { id: { attributeExists: false } } })).toEqual({
      operation: 'PutItem',
      key: { id: { S: 'abc' } },
      attributeValues: { value: { N: 10 } },
      condition: { expression: '(attribute_not_exists(#id))', expressionNames: { '#id': 'id' }, expressionValues: {} },
    });
    expect(ddb.remove({ key: { id: 'x' }, _version: 2 })).toEqual({ operation: 'DeleteItem', key: { id: { S: 'x' } }, _version: 2 });
  });

  test('update: operation markers, plain values, nested paths, remove and list items', () => {
    const request = ddb.update({
      key: { id: 'u1' },
      update: {
        points: ddb.operations.increment(5),
        name: 'Ann',
        address: { city: 'Oslo' },
        tags: ddb.operations.append(['x']),
        nickname: ddb.operations.remove(),
        friends: [ddb.operations.updateListItem('f9', 2)],
      },
    });
    expect(request.update).toEqual({
      expression:
        'SET #expName_1 = #expName_1 + :expValue_1, #expName_2 = :expValue_2, #expName_3.#expName_4 = :expValue_3, ' +
        '#expName_5 = list_append(#expName_5, :expValue_4), #expName_7[2] = :expValue_5 REMOVE #expName_6',
      expressionNames: {
        '#expName_1': 'points',
        '#expName_2': 'name',
        '#expName_3': 'address',
        '#expName_4': 'city',
        '#expName_5': 'tags',
        '#expName_6': 'nickname',
        '#expName_7': 'friends',
      },
      expressionValues: {
        ':expValue_1': { N: 5 },
        ':expValue_2': { S: 'Ann' },
        ':expValue_3': { S: 'Oslo' },
        ':expValue_4': { L: [{ S: 'x' }] },
        ':expValue_5': { S: 'f9' },
      },
    });
  });

  test('query builds a key condition and keeps the optional members', () => {
    expect(
      ddb.query({
        query: { pk: { eq: 'user#1' }, sk: { beginsWith: 'order#' } },
        index: 'byUser',
        limit: 20,
        scanIndexForward: false,
        filter: { status: { eq: 'OPEN' } },
      }),
    ).toEqual({
      operation: 'Query',
      query: {
        expression: '#pk = :pk_eq AND begins_with(#sk,:sk_beginsWith)',
        expressionNames: { '#pk': 'pk', '#sk': 'sk' },
        expressionValues: { ':pk_eq': { S: 'user#1' }, ':sk_beginsWith': { S: 'order#' } },
      },
      index: 'byUser',
      limit: 20,
      scanIndexForward: false,
      filter: {
        expression: '(#status = :status_eq)',
        expressionNames: { '#status': 'status' },
        expressionValues: { ':status_eq': { S: 'OPEN' } },
      },
    });
    expect((ddb.query({ query: { n: { between: [1, 5] } } }).query as { expression: string }).expression).toBe(
      '#n BETWEEN :n_between_start AND :n_between_end',
    );
    expect(ddb.scan({ limit: 10, nextToken: 'abc' })).toEqual({ operation: 'Scan', limit: 10, nextToken: 'abc' });
  });

  test('batch and transaction requests', () => {
    expect(ddb.batchGet({ tables: { T: { keys: [{ id: 1 }], consistentRead: true } } })).toEqual({
      operation: 'BatchGetItem',
      tables: { T: { keys: [{ id: { N: 1 } }], consistentRead: true } },
    });
    expect(ddb.batchPut({ tables: { T: [{ id: 1, a: 'x' }] } })).toEqual({
      operation: 'BatchPutItem',
      tables: { T: [{ id: { N: 1 }, a: { S: 'x' } }] },
    });
    expect(ddb.batchDelete({ tables: { T: [{ id: 1 }] } })).toEqual({ operation: 'BatchDeleteItem', tables: { T: [{ id: { N: 1 } }] } });
    expect(ddb.transactGet({ items: [{ table: 'T', key: { id: 1 } }] })).toEqual({
      operation: 'TransactGetItems',
      transactItems: [{ table: 'T', key: { id: { N: 1 } } }],
    });
    expect(
      ddb
        .transactWrite({
          items: [
            { putItem: { table: 'T', key: { id: 1 }, item: { a: 1 }, condition: { id: { attributeExists: false } } } },
            { updateItem: { table: 'T', key: { id: 2 }, update: { a: ddb.operations.decrement(1) } } },
            { deleteItem: { table: 'T', key: { id: 3 } } },
            { conditionCheck: { table: 'U', key: { id: 4 }, condition: { v: { eq: 1 } } } },
          ],
        })
        .transactItems.map((item) => [item.operation, item.table, Object.keys(item).sort().join(',')]),
    ).toEqual([
      ['PutItem', 'T', 'attributeValues,condition,key,operation,table'],
      ['UpdateItem', 'T', 'key,operation,table,update'],
      ['DeleteItem', 'T', 'key,operation,table'],
      ['ConditionCheck', 'U', 'condition,key,operation,table'],
    ]);
  });

  test('sets and operation markers have the recorded shapes', () => {
    expect(ddb.toNumberSet([1, 2])).toEqual({ NS: [1, 2] });
    expect(ddb.operations.increment()).toEqual({ type: 'OPERATION_INCREMENT', by: 1 });
    expect(ddb.operations.prepend([1])).toEqual({ type: 'OPERATION_PREPEND', items: [1] });
  });
});
