import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

const exists = (value: unknown) => ({ v: [{ exists: value }] });

describe('exists (leaf nodes only)', () => {
  it('counts null as a present value', () => {
    expect(matches(exists(true), { v: null })).toBe(true);
    expect(matches(exists(false), { v: null })).toBe(false);
  });

  it('does not see object nodes as present', () => {
    expect(matches(exists(true), { v: { c1: 100 } })).toBe(false);
    expect(matches(exists(false), { v: { c1: 100 } })).toBe(true);
    expect(matches(exists(false), { v: {} })).toBe(true);
  });

  it('sees an empty array as absent', () => {
    expect(matches(exists(true), { v: [] })).toBe(false);
    expect(matches(exists(false), { v: [] })).toBe(true);
  });

  it('ANDs with other fields', () => {
    const pattern = { source: ['s'], detail: { gone: [{ exists: false }] } };
    expect(matches(pattern, { source: 's', detail: {} })).toBe(true);
    expect(matches(pattern, { source: 't', detail: {} })).toBe(false);
  });

  it('requires a boolean', () => {
    expectInvalid(exists('true'), 'exists match pattern must be either true or false.');
    expectInvalid({ v: [{ exists: true, prefix: 'a' }] }, 'Only one key allowed in match expression');
  });
});
