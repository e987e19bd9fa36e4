/** Query and Scan: `{ items, nextToken, scannedCount }`, with nextTokens sealed to the calling resolver. */
import { dataSourceErrorFrom, INVALID_NEXT_TOKEN_ERROR, MappingTemplateError } from './errors.js';
import type { Invocation, InvocationOutcome } from './invocation.js';
import {
  assertOnlyElements,
  ExpressionAttributes,
  isPresent,
  optionalBoolean,
  optionalInteger,
  optionalString,
  PROJECTION_ELEMENTS,
  requiredElement,
  type RequestObject,
} from './request-elements.js';
import { fromWireMap, type WireMap } from './typed-values.js';

const COMMON_ELEMENTS = ['version', 'operation', 'index', 'nextToken', 'limit', 'consistentRead', 'select', 'filter', 'projection'];
const QUERY_ELEMENTS = new Set([...COMMON_ELEMENTS, 'query', 'scanIndexForward']);
const SCAN_ELEMENTS = new Set([...COMMON_ELEMENTS, 'totalSegments', 'segment']);
const SELECT_VALUES = new Set(['ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES', 'SPECIFIC_ATTRIBUTES']);

export function query(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, QUERY_ELEMENTS, '$');
  const attributes = new ExpressionAttributes();
  const keyCondition = attributes.add(requiredElement(request, 'query', '$'), '$[query]');
  const scanIndexForward = optionalBoolean(request, 'scanIndexForward', '$');
  return list('Query', request, invocation, attributes, {
    KeyConditionExpression: keyCondition,
    ...(scanIndexForward !== undefined ? { ScanIndexForward: scanIndexForward } : {}),
  });
}

export function scan(request: RequestObject, invocation: Invocation): Promise<InvocationOutcome> {
  assertOnlyElements(request, SCAN_ELEMENTS, '$');
  const totalSegments = optionalInteger(request, 'totalSegments', '$');
  const segment = optionalInteger(request, 'segment', '$');
  return list('Scan', request, invocation, new ExpressionAttributes(), {
    ...(totalSegments !== undefined ? { TotalSegments: totalSegments } : {}),
    ...(segment !== undefined ? { Segment: segment } : {}),
  });
}

async function list(
  operation: 'Query' | 'Scan',
  request: RequestObject,
  invocation: Invocation,
  attributes: ExpressionAttributes,
  specific: Record<string, unknown>,
): Promise<InvocationOutcome> {
  const index = optionalString(request, 'index', '$');
  const limit = optionalInteger(request, 'limit', '$');
  const consistentRead = optionalBoolean(request, 'consistentRead', '$');
  const select = optionalString(request, 'select', '$');
  if (select !== undefined && !SELECT_VALUES.has(select)) throw new MappingTemplateError(`Unsupported value '${select}' for '$[select]'.`);
  const filter = isPresent(request, 'filter') ? attributes.add(request.filter, '$[filter]') : undefined;
  const projection = isPresent(request, 'projection')
    ? attributes.add(request.projection, '$[projection]', PROJECTION_ELEMENTS)
    : undefined;

  const binding = { tokenScope: invocation.tokenScope, tableName: invocation.tableName, index };
  const nextToken = optionalString(request, 'nextToken', '$');
  let exclusiveStartKey: WireMap | null = null;
  if (nextToken !== undefined) {
    exclusiveStartKey = invocation.tokens.decode(nextToken, binding);
    if (!exclusiveStartKey) return { result: null, error: INVALID_NEXT_TOKEN_ERROR };
  }
  try {
    const output = await invocation.client.call<{ Items?: WireMap[]; ScannedCount?: number; LastEvaluatedKey?: WireMap }>(operation, {
      TableName: invocation.tableName,
      ...specific,
      ...(index !== undefined ? { IndexName: index } : {}),
      ...(limit !== undefined ? { Limit: limit } : {}),
      ...(consistentRead !== undefined ? { ConsistentRead: consistentRead } : {}),
      ...(select !== undefined ? { Select: select } : {}),
      ...(filter ? { FilterExpression: filter } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
      ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
      ...attributes.toRequest(),
    });
    return {
      result: {
        items: (output.Items ?? []).map(fromWireMap),
        nextToken: output.LastEvaluatedKey ? invocation.tokens.encode(output.LastEvaluatedKey, binding) : null,
        scannedCount: output.ScannedCount ?? 0,
      },
    };
  } catch (error) {
    return { result: null, error: dataSourceErrorFrom(error) };
  }
}
