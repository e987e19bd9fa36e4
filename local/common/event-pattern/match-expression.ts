import { readAnythingBut } from './anything-but.js';
import { parseCidr } from './cidr.js';
import { InvalidEventPatternError } from './errors.js';
import type { FieldConditionBuilder } from './field-condition.js';
import type { JsonTokenReader } from './json-token-reader.js';
import { readNumericRange } from './numeric-range.js';
import { prefixIgnoreCaseTest, prefixTest, suffixIgnoreCaseTest, suffixTest } from './string-operators.js';
import { parseWildcard, wildcardTest } from './wildcard.js';

/**
 * Reads one operator object of a field's value list (`{"prefix": "us-"}`, `{"numeric": [...]}`, ...), from the
 * token after its `{` through its `}`, and adds it to the field. Operator names are case-sensitive.
 */
export function readMatchExpression(reader: JsonTokenReader, builder: FieldConditionBuilder): void {
  if (reader.next() !== 'fieldName') fail('Match expression name not found');
  const operator = reader.text;
  switch (operator) {
    case 'prefix':
      return readStringOperator(reader, builder, 'prefix', prefixTest, prefixIgnoreCaseTest);
    case 'suffix':
      return readStringOperator(reader, builder, 'suffix', suffixTest, suffixIgnoreCaseTest);
    case 'equals-ignore-case': {
      if (reader.next() !== 'string') fail('equals-ignore-case match pattern must be a string');
      builder.addIgnoreCaseValue(reader.text);
      return expectSingleKey(reader);
    }
    case 'wildcard': {
      if (reader.next() !== 'string') fail('wildcard match pattern must be a string');
      const segments = parseWildcard(reader.text);
      if ('error' in segments) fail(segments.error);
      builder.addWildcard(reader.text);
      builder.addTest(wildcardTest(segments));
      return expectSingleKey(reader);
    }
    case 'numeric': {
      if (reader.next() !== 'startArray') fail('Value of numeric must be an array.');
      builder.addTest(readNumericRange(reader));
      if (reader.next() !== 'endObject') fail('Too many elements in numeric expression');
      return;
    }
    case 'anything-but':
      return readAnythingBut(reader, builder);
    case 'exists': {
      const token = reader.next();
      if (token !== 'true' && token !== 'false') fail('exists match pattern must be either true or false.');
      builder.addExists(token === 'true');
      return expectSingleKey(reader);
    }
    case 'cidr': {
      // AWS really says "prefix" here.
      if (reader.next() !== 'string') fail('prefix match pattern must be a string');
      const test = parseCidr(reader.text);
      if ('error' in test) fail(test.error);
      builder.addTest(test);
      return expectSingleKey(reader);
    }
    default:
      fail(`Unrecognized match type ${operator}`);
  }
}

/** `prefix` / `suffix`: a string, or `{"equals-ignore-case": string}` for the case-insensitive form. */
function readStringOperator(
  reader: JsonTokenReader,
  builder: FieldConditionBuilder,
  operator: 'prefix' | 'suffix',
  caseSensitiveTest: typeof prefixTest,
  ignoreCaseTest: typeof prefixTest,
): void {
  const token = reader.next();
  if (token === 'startObject') {
    const label = operator === 'prefix' ? 'Prefix' : 'Suffix';
    if (reader.next() !== 'fieldName') fail(`${label} expression name not found`);
    if (reader.text !== 'equals-ignore-case') fail(`Unsupported ${operator} pattern: ${reader.text}`);
    if (reader.next() !== 'string') fail('equals-ignore-case match pattern must be a string');
    builder.addTest(ignoreCaseTest(reader.text));
    expectSingleKey(reader);
    return expectSingleKey(reader);
  }
  if (token !== 'string') fail(`${operator} match pattern must be a string`);
  builder.addTest(caseSensitiveTest(reader.text));
  expectSingleKey(reader);
}

function expectSingleKey(reader: JsonTokenReader): void {
  if (reader.next() !== 'endObject') fail('Only one key allowed in match expression');
}

function fail(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
