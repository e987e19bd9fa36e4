/**
 * `@aws-appsync/utils/dynamodb`: builders for DynamoDB data-source requests. Optional inputs are
 * copied only when given, so `ddb.scan({limit:10,nextToken:'abc'})` is exactly
 * `{operation:'Scan',limit:10,nextToken:'abc'}` as AWS returns it.
 */
import { UtilUsageError } from '../signals.js';
import { toMapValues } from '../util/dynamodb.js';
import { filterExpression, keyCondition, projectionExpression } from './expressions.js';
import { operations } from './operations.js';
import { toUpdateExpression } from './update-expression.js';

type Input = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requireInput(payload: unknown, helper: string): Input {
  if (!isPlainObject(payload)) throw new UtilUsageError(`ddb.${helper} expects an object`);
  return payload;
}

function typedKey(key: unknown, helper: string) {
  if (!isPlainObject(key)) throw new UtilUsageError(`ddb.${helper}: key is required`);
  return toMapValues(key);
}

/** Copies the given optional members (skipping undefined) in order. */
function withOptional(target: Input, source: Input, names: string[]): Input {
  for (const name of names) if (source[name] !== undefined) target[name] = source[name];
  return target;
}

function withExpressions(target: Input, source: Input): Input {
  const filter = filterExpression(source.filter, 'filter');
  if (filter) target.filter = filter;
  const projection = projectionExpression(source.projection);
  if (projection) target.projection = projection;
  return target;
}

function conditionOf(source: Input): Input {
  const condition = filterExpression(source.condition, 'condition');
  return condition ? { condition } : {};
}

const VERSIONING = ['customPartitionKey', 'populateIndexFields', '_version'];

export function get(payload: unknown) {
  const input = requireInput(payload, 'get');
  const request: Input = { operation: 'GetItem', key: typedKey(input.key, 'get') };
  withOptional(request, input, ['consistentRead']);
  const projection = projectionExpression(input.projection);
  if (projection) request.projection = projection;
  return request;
}

export function put(payload: unknown) {
  const input = requireInput(payload, 'put');
  const request: Input = {
    operation: 'PutItem',
    key: typedKey(input.key, 'put'),
    attributeValues: toMapValues(input.item ?? {}),
    ...conditionOf(input),
  };
  return withOptional(request, input, VERSIONING);
}

export function update(payload: unknown) {
  const input = requireInput(payload, 'update');
  const request: Input = {
    operation: 'UpdateItem',
    key: typedKey(input.key, 'update'),
    update: toUpdateExpression(input.update),
    ...conditionOf(input),
  };
  return withOptional(request, input, VERSIONING);
}

export function remove(payload: unknown) {
  const input = requireInput(payload, 'remove');
  const request: Input = { operation: 'DeleteItem', key: typedKey(input.key, 'remove'), ...conditionOf(input) };
  return withOptional(request, input, VERSIONING);
}

export function query(payload: unknown) {
  const input = requireInput(payload, 'query');
  const request: Input = { operation: 'Query', query: keyCondition(input.query) };
  withOptional(request, input, ['index', 'nextToken', 'limit', 'scanIndexForward', 'consistentRead', 'select']);
  return withExpressions(request, input);
}

export function scan(payload: unknown) {
  const input = requireInput(payload, 'scan');
  const request: Input = { operation: 'Scan' };
  withOptional(request, input, ['index', 'limit', 'consistentRead', 'nextToken', 'totalSegments', 'segment', 'select']);
  return withExpressions(request, input);
}

/** Declared by @aws-appsync/utils but rejected by AWS at save time (TS2339); built here for versioned tables. */
export function sync(payload: unknown) {
  const input = requireInput(payload, 'sync');
  const request: Input = { operation: 'Sync' };
  withOptional(request, input, ['basePartitionKey', 'deltaIndexName', 'limit', 'nextToken', 'lastSync']);
  const filter = filterExpression(input.filter, 'filter');
  if (filter) request.filter = filter;
  return request;
}

function tablesOf(payload: unknown, helper: string): Input {
  const input = requireInput(payload, helper);
  if (!isPlainObject(input.tables)) throw new UtilUsageError(`ddb.${helper}: tables is required`);
  return input.tables;
}

function listOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UtilUsageError(`${what} must be a list`);
  return value;
}

export function batchGet(payload: unknown) {
  const tables: Input = {};
  for (const [table, spec] of Object.entries(tablesOf(payload, 'batchGet'))) {
    if (!isPlainObject(spec)) throw new UtilUsageError(`ddb.batchGet: table ${table} needs {keys}`);
    const entry: Input = { keys: listOf(spec.keys, `keys of ${table}`).map((key) => typedKey(key, 'batchGet')) };
    withOptional(entry, spec, ['consistentRead']);
    const projection = projectionExpression(spec.projection);
    if (projection) entry.projection = projection;
    tables[table] = entry;
  }
  return { operation: 'BatchGetItem', tables };
}

export function batchPut(payload: unknown) {
  const tables: Input = {};
  for (const [table, items] of Object.entries(tablesOf(payload, 'batchPut'))) {
    tables[table] = listOf(items, `items of ${table}`).map((item) => toMapValues(item));
  }
  return { operation: 'BatchPutItem', tables };
}

export function batchDelete(payload: unknown) {
  const tables: Input = {};
  for (const [table, keys] of Object.entries(tablesOf(payload, 'batchDelete'))) {
    tables[table] = listOf(keys, `keys of ${table}`).map((key) => typedKey(key, 'batchDelete'));
  }
  return { operation: 'BatchDeleteItem', tables };
}

function itemsOf(payload: unknown, helper: string): Input[] {
  const input = requireInput(payload, helper);
  return listOf(input.items, `ddb.${helper}: items`).map((item) => requireInput(item, helper));
}

export function transactGet(payload: unknown) {
  const transactItems = itemsOf(payload, 'transactGet').map((item) => {
    const entry: Input = { table: item.table, key: typedKey(item.key, 'transactGet') };
    const projection = projectionExpression(item.projection);
    if (projection) entry.projection = projection;
    return entry;
  });
  return { operation: 'TransactGetItems', transactItems };
}

function transactWriteItem(item: Input): Input {
  const [kind, spec] = Object.entries(item)[0] ?? [];
  if (!isPlainObject(spec))
    throw new UtilUsageError('ddb.transactWrite: each item needs putItem, updateItem, deleteItem or conditionCheck');
  const base = { table: spec.table, key: typedKey(spec.key, 'transactWrite') };
  switch (kind) {
    case 'putItem':
      return { ...base, operation: 'PutItem', attributeValues: toMapValues(spec.item ?? {}), ...conditionOf(spec) };
    case 'updateItem':
      return { ...base, operation: 'UpdateItem', update: toUpdateExpression(spec.update), ...conditionOf(spec) };
    case 'deleteItem':
      return { ...base, operation: 'DeleteItem', ...conditionOf(spec) };
    case 'conditionCheck':
      return { ...base, operation: 'ConditionCheck', ...conditionOf(spec) };
    default:
      throw new UtilUsageError(`ddb.transactWrite: unknown item kind '${String(kind)}'`);
  }
}

export function transactWrite(payload: unknown) {
  return { operation: 'TransactWriteItems', transactItems: itemsOf(payload, 'transactWrite').map(transactWriteItem) };
}

export const toStringSet = (list: string[]) => ({ SS: list });
export const toNumberSet = (numbers: number[]) => ({ NS: numbers });
export const toBinarySet = (values: string[]) => ({ BS: values });

export { operations };
