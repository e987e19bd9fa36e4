import { describe, expect, it } from 'vitest';
import { matches } from './pattern-test-helpers.js';

// Decision: array-consistent matching (event-ruler's rulesForJSONEvent), see rule-matcher.ts.
describe('arrays in events', () => {
  const employees = {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };

  it('matches a field of any element of an array of objects', () => {
    expect(matches({ employees: { firstName: ['Anna'] } }, employees)).toBe(true);
  });

  it('requires two fields to come from the same array element', () => {
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false);
  });

  it('applies array consistency through nested arrays', () => {
    const nested = { employees: [[employees.employees[0], employees.employees[1]], [employees.employees[2]]] };
    expect(matches({ employees: { firstName: ['John'], lastName: ['Doe'] } }, nested)).toBe(true);
    expect(matches({ employees: { firstName: ['John'], lastName: ['Jones'] } }, nested)).toBe(false);
  });

  it('lets fields under different arrays match independently', () => {
    const event = { resources: ['r1', 'r2'], detail: { tags: [{ k: 'a' }, { k: 'b' }] } };
    expect(matches({ resources: ['r2'], detail: { tags: { k: ['a'] } } }, event)).toBe(true);
  });

  it('finds a consistent element even when the first candidate conflicts', () => {
    const event = {
      metrics: [
        { name: 'CPU', ns: 'AWS/EC2' },
        { name: 'CPU', ns: 'AWS/ES' },
      ],
    };
    expect(matches({ metrics: { name: ['CPU'], ns: ['AWS/ES'] } }, event)).toBe(true);
  });

  it('matches any element of an array of scalars, flattening arrays of arrays', () => {
    expect(matches({ resources: ['b'] }, { resources: ['a', 'b'] })).toBe(true);
    expect(matches({ resources: ['c'] }, { resources: [['a'], ['b', ['c']]] })).toBe(true);
    expect(matches({ resources: ['z'] }, { resources: ['a', 'b'] })).toBe(false);
  });

  it('matches anything-but when some element is not excluded', () => {
    expect(matches({ tags: [{ 'anything-but': 'a' }] }, { tags: ['a', 'b'] })).toBe(true);
    expect(matches({ tags: [{ 'anything-but': 'a' }] }, { tags: ['a', 'a'] })).toBe(false);
    expect(matches({ tags: [{ 'anything-but': 'a' }] }, { tags: [] })).toBe(false);
  });

  it('checks exists:false against the whole event, not per array element', () => {
    const event = { items: [{ id: 1 }, { id: 2, deleted: true }] };
    expect(matches({ items: { deleted: [{ exists: false }] } }, event)).toBe(false);
    expect(matches({ items: { deleted: [{ exists: false }] } }, { items: [{ id: 1 }] })).toBe(true);
    expect(matches({ items: { deleted: [{ exists: false }] } }, { items: [] })).toBe(true);
  });
});
