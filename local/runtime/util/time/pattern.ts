/**
 * Tokenizer for java.time.format.DateTimeFormatter patterns (DateTimeFormatterBuilder.appendPattern).
 */
import { UtilUsageError } from '../../signals.js';

export type PatternToken =
  { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string } | { kind: 'optional'; tokens: PatternToken[] };

const FIELD_LETTERS = new Set('GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZ');
/** Java's maximum run length per letter (longer runs are an IllegalArgumentException). */
const MAX_COUNT: Record<string, number> = {
  G: 5,
  u: 19,
  y: 19,
  Y: 19,
  D: 3,
  M: 5,
  L: 5,
  d: 2,
  Q: 5,
  q: 5,
  w: 2,
  W: 1,
  E: 5,
  e: 5,
  c: 5,
  F: 1,
  a: 1,
  B: 5,
  h: 2,
  K: 2,
  k: 2,
  H: 2,
  m: 2,
  s: 2,
  S: 9,
  A: 19,
  n: 19,
  N: 19,
  V: 2,
  v: 4,
  z: 4,
  O: 4,
  X: 5,
  x: 5,
  Z: 5,
};

const cache = new Map<string, PatternToken[]>();

export function tokenizePattern(pattern: string): PatternToken[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const stack: PatternToken[][] = [[]];
  const push = (t: PatternToken) => stack[stack.length - 1].push(t);
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (/[A-Za-z]/.test(ch)) {
      let count = 1;
      while (pattern[i + count] === ch) count++;
      if (!FIELD_LETTERS.has(ch)) throw new UtilUsageError(`Unknown pattern letter: ${ch}`);
      if (
        count > MAX_COUNT[ch] ||
        (ch === 'V' && count !== 2) ||
        (ch === 'O' && count !== 1 && count !== 4) ||
        (ch === 'v' && count !== 1 && count !== 4)
      ) {
        throw new UtilUsageError(`Too many pattern letters: ${ch}`);
      }
      push({ kind: 'field', letter: ch, count });
      i += count;
    } else if (ch === "'") {
      let text = '';
      let j = i + 1;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j++;
          } else break;
        } else text += pattern[j];
      }
      if (j >= pattern.length) throw new UtilUsageError(`Pattern ends with an incomplete string literal: ${pattern}`);
      push({ kind: 'literal', text: i + 1 === j ? "'" : text });
      i = j + 1;
    } else if (ch === '[') {
      const tokens: PatternToken[] = [];
      push({ kind: 'optional', tokens });
      stack.push(tokens);
      i++;
    } else if (ch === ']') {
      if (stack.length === 1) throw new UtilUsageError(`Pattern invalid as it contains ] without previous [`);
      stack.pop();
      i++;
    } else if (ch === '{' || ch === '}' || ch === '#') {
      throw new UtilUsageError(`Pattern includes reserved character: '${ch}'`);
    } else {
      push({ kind: 'literal', text: ch });
      i++;
    }
  }
  const tokens = stack[0];
  if (cache.size > 500) cache.clear();
  cache.set(pattern, tokens);
  return tokens;
}
