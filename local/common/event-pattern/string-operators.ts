import type { LeafTest } from './field-condition.js';

/*
 * String operators. They only ever match JSON strings: AWS compares them against the quoted JSON text of the
 * value, so numbers, booleans and null never start or end with a string pattern.
 *
 * Ignoring case means comparing `toLowerCase()` forms (locale-independent), like event-ruler, which matches each
 * character against its Java lower- and upper-case variants.
 */

export function prefixTest(prefix: string): LeafTest {
  return (value) => typeof value === 'string' && value.startsWith(prefix);
}

export function suffixTest(suffix: string): LeafTest {
  return (value) => typeof value === 'string' && value.endsWith(suffix);
}

export function prefixIgnoreCaseTest(prefix: string): LeafTest {
  const lowerPrefix = prefix.toLowerCase();
  return (value) => typeof value === 'string' && value.toLowerCase().startsWith(lowerPrefix);
}

export function suffixIgnoreCaseTest(suffix: string): LeafTest {
  const lowerSuffix = suffix.toLowerCase();
  return (value) => typeof value === 'string' && value.toLowerCase().endsWith(lowerSuffix);
}

/** Matches a string equal, ignoring case, to any of the values. */
export function equalsIgnoreCaseTest(values: readonly string[]): LeafTest {
  const lowerValues = new Set(values.map((value) => value.toLowerCase()));
  return (value) => typeof value === 'string' && lowerValues.has(value.toLowerCase());
}
