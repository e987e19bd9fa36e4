import { describe, expect, it } from 'vitest';
import { compileEventPattern, EventBridgeValidationError, MAX_EVENT_PATTERN_LENGTH } from '../../local/common/event-pattern/index.js';
import { expectInvalid, matches } from './pattern-test-helpers.js';

describe('pattern structure', () => {
  it('treats dotted keys as nesting, in the pattern and in the event', () => {
    expect(matches({ detail: { 'a.b': ['x'] } }, { detail: { a: { b: 'x' } } })).toBe(true);
    expect(matches({ detail: { a: { b: ['x'] } } }, { 'detail.a': { b: 'x' } })).toBe(true);
    expect(matches({ 'a.b.c': ['x'] }, { a: { 'b.c': 'x' } })).toBe(true);
    expect(matches({ 'a.b': ['x'] }, { 'a.bx': 'x' })).toBe(false);
  });

  it('applies a repeated key in order: later wins, sibling paths of both stay', () => {
    const text = '{"detail": {"a": ["1"], "b": ["2"]}, "detail": {"a": ["3"]}}';
    expect(matches(text, { detail: { a: '3', b: '2' } })).toBe(true);
    expect(matches(text, { detail: { a: '1', b: '2' } })).toBe(false);
    expect(matches(text, { detail: { a: '3' } })).toBe(false);
  });

  it('is case-sensitive for keys and operators', () => {
    expect(matches({ Source: ['x'] }, { source: 'x' })).toBe(false);
    expectInvalid({ v: [{ Prefix: 'x' }] }, 'Unrecognized match type Prefix');
  });

  it('ignores object prototype names in events', () => {
    expect(matches({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matches({ toString: [{ exists: false }] }, {})).toBe(true);
  });

  it('accepts an object pattern, serialized as AWS would receive it', () => {
    expect(compileEventPattern({ source: ['x'] }).source).toBe('{"source":["x"]}');
  });

  it('limits the pattern text to 4096 characters', () => {
    const patternOfLength = (length: number) => {
      const text = `{"v": ["${'x'.repeat(length - 11)}"]}`;
      expect(text).toHaveLength(length);
      return text;
    };
    expect(() => compileEventPattern(patternOfLength(MAX_EVENT_PATTERN_LENGTH))).not.toThrow();
    expect(() => compileEventPattern(patternOfLength(MAX_EVENT_PATTERN_LENGTH + 1))).toThrow(EventBridgeValidationError);
  });

  it('reports the first problem in text order, as a streaming parser does', () => {
    expectInvalid('{"a": "x", "b": [oops]}', '"a" must be an object or an array');
    expectInvalid(
      '{"a": [oops], "b": "x"}',
      "Unrecognized token 'oops': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    );
  });

  it('reports malformed JSON with Jackson wording', () => {
    expectInvalid('{"a" ["x"]}', "Unexpected character ('[' (code 91)): was expecting a colon to separate field name and value");
    expectInvalid('{"a": ["x"] "b"}', "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries");
    expectInvalid('{"a": [01]}', 'Invalid numeric value: Leading zeroes not allowed');
    expectInvalid('{"a": ["\\q"]}', "Unrecognized character escape 'q' (code 113)");
    expectInvalid('', 'Filter is not an object');
  });

  it('rejects structural mistakes with AWS messages', () => {
    expectInvalid('{}', 'Empty objects are not allowed');
    expectInvalid({ a: {} }, 'Empty objects are not allowed');
    expectInvalid({ a: [['x']] }, 'Match value must be String, number, true, false, or null');
    expectInvalid({ a: [{}] }, 'Match expression name not found');
    expectInvalid({ a: true }, '"a" must be an object or an array');
  });

  it('does not match non-object events', () => {
    const pattern = compileEventPattern({ v: [{ exists: false }] });
    expect(pattern.matches([] as object)).toBe(false);
    expect(pattern.matches(null as unknown as object)).toBe(false);
  });
});
