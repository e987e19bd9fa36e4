import type { LeafTest } from './field-condition.js';

/*
 * String operators. They only ever match JSON strings: AWS compares them against the quoted JSON text of the
 * value, so numbers, booleans and null never start or end with a string pattern.
 */

export function prefixTest(prefix: string): LeafTest {
  return (value) => typeof value === 'string' && value.startsWith(prefix);
}

export function suffixTest(suffix: string): LeafTest {
  return (value) => typeof value === 'string' && value.endsWith(suffix);
}

/** `equals-ignore-case`; with several values it matches if any of them does. */
export function equalsIgnoreCaseTest(values: readonly string[]): LeafTest {
  const regex = new RegExp(`^(?:${values.map(escapeRegExp).join('|')})$`, 'iu');
  return (value) => typeof value === 'string' && regex.test(value);
}

export function prefixIgnoreCaseTest(prefix: string): LeafTest {
  const regex = new RegExp(`^${escapeRegExp(prefix)}`, 'iu');
  return (value) => typeof value === 'string' && regex.test(value);
}

export function suffixIgnoreCaseTest(suffix: string): LeafTest {
  // Sticky regex started where the suffix must begin: no scan of the whole value.
  // Unicode simple case folding keeps lengths, so the start offset is exact.
  const regex = new RegExp(`${escapeRegExp(suffix)}$`, 'iuy');
  return (value) => {
    if (typeof value !== 'string' || value.length < suffix.length) return false;
    regex.lastIndex = value.length - suffix.length;
    return regex.test(value);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
