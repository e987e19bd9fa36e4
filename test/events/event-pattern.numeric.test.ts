import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

const numeric = (...range: unknown[]) => ({ n: [{ numeric: range }] });

describe('numeric ranges', () => {
  it('honours open and closed bounds', () => {
    expect(matches(numeric('>', 0, '<=', 5), { n: 5 })).toBe(true);
    expect(matches(numeric('>', 0, '<=', 5), { n: 0 })).toBe(false);
    expect(matches(numeric('>=', 0, '<', 5), { n: 0 })).toBe(true);
    expect(matches(numeric('>=', 0, '<', 5), { n: 5 })).toBe(false);
    expect(matches(numeric('<', -1.5), { n: -2 })).toBe(true);
  });

  it('compares by value, whatever the JSON spelling', () => {
    expect(matches('{"n": [{"numeric": ["=", 3.018e2]}]}', { n: 301.8 })).toBe(true);
    expect(matches('{"n": [{"numeric": ["=", 300]}]}', JSON.parse('{"n": 3.0e2}'))).toBe(true);
  });

  it('uses IEEE doubles beyond the old ±5e9 limit', () => {
    expect(matches(numeric('>', 5e9), { n: 1e12 })).toBe(true);
    expect(matches(numeric('<', -1e300), { n: -1e301 })).toBe(true);
    // No rounding to 6 decimals: 0.1 + 0.2 is not 0.3.
    expect(matches(numeric('=', 0.30000000000000004), { n: 0.1 + 0.2 })).toBe(true);
    expect(matches(numeric('=', 0.3), { n: 0.1 + 0.2 })).toBe(false);
  });

  it('only matches JSON numbers', () => {
    for (const value of ['5', true, null, { v: 5 }]) expect(matches(numeric('>', 0), { n: value })).toBe(false);
  });

  it('rejects malformed ranges with AWS messages', () => {
    expectInvalid(numeric('>', 5, '<', 5), 'Bottom must be less than top');
    expectInvalid(numeric('>=', 5, '<=', 1), 'Bottom must be less than top');
    expectInvalid(numeric('<', 5, '>', 1), 'Too many elements in numeric expression');
    expectInvalid(numeric('=', 5, '<', 9), 'Too many elements in numeric expression');
    expectInvalid(numeric('>', 0, '<', 5, 6), 'Too many terms in numeric range expression');
    expectInvalid(numeric('>', 0, 5), 'Bad value in numeric range: 5');
    expectInvalid(numeric('!=', 5), 'Unrecognized numeric range operator: !=');
    expectInvalid(numeric(5), 'Invalid member in numeric match: 5');
    expectInvalid(numeric(), 'Invalid member in numeric match: ]');
    expectInvalid(numeric('=', '5'), 'Value of equals must be numeric');
    expectInvalid({ n: [{ numeric: ['>', 0], extra: 1 }] }, 'Too many elements in numeric expression');
  });
});
