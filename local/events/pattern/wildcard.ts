import type { LeafTest } from './field-condition.js';

/**
 * Wildcard patterns: `*` matches zero or more characters, `\*` is a literal star, `\\` a literal backslash.
 * A parsed wildcard is its literal segments between stars, e.g. `a*b\*c*` → ["a", "b*c", ""].
 */
export type WildcardSegments = readonly string[];

/**
 * Parses a wildcard, or returns the AWS reason it is invalid.
 * AWS reports positions as UTF-8 byte offsets in the value wrapped in its JSON quotes, hence the `+ 1`
 * (`arn:aws:events:us-east-1:**` → "pos 26").
 */
export function parseWildcard(source: string): WildcardSegments | { error: string } {
  const segments: string[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '*') {
      if (source[i + 1] === '*') return { error: `Consecutive wildcard characters at pos ${quotedByteOffset(source, i)}` };
      segments.push(literal);
      literal = '';
    } else if (ch === '\\') {
      const escaped = source[i + 1];
      if (escaped !== '*' && escaped !== '\\') return { error: `Invalid escape character at pos ${quotedByteOffset(source, i)}` };
      literal += escaped;
      i++;
    } else {
      literal += ch;
    }
  }
  segments.push(literal);
  return segments;
}

function quotedByteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8') + 1;
}

export function wildcardTest(segments: WildcardSegments): LeafTest {
  return (value) => typeof value === 'string' && matchesWildcard(segments, value);
}

/** Greedy leftmost placement of the middle segments is optimal when `*` is the only metacharacter. */
export function matchesWildcard(segments: WildcardSegments, value: string): boolean {
  const first = segments[0];
  if (segments.length === 1) return value === first;
  const last = segments[segments.length - 1];
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let position = first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = value.indexOf(segments[i], position);
    if (found < 0 || found + segments[i].length > end) return false;
    position = found + segments[i].length;
  }
  return true;
}

/**
 * AWS rejects wildcards of one field whose automaton can be in too many states at once ("Rule is too complex").
 * event-ruler measures the worst case number of simultaneously reachable wildcard-pattern states; AWS's limit is
 * reported as more than 10. We approximate that: simulate the NFA of all wildcards of one path over every
 * reachable set of states and count the pending positions. Calibrated on the AWS corpus:
 * `*:*:*:*:*:event-bus/*` reaches 11 (rejected); `/Users/*\/dir/dir/dir/dir/dir/doc.txt` stays below.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;
const STAR = Symbol('star');
const END = Symbol('end');
/** Stands for every character that appears in no pattern. */
const OTHER_CHARACTER = '\u{10FFFF}';
/** Safety valve for very long patterns: stop exploring (and accept) after this many state sets. */
const MAX_EXPLORED_STATE_SETS = 20_000;

export function wildcardComplexity(wildcards: readonly WildcardSegments[]): number {
  // Flatten every pattern into one token list: a position is an index into it; STAR loops, END accepts.
  const tokens: Array<string | typeof STAR | typeof END> = [];
  const starts: number[] = [];
  for (const segments of wildcards) {
    starts.push(tokens.length);
    segments.forEach((literal, index) => {
      for (const ch of literal) tokens.push(ch);
      if (index < segments.length - 1) tokens.push(STAR);
    });
    tokens.push(END);
  }
  const alphabet = new Set<string>();
  for (const token of tokens) if (typeof token === 'string') alphabet.add(token);
  alphabet.add(OTHER_CHARACTER);

  const closure = (positions: Iterable<number>): number[] => {
    const result = new Set<number>();
    for (let position of positions) {
      result.add(position);
      while (tokens[position] === STAR) result.add(++position);
    }
    return [...result].sort((a, b) => a - b);
  };
  const pendingCount = (positions: number[]) => positions.filter((p) => tokens[p] !== END).length;

  const initial = closure(starts);
  let maximum = pendingCount(initial);
  const seen = new Set<string>([initial.join(',')]);
  const queue = [initial];
  while (queue.length > 0 && seen.size < MAX_EXPLORED_STATE_SETS) {
    const positions = queue.shift()!;
    for (const ch of alphabet) {
      const nextPositions: number[] = [];
      for (const position of positions) {
        const token = tokens[position];
        if (token === STAR) nextPositions.push(position);
        else if (token === ch) nextPositions.push(position + 1);
      }
      if (nextPositions.length === 0) continue;
      const next = closure(nextPositions);
      maximum = Math.max(maximum, pendingCount(next));
      if (maximum > MAX_WILDCARD_COMPLEXITY) return maximum;
      const key = next.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return maximum;
}
