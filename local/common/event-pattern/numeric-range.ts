import { InvalidEventPatternError } from './errors.js';
import type { LeafTest } from './field-condition.js';
import type { JsonTokenReader } from './json-token-reader.js';

/**
 * `{"numeric": [">", 0, "<=", 5]}`: `=` alone, or at most one lower bound (`>`/`>=`) optionally followed by one
 * upper bound (`<`/`<=`), or an upper bound alone. Values are IEEE-754 doubles and only JSON numbers match
 * (`"300"` never does). Reads the tokens after the opening `[`, up to and including the closing `]`.
 */
export function readNumericRange(reader: JsonTokenReader): LeafTest {
  if (reader.next() !== 'string') fail(`Invalid member in numeric match: ${reader.tokenText}`);
  const operator = reader.text;
  const operandToken = reader.next();
  switch (operator) {
    case '=': {
      if (operandToken !== 'number') fail('Value of equals must be numeric');
      const expected = Number(reader.text);
      expectEndOfNumericArray(reader);
      return (value) => value === expected;
    }
    case '>':
    case '>=': {
      if (operandToken !== 'number') fail(`Value of ${operator} must be numeric`);
      const lower = Number(reader.text);
      const lowerOpen = operator === '>';
      if (reader.next() === 'endArray') return rangeTest(lower, lowerOpen, Infinity, false);
      return readUpperBound(reader, lower, lowerOpen);
    }
    case '<':
    case '<=': {
      if (operandToken !== 'number') fail(`Value of ${operator} must be numeric`);
      const upper = Number(reader.text);
      expectEndOfNumericArray(reader);
      return rangeTest(-Infinity, false, upper, operator === '<');
    }
    default:
      fail(`Unrecognized numeric range operator: ${operator}`);
  }
}

/** Continues `[">", 0, …` at the token after the lower bound. */
function readUpperBound(reader: JsonTokenReader, lower: number, lowerOpen: boolean): LeafTest {
  if (reader.token !== 'string') fail(`Bad value in numeric range: ${reader.tokenText}`);
  const operator = reader.text;
  if (operator !== '<' && operator !== '<=') fail(`Bad numeric range operator: ${operator}`);
  if (reader.next() !== 'number') fail(`Value of ${operator} must be numeric`);
  const upper = Number(reader.text);
  if (reader.next() !== 'endArray') fail('Too many terms in numeric range expression');
  if (!(lower < upper)) fail('Bottom must be less than top');
  return rangeTest(lower, lowerOpen, upper, operator === '<');
}

function expectEndOfNumericArray(reader: JsonTokenReader): void {
  if (reader.next() !== 'endArray') fail('Too many elements in numeric expression');
}

function rangeTest(lower: number, lowerOpen: boolean, upper: number, upperOpen: boolean): LeafTest {
  return (value) =>
    typeof value === 'number' && (lowerOpen ? value > lower : value >= lower) && (upperOpen ? value < upper : value <= upper);
}

function fail(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
