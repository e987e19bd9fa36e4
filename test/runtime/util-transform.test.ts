import { describe, expect, test } from 'vitest';
import { transform } from '../../local/runtime/util/transform/index.js';

const parsed = (json: string | null) => (json === null ? null : JSON.parse(json));

describe('toDynamoDBFilterExpression / toDynamoDBConditionExpression', () => {
  test('top-level members are ANDed unwrapped, each comparison in parentheses', () => {
    expect(transform.toDynamoDBConditionExpression({ id: { attributeExists: true }, version: { eq: 10 } })).toBe(
      '{"expression":"(attribute_exists(#id)) AND (#version = :version_eq)","expressionNames":{"#id":"id","#version":"version"},"expressionValues":{":version_eq":{"N":10}}}',
    );
  });

  test('groups carry their path in value names and wrap two or more members', () => {
    expect(parsed(transform.toDynamoDBFilterExpression({ or: [{ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] }, { c: { eq: 3 } }] }))).toEqual(
      {
        expression: '(((#a = :or_0_and_0_a_eq) AND (#b = :or_0_and_1_b_eq)) OR (#c = :or_1_c_eq))',
        expressionNames: { '#a': 'a', '#b': 'b', '#c': 'c' },
        expressionValues: { ':or_0_and_0_a_eq': { N: 1 }, ':or_0_and_1_b_eq': { N: 2 }, ':or_1_c_eq': { N: 3 } },
      },
    );
    expect(parsed(transform.toDynamoDBFilterExpression({ and: [{ a: { eq: 1 } }] })).expression).toBe('(#a = :and_0_a_eq)');
    expect(parsed(transform.toDynamoDBFilterExpression({ not: { a: { eq: 1 } } })).expression).toBe('(NOT (#a = :not_a_eq))');
  });

  test('functions, ranges, lists, types and size', () => {
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { between: [1, 9] } }))).toEqual({
      expression: '(#v BETWEEN :v_between_start AND :v_between_end)',
      expressionNames: { '#v': 'v' },
      expressionValues: { ':v_between_start': { N: 1 }, ':v_between_end': { N: 9 } },
    });
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { in: ['a', 'b'] } })).expression).toBe('(#v IN (:v_in_0, :v_in_1))');
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { notContains: 'x' } })).expression).toBe('(NOT contains(#v,:v_notContains))');
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { beginsWith: 'x' } })).expression).toBe('(begins_with(#v,:v_beginsWith))');
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { attributeType: 'stringSet' } })).expressionValues).toEqual({
      ':v_attributeType': { S: 'SS' },
    });
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { size: { gt: 2, lt: 5 } } })).expression).toBe(
      '((size(#v) > :v_size_gt) AND (size(#v) < :v_size_lt))',
    );
    expect(parsed(transform.toDynamoDBFilterExpression({ v: { ge: 1, le: 5 } })).expression).toBe('((#v >= :v_ge) AND (#v <= :v_le))');
  });

  test('input AWS cannot render answers null', () => {
    for (const bad of [
      null,
      [],
      'x',
      { v: { foo: 1 } },
      { v: 'x' },
      { and: null },
      { v: { between: [1] } },
      { v: { attributeType: 'S' } },
    ]) {
      expect(transform.toDynamoDBFilterExpression(bad as never)).toBeNull();
    }
  });
});

describe('toSubscriptionFilter', () => {
  test('field operators and or-members multiply out into filter groups (DNF)', () => {
    const filter = transform.toSubscriptionFilter({
      percentageUp: { lte: 50, gte: 20 },
      and: [{ title: { ne: 'Book1' } }, { downvotes: { gt: 2000 } }],
      or: [{ author: { eq: 'Admin' } }, { isPublished: { eq: false } }],
    });
    const groups = filter!.filterGroup.map((g) => g.filters.map((f) => `${f.fieldName} ${f.operator} ${JSON.stringify(f.value)}`));
    expect(groups).toEqual([
      ['percentageUp lte 50', 'title ne "Book1"', 'downvotes gt 2000', 'author eq "Admin"'],
      ['percentageUp lte 50', 'title ne "Book1"', 'downvotes gt 2000', 'isPublished eq false'],
      ['percentageUp gte 20', 'title ne "Book1"', 'downvotes gt 2000', 'author eq "Admin"'],
      ['percentageUp gte 20', 'title ne "Book1"', 'downvotes gt 2000', 'isPublished eq false'],
    ]);
  });

  test('le/ge and every other operator are carried through as written', () => {
    expect(transform.toSubscriptionFilter({ a: { le: 1, ge: 0 } })).toEqual({
      filterGroup: [
        { filters: [{ fieldName: 'a', operator: 'le', value: 1 }] },
        { filters: [{ fieldName: 'a', operator: 'ge', value: 0 }] },
      ],
    });
    expect(transform.toSubscriptionFilter({ a: { containsAny: ['x'] } })!.filterGroup[0].filters[0]).toEqual({
      fieldName: 'a',
      operator: 'containsAny',
      value: ['x'],
    });
  });

  test('ignoredFields drop fields at any depth; rules add one group copy per rule', () => {
    expect(transform.toSubscriptionFilter({ a: { eq: 1 }, and: [{ b: { eq: 2 } }] }, ['b'])).toEqual({
      filterGroup: [{ filters: [{ fieldName: 'a', operator: 'eq', value: 1 }] }],
    });
    expect(transform.toSubscriptionFilter({ a: { eq: 1 } }, [], { r1: { gte: 250 }, r2: { eq: 'p' } })).toEqual({
      filterGroup: [
        {
          filters: [
            { fieldName: 'a', operator: 'eq', value: 1 },
            { fieldName: 'r1', operator: 'gte', value: 250 },
          ],
        },
        {
          filters: [
            { fieldName: 'a', operator: 'eq', value: 1 },
            { fieldName: 'r2', operator: 'eq', value: 'p' },
          ],
        },
      ],
    });
  });

  test('empty filters give no groups; non-objects give null', () => {
    expect(transform.toSubscriptionFilter({})).toEqual({ filterGroup: [] });
    expect(transform.toSubscriptionFilter({ a: {} })).toEqual({ filterGroup: [] });
    expect(transform.toSubscriptionFilter(null)).toBeNull();
    expect(transform.toSubscriptionFilter('{"a":{"eq":1}}')).toBeNull();
  });
});

describe('toElasticsearchQueryDSL', () => {
  test('reproduces the documented example', () => {
    const dsl = JSON.parse(
      transform.toElasticsearchQueryDSL({ upvotes: { ne: 15, range: [10, 20] }, title: { eq: 'hihihi', wildcard: 'h*i' } }),
    );
    expect(dsl).toEqual({
      bool: {
        must: [
          { bool: { must: [{ bool: { must_not: { term: { upvotes: 15 } } } }, { range: { upvotes: { gte: 10, lte: 20 } } }] } },
          { bool: { must: [{ term: { title: 'hihihi' } }, { wildcard: { title: 'h*i' } }] } },
        ],
      },
    });
  });

  test('or / not / exists', () => {
    const dsl = JSON.parse(
      transform.toElasticsearchQueryDSL({ or: [{ a: { eq: 1 } }, { b: { exists: false } }], not: { c: { match: 'x' } } }),
    );
    expect(dsl.bool.must[0]).toEqual({
      bool: {
        should: [{ bool: { must: [{ term: { a: 1 } }] } }, { bool: { must: [{ bool: { must_not: { exists: { field: 'b' } } } }] } }],
      },
    });
    expect(dsl.bool.must[1]).toEqual({ bool: { must_not: { bool: { must: [{ match: { c: 'x' } }] } } } });
  });
});
