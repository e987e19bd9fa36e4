/**
 * BatchGetItem, BatchPutItem and BatchDeleteItem. The request names its tables (mapped through
 * `resolveTableName`); results are keyed by the names used in the request and listed in request order,
 * with null where an item was not found or not processed. Unprocessed entries are returned, not retried,
 * as AppSync does.
 */
import { dataSourceErrorFrom, MappingTemplateError } from './errors.js';
import type { Invocation, InvocationOutcome } from './invocation.js';
import {
  asRequestObject,
  assertOnlyElements,
  ExpressionAttributes,
  isPresent,
  optionalBoolean,
  PROJECTION_ELEMENTS,
  requiredElement,
  requiredList,
  type RequestObject,
} from './request-elements.js';
import { fromWireMap, keyIdentity, toWireMap, wireItemsEqual, type WireMap } from './typed-values.js';

const BATCH_ELEMENTS = new Set(['version', 'operation', 'tables']);
const BATCH_GET_TABLE_ELEMENTS = new Set(['keys', 'consistentRead', 'projection']);

interface TableEntry {
  /** the name used in the request (and in the result) */
  name: string;
  /** the physical table */
  tableName: string;
  path: string;
  value: unknown;
}

export async function batchGetItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  const requestItems: Record<string, unknown> = {};
  const plans = tableEntries(request, invocation).map((table) => {
    const spec = asRequestObject(table.value, table.path);
    assertOnlyElements(spec, BATCH_GET_TABLE_ELEMENTS, table.path);
    const keys = requiredList(spec, 'keys', table.path).map((key, index) => toWireMap(key, `${table.path}[keys][${index}]`));
    const consistentRead = optionalBoolean(spec, 'consistentRead', table.path);
    const keyNames = keys.length ? Object.keys(keys[0]) : [];
    // Results come back unordered and are matched to the request by key, so the key attributes must be
    // projected; the ones the projection did not ask for are removed again afterwards.
    const unrequestedKeyNames: string[] = [];
    let projection = {};
    if (isPresent(spec, 'projection')) {
      const attributes = new ExpressionAttributes();
      let expression = attributes.add(spec.projection, `${table.path}[projection]`, PROJECTION_ELEMENTS);
      const projected = topLevelNames(expression, attributes);
      keyNames.forEach((name, index) => {
        if (projected.has(name)) return;
        attributes.addName(`#appsyncLocalKey${index}`, name);
        expression += `, #appsyncLocalKey${index}`;
        unrequestedKeyNames.push(name);
      });
      projection = { ProjectionExpression: expression, ...attributes.toRequest() };
    }
    requestItems[table.tableName] = {
      Keys: keys,
      ...(consistentRead !== undefined ? { ConsistentRead: consistentRead } : {}),
      ...projection,
    };
    return { ...table, keys, keyNames, unrequestedKeyNames };
  });

  let output: { Responses?: Record<string, WireMap[]>; UnprocessedKeys?: Record<string, { Keys?: WireMap[] }> };
  try {
    output = await invocation.client.call('BatchGetItem', { RequestItems: requestItems });
  } catch (error) {
    return { result: null, error: dataSourceErrorFrom(error) };
  }
  const data: Record<string, unknown[]> = {};
  const unprocessedKeys: Record<string, unknown[]> = {};
  for (const plan of plans) {
    const found = new Map((output.Responses?.[plan.tableName] ?? []).map((item) => [keyIdentity(item, plan.keyNames), item]));
    data[plan.name] = plan.keys.map((key) => {
      const item = found.get(keyIdentity(key, plan.keyNames));
      if (!item) return null;
      const plain = fromWireMap(item);
      for (const name of plan.unrequestedKeyNames) delete plain[name];
      return plain;
    });
    unprocessedKeys[plan.name] = (output.UnprocessedKeys?.[plan.tableName]?.Keys ?? []).map(fromWireMap);
  }
  return { result: { data, unprocessedKeys } };
}

export async function batchPutItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  return batchWrite(request, invocation, 'PutRequest', 'Item', 'unprocessedItems');
}

export async function batchDeleteItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  return batchWrite(request, invocation, 'DeleteRequest', 'Key', 'unprocessedKeys');
}

async function batchWrite(
  request: RequestObject,
  invocation: Invocation,
  kind: 'PutRequest' | 'DeleteRequest',
  member: 'Item' | 'Key',
  unprocessedName: 'unprocessedItems' | 'unprocessedKeys',
): Promise<InvocationOutcome> {
  const requestItems: Record<string, unknown[]> = {};
  const plans = tableEntries(request, invocation).map((table) => {
    if (!Array.isArray(table.value)) throw new MappingTemplateError(`Expected JSON array for '${table.path}'.`);
    const entries = table.value.map((entry, index) => toWireMap(entry, `${table.path}[${index}]`));
    requestItems[table.tableName] = entries.map((entry) => ({ [kind]: { [member]: entry } }));
    return { ...table, entries };
  });

  let output: { UnprocessedItems?: Record<string, Array<Record<string, Record<string, WireMap>>>> };
  try {
    output = await invocation.client.call('BatchWriteItem', { RequestItems: requestItems });
  } catch (error) {
    return { result: null, error: dataSourceErrorFrom(error) };
  }
  const data: Record<string, unknown[]> = {};
  const unprocessed: Record<string, unknown[]> = {};
  for (const plan of plans) {
    const left = (output.UnprocessedItems?.[plan.tableName] ?? []).map((entry) => entry[kind][member]);
    data[plan.name] = plan.entries.map((entry) => (left.some((other) => wireItemsEqual(other, entry)) ? null : fromWireMap(entry)));
    unprocessed[plan.name] = left.map(fromWireMap);
  }
  return { result: { data, [unprocessedName]: unprocessed } };
}

function tableEntries(request: RequestObject, invocation: Invocation): TableEntry[] {
  assertOnlyElements(request, BATCH_ELEMENTS, '$');
  const tables = asRequestObject(requiredElement(request, 'tables', '$'), '$[tables]');
  const names = Object.keys(tables).filter((name) => tables[name] !== undefined);
  if (!names.length) throw new MappingTemplateError("'$[tables]' must name at least one table.");
  const seen = new Map<string, string>();
  return names.map((name) => {
    const tableName = invocation.resolveTableName(name);
    const other = seen.get(tableName);
    if (other !== undefined) throw new MappingTemplateError(`'$[tables][${other}]' and '$[tables][${name}]' both name table ${tableName}.`);
    seen.set(tableName, name);
    return { name, tableName, path: `$[tables][${name}]`, value: tables[name] };
  });
}

/** Top-level attribute names a projection expression selects (`a.b, #c[0]` -> a, <#c>). */
function topLevelNames(expression: string, attributes: ExpressionAttributes): Set<string> {
  return new Set(
    expression
      .split(',')
      .map((path) => path.trim().split(/[.[]/)[0].trim())
      .filter(Boolean)
      .map((name) => attributes.resolveName(name)),
  );
}
