/**
 * TransactGetItems and TransactWriteItems. Success: `{items|keys: [...], cancellationReasons: null}`.
 * Cancelled: `{items|keys: null, cancellationReasons: [{type, message, item?}]}`, one reason per request
 * item in order, plus `ctx.error` of type `DynamoDB:TransactionCanceledException`.
 */
import { DynamoDbError } from '../../dynamodb/errors.js';
import { dataSourceErrorFrom, MappingTemplateError } from './errors.js';
import type { Invocation, InvocationOutcome } from './invocation.js';
import {
  asRequestObject,
  assertOnlyElements,
  EXPRESSION_ELEMENTS,
  ExpressionAttributes,
  isPresent,
  optionalBoolean,
  PROJECTION_ELEMENTS,
  requiredElement,
  requiredKey,
  requiredList,
  requiredString,
  type RequestObject,
} from './request-elements.js';
import { fromWireMap, toWireMap, type WireMap } from './typed-values.js';

const TRANSACT_ELEMENTS = new Set(['version', 'operation', 'transactItems']);
const GET_ITEM_ELEMENTS = new Set(['table', 'key', 'projection']);
const WRITE_ITEM_ELEMENTS: Record<string, ReadonlySet<string>> = {
  PutItem: new Set(['table', 'operation', 'key', 'attributeValues', 'condition']),
  UpdateItem: new Set(['table', 'operation', 'key', 'update', 'condition']),
  DeleteItem: new Set(['table', 'operation', 'key', 'condition']),
  ConditionCheck: new Set(['table', 'operation', 'key', 'condition']),
};
const TRANSACT_CONDITION_ELEMENTS = new Set([...EXPRESSION_ELEMENTS, 'returnValuesOnConditionCheckFailure']);

export async function transactGetItems(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  const transactItems = transactItemsOf(request).map((entry, index) => {
    const path = `$[transactItems][${index}]`;
    const item = asRequestObject(entry, path);
    assertOnlyElements(item, GET_ITEM_ELEMENTS, path);
    const attributes = new ExpressionAttributes();
    const projection = isPresent(item, 'projection')
      ? attributes.add(item.projection, `${path}[projection]`, PROJECTION_ELEMENTS)
      : undefined;
    return {
      Get: {
        TableName: invocation.resolveTableName(requiredString(item, 'table', path)),
        Key: requiredKey(item, path),
        ...(projection ? { ProjectionExpression: projection } : {}),
        ...attributes.toRequest(),
      },
    };
  });
  try {
    const output = await invocation.client.call<{ Responses?: Array<{ Item?: WireMap }> }>('TransactGetItems', {
      TransactItems: transactItems,
    });
    return {
      result: {
        items: (output.Responses ?? []).map((response) => (response.Item ? fromWireMap(response.Item) : null)),
        cancellationReasons: null,
      },
    };
  } catch (error) {
    return cancelled(error, 'items');
  }
}

export async function transactWriteItems(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  const keys: WireMap[] = [];
  const transactItems = transactItemsOf(request).map((entry, index) => {
    const path = `$[transactItems][${index}]`;
    const item = asRequestObject(entry, path);
    const operation = requiredString(item, 'operation', path);
    const allowed = WRITE_ITEM_ELEMENTS[operation];
    if (!allowed) throw new MappingTemplateError(`Unsupported operation '${operation}' at '${path}[operation]'.`);
    assertOnlyElements(item, allowed, path);
    const key = requiredKey(item, path);
    keys.push(key);
    const attributes = new ExpressionAttributes();
    const target = { TableName: invocation.resolveTableName(requiredString(item, 'table', path)) };
    const update =
      operation === 'UpdateItem' ? { UpdateExpression: attributes.add(requiredElement(item, 'update', path), `${path}[update]`) } : {};
    if (operation === 'ConditionCheck') requiredElement(item, 'condition', path);
    const condition = isPresent(item, 'condition') ? transactCondition(item.condition, `${path}[condition]`, attributes) : {};
    const common = { ...target, ...update, ...condition, ...attributes.toRequest() };
    switch (operation) {
      case 'PutItem': {
        const attributeValues = isPresent(item, 'attributeValues') ? toWireMap(item.attributeValues, `${path}[attributeValues]`) : {};
        return { Put: { ...common, Item: { ...key, ...attributeValues, ...key } } };
      }
      case 'UpdateItem':
        return { Update: { ...common, Key: key } };
      case 'DeleteItem':
        return { Delete: { ...common, Key: key } };
      default:
        return { ConditionCheck: { ...common, Key: key } };
    }
  });
  try {
    await invocation.client.call('TransactWriteItems', { TransactItems: transactItems });
    return { result: { keys: keys.map(fromWireMap), cancellationReasons: null } };
  } catch (error) {
    return cancelled(error, 'keys');
  }
}

function transactItemsOf(request: RequestObject): unknown[] {
  assertOnlyElements(request, TRANSACT_ELEMENTS, '$');
  return requiredList(request, 'transactItems', '$');
}

function transactCondition(value: unknown, path: string, attributes: ExpressionAttributes): Record<string, string> {
  const condition = asRequestObject(value, path);
  const expression = attributes.add(condition, path, TRANSACT_CONDITION_ELEMENTS);
  // AppSync returns the current item in the cancellation reason unless this is explicitly false
  const returnItem = optionalBoolean(condition, 'returnValuesOnConditionCheckFailure', path) ?? true;
  return { ConditionExpression: expression, ...(returnItem ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}) };
}

function cancelled(error: unknown, resultName: 'items' | 'keys'): InvocationOutcome {
  const reasons = error instanceof DynamoDbError && error.name === 'TransactionCanceledException' ? error.cancellationReasons : undefined;
  if (!reasons) return { result: null, error: dataSourceErrorFrom(error) };
  return {
    result: {
      [resultName]: null,
      // DynamoDB leaves Message out for items that did not cause the cancellation; AppSync shows "None"
      cancellationReasons: reasons.map((reason) => ({
        type: reason.Code ?? 'None',
        message: reason.Message ?? reason.Code ?? 'None',
        ...(reason.Item ? { item: fromWireMap(reason.Item as WireMap) } : {}),
      })),
    },
    error: dataSourceErrorFrom(error),
  };
}
