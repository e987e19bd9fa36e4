import { InvalidEventPatternError } from './errors.js';
import type { FieldConditionBuilder, LeafTest, LeafValue } from './field-condition.js';
import type { JsonTokenReader } from './json-token-reader.js';
import { equalsIgnoreCaseTest, prefixTest, suffixTest } from './string-operators.js';
import { matchesWildcard, parseWildcard, type WildcardSegments } from './wildcard.js';

/**
 * `anything-but` in all its forms: a string or number, a list of strings or of numbers, or one of
 * `{"prefix"|"suffix"|"equals-ignore-case"|"wildcard": string | [strings]}`.
 *
 * It matches any leaf the excluded values do not cover, so null, booleans and values of the other type match
 * (`{"anything-but": "x"}` matches null and 12). A missing field never matches: that is left to the engine,
 * which only calls tests for leaves that exist.
 */
type NestedKind = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';
const NESTED_KINDS: ReadonlySet<string> = new Set<NestedKind>(['equals-ignore-case', 'prefix', 'suffix', 'wildcard']);

/** Reads the operand after `"anything-but":` through the `}` closing the match expression. */
export function readAnythingBut(reader: JsonTokenReader, builder: FieldConditionBuilder): void {
  let nestedKind: NestedKind | null = null;
  let token = reader.next();
  if (token === 'startObject') {
    if (reader.next() !== 'fieldName') fail('Anything-But expression name not found');
    if (!NESTED_KINDS.has(reader.text)) fail(`Unsupported anything-but pattern: ${reader.text}`);
    nestedKind = reader.text as NestedKind;
    token = reader.next();
  }
  if (token !== 'startArray' && token !== 'string' && token !== 'number') {
    fail('Value of anything-but must be an array or single string/number value.');
  }

  if (nestedKind === null) {
    builder.addTest(token === 'startArray' ? readExcludedValueList(reader) : excludingValues([leafOf(reader)]));
  } else {
    const operands = token === 'startArray' ? readNestedOperandList(reader, nestedKind) : [nestedOperand(reader, nestedKind)];
    builder.addTest(excludingNested(nestedKind, operands));
  }

  // AWS's wording, even though nothing here is numeric.
  if (reader.next() !== 'endObject') fail('Too many elements in numeric expression');
  if (nestedKind !== null && reader.next() !== 'endObject') fail('Too many elements in numeric expression');
}

function readExcludedValueList(reader: JsonTokenReader): LeafTest {
  const values: LeafValue[] = [];
  let hasString = false;
  let hasNumber = false;
  for (let token = reader.next(); token !== 'endArray'; token = reader.next()) {
    if (token !== 'string' && token !== 'number') fail('Inside anything but list, start|null|boolean is not supported.');
    if (token === 'string') hasString = true;
    else hasNumber = true;
    values.push(leafOf(reader));
  }
  if (hasString === hasNumber) {
    fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return excludingValues(values);
}

function readNestedOperandList(reader: JsonTokenReader, kind: NestedKind): string[] {
  const operands: string[] = [];
  for (reader.next(); reader.token !== 'endArray'; reader.next()) operands.push(nestedOperand(reader, kind));
  return operands;
}

/** Validates the current token as one operand of a nested anything-but. */
function nestedOperand(reader: JsonTokenReader, kind: NestedKind): string {
  if (reader.token !== 'string') {
    if (kind === 'equals-ignore-case') {
      fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    }
    fail(kind === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string');
  }
  if ((kind === 'prefix' || kind === 'suffix') && reader.text === '') fail('Null prefix/suffix not allowed');
  return reader.text;
}

function excludingValues(excluded: readonly LeafValue[]): LeafTest {
  const set = new Set(excluded);
  return (value) => !set.has(value);
}

function excludingNested(kind: NestedKind, operands: readonly string[]): LeafTest {
  let excluded: LeafTest;
  switch (kind) {
    case 'equals-ignore-case':
      excluded = equalsIgnoreCaseTest(operands);
      break;
    case 'prefix':
      excluded = anyOf(operands.map(prefixTest));
      break;
    case 'suffix':
      excluded = anyOf(operands.map(suffixTest));
      break;
    case 'wildcard': {
      const parsed = operands.map((operand) => {
        const segments = parseWildcard(operand);
        if ('error' in segments) fail(segments.error);
        return segments;
      });
      excluded = (value) => typeof value === 'string' && parsed.some((segments: WildcardSegments) => matchesWildcard(segments, value));
      break;
    }
  }
  return (value) => !excluded(value);
}

function anyOf(tests: readonly LeafTest[]): LeafTest {
  return tests.length === 1 ? tests[0] : (value) => tests.some((test) => test(value));
}

function leafOf(reader: JsonTokenReader): LeafValue {
  return reader.token === 'number' ? Number(reader.text) : reader.text;
}

function fail(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
