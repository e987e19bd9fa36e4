import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

const anythingBut = (operand: unknown) => ({ v: [{ 'anything-but': operand }] });

describe('anything-but', () => {
  it('matches values of another type and booleans', () => {
    expect(matches(anythingBut(123), { v: '123' })).toBe(true);
    expect(matches(anythingBut('x'), { v: false })).toBe(true);
    expect(matches(anythingBut([1, 2]), { v: 2.0 })).toBe(false);
  });

  it('never matches a missing field or an object node', () => {
    expect(matches(anythingBut('x'), {})).toBe(false);
    expect(matches(anythingBut('x'), { v: { nested: 'y' } })).toBe(false);
  });

  it('supports nested operators with lists', () => {
    expect(matches(anythingBut({ suffix: ['.txt', '.md'] }), { v: 'a.md' })).toBe(false);
    expect(matches(anythingBut({ suffix: ['.txt', '.md'] }), { v: 'a.png' })).toBe(true);
    expect(matches(anythingBut({ 'equals-ignore-case': ['A', 'B'] }), { v: 'b' })).toBe(false);
    expect(matches(anythingBut({ wildcard: 'a\\*' }), { v: 'a*' })).toBe(false);
    expect(matches(anythingBut({ wildcard: 'a\\*' }), { v: 'ab' })).toBe(true);
  });

  it('combines with other values of the same field as OR', () => {
    const pattern = { v: [{ 'anything-but': { prefix: 'a' } }, 'apple'] };
    expect(matches(pattern, { v: 'apple' })).toBe(true);
    expect(matches(pattern, { v: 'avocado' })).toBe(false);
  });

  it('rejects malformed operands with AWS messages', () => {
    expectInvalid(anythingBut([]), 'Inside anything but list, either all values are number or string, mixed type is not supported');
    expectInvalid(anythingBut(['a', 1]), 'Inside anything but list, either all values are number or string, mixed type is not supported');
    expectInvalid(anythingBut([true]), 'Inside anything but list, start|null|boolean is not supported.');
    expectInvalid(anythingBut({ exactly: 'a' }), 'Unsupported anything-but pattern: exactly');
    expectInvalid(anythingBut({}), 'Anything-But expression name not found');
    expectInvalid(anythingBut({ prefix: ['a', ''] }), 'Null prefix/suffix not allowed');
    expectInvalid(anythingBut({ wildcard: 'a**' }), 'Consecutive wildcard characters at pos 2');
    expectInvalid({ v: [{ 'anything-but': 'a', prefix: 'b' }] }, 'Too many elements in numeric expression');
  });
});
