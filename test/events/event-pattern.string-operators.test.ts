import { describe, expect, it } from 'vitest';
import { expectInvalid, matches } from './pattern-test-helpers.js';

describe('exact values', () => {
  it('keeps strings, numbers, booleans and null apart', () => {
    expect(matches({ v: ['300'] }, { v: 300 })).toBe(false);
    expect(matches({ v: [300] }, { v: '300' })).toBe(false);
    expect(matches({ v: ['true'] }, { v: true })).toBe(false);
    expect(matches({ v: [null] }, { v: '' })).toBe(false);
    expect(matches({ v: [''] }, { v: null })).toBe(false);
    expect(matches({ v: [0] }, { v: false })).toBe(false);
  });

  it('compares numbers by value', () => {
    expect(matches('{"v": [3e2]}', JSON.parse('{"v": 300.0}'))).toBe(true);
    expect(matches({ v: [-0] }, { v: 0 })).toBe(true);
  });
});

describe('prefix and suffix', () => {
  it('are case-sensitive and only match strings', () => {
    expect(matches({ v: [{ prefix: 'us-' }] }, { v: 'us-east-1' })).toBe(true);
    expect(matches({ v: [{ prefix: 'us-' }] }, { v: 'US-east-1' })).toBe(false);
    expect(matches({ v: [{ prefix: '1' }] }, { v: 123 })).toBe(false);
    expect(matches({ v: [{ suffix: '' }] }, { v: 123 })).toBe(false);
    expect(matches({ v: [{ suffix: '.png' }] }, { v: 'a.PNG' })).toBe(false);
  });

  it('have equals-ignore-case forms', () => {
    expect(matches({ v: [{ prefix: { 'equals-ignore-case': 'ÉVÉ' } }] }, { v: 'événement' })).toBe(true);
    expect(matches({ v: [{ suffix: { 'equals-ignore-case': '.PNG' } }] }, { v: 'a.png' })).toBe(true);
    expect(matches({ v: [{ suffix: { 'equals-ignore-case': 'long-suffix' } }] }, { v: 'fix' })).toBe(false);
    expect(matches({ v: [{ prefix: { 'equals-ignore-case': 'a.' } }] }, { v: 'ab' })).toBe(false);
  });

  it('reject malformed ignore-case forms', () => {
    expectInvalid({ v: [{ prefix: { 'equals-ignore-case': 1 } }] }, 'equals-ignore-case match pattern must be a string');
    expectInvalid({ v: [{ prefix: { exact: 'x' } }] }, 'Unsupported prefix pattern: exact');
    expectInvalid({ v: [{ suffix: {} }] }, 'Suffix expression name not found');
    expectInvalid({ v: [{ prefix: 'a', suffix: 'b' }] }, 'Only one key allowed in match expression');
  });
});

describe('equals-ignore-case', () => {
  it('folds case, including non-ASCII letters, and treats regex characters literally', () => {
    expect(matches({ v: [{ 'equals-ignore-case': 'STRASSE.Ä' }] }, { v: 'strasse.ä' })).toBe(true);
    expect(matches({ v: [{ 'equals-ignore-case': 'a.c' }] }, { v: 'abc' })).toBe(false);
    expect(matches({ v: [{ 'equals-ignore-case': '1' }] }, { v: 1 })).toBe(false);
  });
});
