/**
 * GetItem, PutItem, UpdateItem and DeleteItem, including AppSync's handling of a failed condition:
 * - PutItem: if the stored item already equals the one being written (ignoring `equalsIgnore`), the write
 *   counts as done and the stored item is the result (so retried mutations are idempotent);
 * - DeleteItem: if there is no item any more, the delete counts as done;
 * - UpdateItem: always an error.
 * AppSync reads the current item after the failure; asking DynamoDB for it with
 * `ReturnValuesOnConditionCheckFailure: ALL_OLD` gives the same answer, atomically and without a second call.
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
  type RequestObject,
} from './request-elements.js';
import { fromWireMap, toWireMap, wireItemsEqual, type WireMap } from './typed-values.js';

// Conflict-detection elements are accepted and have no effect: they only act on versioned data sources.
const VERSIONING_ELEMENTS = ['_version', 'customPartitionKey', 'populateIndexFields'];
const GET_ELEMENTS = new Set(['version', 'operation', 'key', 'consistentRead', 'projection']);
const PUT_ELEMENTS = new Set(['version', 'operation', 'key', 'attributeValues', 'condition', ...VERSIONING_ELEMENTS]);
const UPDATE_ELEMENTS = new Set(['version', 'operation', 'key', 'update', 'condition', ...VERSIONING_ELEMENTS]);
const DELETE_ELEMENTS = new Set(['version', 'operation', 'key', 'condition', ...VERSIONING_ELEMENTS]);
const CONDITION_ELEMENTS = new Set([...EXPRESSION_ELEMENTS, 'equalsIgnore', 'consistentRead', 'conditionalCheckFailedHandler']);
const HANDLER_ELEMENTS = new Set(['strategy', 'lambdaArn']);

export async function getItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, GET_ELEMENTS, '$');
  const attributes = new ExpressionAttributes();
  const key = requiredKey(request, '$');
  const consistentRead = optionalBoolean(request, 'consistentRead', '$');
  const projection = isPresent(request, 'projection')
    ? attributes.add(request.projection, '$[projection]', PROJECTION_ELEMENTS)
    : undefined;
  try {
    const output = await invocation.client.call<{ Item?: WireMap }>('GetItem', {
      TableName: invocation.tableName,
      Key: key,
      ...(consistentRead !== undefined ? { ConsistentRead: consistentRead } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...attributes.toRequest(),
    });
    return { result: output.Item ? fromWireMap(output.Item) : null };
  } catch (error) {
    return { result: null, error: dataSourceErrorFrom(error) };
  }
}

export async function putItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, PUT_ELEMENTS, '$');
  const key = requiredKey(request, '$');
  const attributeValues = isPresent(request, 'attributeValues') ? toWireMap(request.attributeValues, '$[attributeValues]') : {};
  // key attributes are not repeated in attributeValues (util.dynamodb put keeps them apart); the key wins
  const item: WireMap = { ...key, ...attributeValues, ...key };
  const attributes = new ExpressionAttributes();
  const condition = readCondition(request, attributes);
  try {
    await invocation.client.call('PutItem', {
      TableName: invocation.tableName,
      Item: item,
      ...(condition ? { ConditionExpression: condition.expression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
      ...attributes.toRequest(),
    });
    return { result: fromWireMap(item) };
  } catch (error) {
    const current = conditionFailureItem(error);
    if (current === undefined) return { result: null, error: dataSourceErrorFrom(error) };
    if (current && wireItemsEqual(current, item, condition!.equalsIgnore)) return { result: fromWireMap(current) };
    return { result: current ? fromWireMap(current) : null, error: dataSourceErrorFrom(error) };
  }
}

export async function updateItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, UPDATE_ELEMENTS, '$');
  const key = requiredKey(request, '$');
  const attributes = new ExpressionAttributes();
  const update = attributes.add(requiredElement(request, 'update', '$'), '$[update]');
  const condition = readCondition(request, attributes);
  try {
    const output = await invocation.client.call<{ Attributes?: WireMap }>('UpdateItem', {
      TableName: invocation.tableName,
      Key: key,
      UpdateExpression: update,
      ReturnValues: 'ALL_NEW',
      ...(condition ? { ConditionExpression: condition.expression } : {}),
      ...attributes.toRequest(),
    });
    return { result: output.Attributes ? fromWireMap(output.Attributes) : null };
  } catch (error) {
    // a failed condition is always an error for UpdateItem; AppSync's JS runtime leaves ctx.result empty
    return { result: null, error: dataSourceErrorFrom(error) };
  }
}

export async function deleteItem(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, DELETE_ELEMENTS, '$');
  const key = requiredKey(request, '$');
  const attributes = new ExpressionAttributes();
  const condition = readCondition(request, attributes);
  try {
    const output = await invocation.client.call<{ Attributes?: WireMap }>('DeleteItem', {
      TableName: invocation.tableName,
      Key: key,
      ReturnValues: 'ALL_OLD',
      ...(condition ? { ConditionExpression: condition.expression, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
      ...attributes.toRequest(),
    });
    return { result: output.Attributes ? fromWireMap(output.Attributes) : null };
  } catch (error) {
    const current = conditionFailureItem(error);
    if (current === null) return { result: null }; // already gone: the delete is done
    return { result: current ? fromWireMap(current) : null, error: dataSourceErrorFrom(error) };
  }
}

interface Condition {
  expression: string;
  equalsIgnore: ReadonlySet<string>;
}

/** The `condition` element, given as an object or as its JSON text (util.transform output). */
function readCondition(request: RequestObject, attributes: ExpressionAttributes): Condition | null {
  if (!isPresent(request, 'condition')) return null;
  let raw = request.condition;
  if (typeof raw === 'string') {
    const text = raw;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new MappingTemplateError(`Unable to parse the JSON document in '$[condition]': ${text.slice(0, 100)}`);
    }
  }
  const condition = asRequestObject(raw, '$[condition]');
  const expression = attributes.add(condition, '$[condition]', CONDITION_ELEMENTS);
  // consistentRead only tunes AppSync's read after a failure; the item comes back with the failure here
  optionalBoolean(condition, 'consistentRead', '$[condition]');
  const equalsIgnore = isPresent(condition, 'equalsIgnore') ? requiredList(condition, 'equalsIgnore', '$[condition]') : [];
  if (isPresent(condition, 'conditionalCheckFailedHandler')) {
    const handler = asRequestObject(condition.conditionalCheckFailedHandler, '$[condition][conditionalCheckFailedHandler]');
    assertOnlyElements(handler, HANDLER_ELEMENTS, '$[condition][conditionalCheckFailedHandler]');
    const strategy = handler.strategy ?? 'Reject';
    if (strategy === 'Custom') {
      throw new MappingTemplateError(
        "conditionalCheckFailedHandler strategy 'Custom' (a Lambda deciding on conflicts) is not supported by the local engine; use 'Reject'.",
      );
    }
    if (strategy !== 'Reject')
      throw new MappingTemplateError(
        `Unsupported value '${String(strategy)}' for '$[condition][conditionalCheckFailedHandler][strategy]'.`,
      );
  }
  return { expression, equalsIgnore: new Set(equalsIgnore.map(String)) };
}

/**
 * For a failed condition: the current item, or null when there is none. For any other error: undefined.
 */
function conditionFailureItem(error: unknown): WireMap | null | undefined {
  if (!(error instanceof DynamoDbError) || error.name !== 'ConditionalCheckFailedException') return undefined;
  return (error.item as WireMap | undefined) ?? null;
}
