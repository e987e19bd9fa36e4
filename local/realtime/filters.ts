/**
 * Subscription filters, compiled once per subscription into a predicate over a published payload.
 *  - basic: the subscription's arguments must equal the payload's fields of the same name (omitted = no filter,
 *    explicit null = the field must be null);
 *  - enhanced (extensions.setSubscriptionFilter, also used for invalidation filters):
 *    {filterGroup:[{filters:[{fieldName, operator, value}]}]}, AND within a group, OR across groups, dot paths.
 */
import { isDeepStrictEqual } from 'node:util';

export type PayloadPredicate = (payload: unknown) => boolean;

/** A filter definition beyond AppSync's limits: the subscription is refused. */
export class FilterDefinitionError extends Error {}

const MAX_PATH_DEPTH = 5;
const MAX_FIELDS_PER_GROUP = 5;
const MAX_FILTERS_PER_GROUP = 10;
const MAX_STRING_LENGTH = 256;
const MAX_VALUES: Record<string, number> = { in: 5, notIn: 5, containsAny: 20 };

type Operator = (actual: unknown, expected: unknown) => boolean;

type Comparable = number | string;
const comparable = (a: unknown, b: unknown): a is Comparable =>
  (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
/** lt/le/gt/ge compare numbers with numbers and strings with strings; anything else does not match */
const ordered =
  (holds: (actual: Comparable, expected: Comparable) => boolean): Operator =>
  (actual, expected) =>
    comparable(actual, expected) && holds(actual, expected as Comparable);
const isPrimitive = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

const contains: Operator = (actual, expected) =>
  typeof actual === 'string'
    ? typeof expected === 'string' && actual.includes(expected)
    : Array.isArray(actual) && actual.some((element) => element === expected);

const OPERATORS: Record<string, Operator> = {
  eq: (actual, expected) => isPrimitive(actual) && actual === expected,
  ne: (actual, expected) => actual !== expected,
  lt: ordered((actual, expected) => actual < expected),
  le: ordered((actual, expected) => actual <= expected),
  gt: ordered((actual, expected) => actual > expected),
  ge: ordered((actual, expected) => actual >= expected),
  contains,
  notContains: (actual, expected) => !contains(actual, expected),
  beginsWith: (actual, expected) => typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected),
  in: (actual, expected) => Array.isArray(expected) && expected.some((candidate) => candidate === actual),
  notIn: (actual, expected) => Array.isArray(expected) && !expected.some((candidate) => candidate === actual),
  between: (actual, expected) =>
    Array.isArray(expected) && expected.length === 2 && OPERATORS.ge(actual, expected[0]) && OPERATORS.le(actual, expected[1]),
  containsAny: (actual, expected) =>
    Array.isArray(expected) && (Array.isArray(actual) ? actual.some((element) => expected.includes(element)) : expected.includes(actual)),
};
// The documentation's examples write lte/gte where its operator table says le/ge: AppSync takes both.
OPERATORS.lte = OPERATORS.le;
OPERATORS.gte = OPERATORS.ge;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function compileArgumentFilter(args: Record<string, unknown>): PayloadPredicate {
  const expected = Object.entries(args).filter(([, value]) => value !== undefined);
  if (expected.length === 0) return () => true;
  return (payload) => isObject(payload) && expected.every(([name, value]) => isDeepStrictEqual(payload[name] ?? null, value));
}

export function compileEnhancedFilter(definition: unknown): PayloadPredicate {
  if (!isObject(definition) || !Array.isArray(definition.filterGroup))
    throw new FilterDefinitionError('A subscription filter must be an object with a "filterGroup" array.');
  const groups = definition.filterGroup.map(compileGroup);
  // no groups at all (e.g. toSubscriptionFilter of an empty object) constrains nothing
  if (groups.length === 0) return () => true;
  return (payload) => groups.some((group) => group.every((filter) => filter(payload)));
}

function compileGroup(group: unknown): PayloadPredicate[] {
  if (!isObject(group) || !Array.isArray(group.filters))
    throw new FilterDefinitionError('Each filter group must be an object with a "filters" array.');
  const filters = group.filters.map(checkedFilter);
  if (new Set(filters.map((filter) => filter.fieldName)).size > MAX_FIELDS_PER_GROUP) {
    throw new FilterDefinitionError(`A filter group may name at most ${MAX_FIELDS_PER_GROUP} distinct fields.`);
  }
  // each value of an `in` is an alternative AppSync expands into its own filter
  const expanded = filters.reduce(
    (count, filter) => count + (filter.operator === 'in' && Array.isArray(filter.value) ? filter.value.length : 1),
    0,
  );
  if (expanded > MAX_FILTERS_PER_GROUP)
    throw new FilterDefinitionError(`A filter group may hold at most ${MAX_FILTERS_PER_GROUP} filters (each "in" value counts as one).`);
  return filters.flatMap(compileFilter);
}

interface FilterDefinition {
  fieldName: string;
  operator: string;
  value: unknown;
}

function checkedFilter(filter: unknown): FilterDefinition {
  if (!isObject(filter) || typeof filter.fieldName !== 'string' || filter.fieldName === '' || typeof filter.operator !== 'string') {
    throw new FilterDefinitionError('Each filter needs a "fieldName" string, an "operator" string and a "value".');
  }
  const values = Array.isArray(filter.value) ? filter.value : [filter.value];
  if (values.some((value) => typeof value === 'string' && value.length > MAX_STRING_LENGTH)) {
    throw new FilterDefinitionError(`Filter values on ${filter.fieldName} must be strings of at most ${MAX_STRING_LENGTH} characters.`);
  }
  const maxValues = MAX_VALUES[filter.operator];
  if (maxValues !== undefined && Array.isArray(filter.value) && filter.value.length > maxValues) {
    throw new FilterDefinitionError(`The "${filter.operator}" operator takes at most ${maxValues} values.`);
  }
  return { fieldName: filter.fieldName, operator: filter.operator, value: filter.value };
}

function compileFilter({ fieldName, operator, value }: FilterDefinition): PayloadPredicate[] {
  const path = fieldName.split('.');
  // AppSync ignores filters on paths deeper than five levels
  if (path.length > MAX_PATH_DEPTH) return [];
  // an unknown operator fails silently in AppSync; here it matches nothing, so nothing leaks through a typo
  const test = Object.hasOwn(OPERATORS, operator) ? OPERATORS[operator] : () => false;
  return [(payload) => test(readPath(payload, path), value)];
}

function readPath(payload: unknown, path: string[]): unknown {
  let value = payload;
  for (const key of path) {
    if (!isObject(value)) return null;
    value = value[key];
  }
  return value ?? null;
}
