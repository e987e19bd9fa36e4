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
 * event-ruler measures the worst-case number of simultaneously reachable wildcard-pattern states; AWS's limit is
 * undocumented. This is an approximation of that measure, not a port: simulate the NFA of all wildcards of one
 * path over every reachable set of states and count the distinct pending states, where patterns share their
 * states up to and including the first `*` (as event-ruler shares determinate prefixes). A limit of 10 agrees
 * with every observation we have: AWS rejects `*:*:*:*:*:event-bus/*` (11 here) and accepts `/Users/*\/dir/dir/dir/dir/dir/doc.txt`
 * (8) and `arn:aws:events:us-east-1:*:event-bus/*` (4); deployed rules show four `*.ext` wildcards accepted (9)
 * and four `*\/datasync/*.ext` rejected (17) while two of those are accepted (9).
 */
export const MAX_WILDCARD_COMPLEXITY = 10;
const STAR = Symbol('star');
const END = Symbol('end');
/** Stands for every character that appears in no pattern. */
const OTHER_CHARACTER = '\u{10FFFF}';
/** Safety valve for very long patterns: stop exploring (and accept) after this many state sets. */
const MAX_EXPLORED_STATE_SETS = 20_000;
/** A state is pattern * STATE_STRIDE + position; patterns are at most 4096 characters long. */
const STATE_STRIDE = 1 << 13;

type Token = string | typeof STAR | typeof END;

export function wildcardComplexity(wildcards: readonly WildcardSegments[]): number {
  const patterns = wildcards.map(toTokens);
  const identities = patterns.map(stateIdentities);
  const alphabet = new Set<string>([OTHER_CHARACTER]);
  for (const tokens of patterns) for (const token of tokens) if (typeof token === 'string') alphabet.add(token);

  const tokenAt = (state: number) => patterns[Math.floor(state / STATE_STRIDE)][state % STATE_STRIDE];
  /** A `*` can match nothing, so being before it also means being after it. */
  const closure = (states: Iterable<number>): number[] => {
    const result = new Set<number>();
    for (let state of states) {
      result.add(state);
      while (tokenAt(state) === STAR) result.add(++state);
    }
    return [...result].sort((a, b) => a - b);
  };
  const complexity = (states: readonly number[]): number => {
    const distinct = new Set<string>();
    for (const state of states) {
      if (tokenAt(state) !== END) distinct.add(identities[Math.floor(state / STATE_STRIDE)][state % STATE_STRIDE]);
    }
    return distinct.size;
  };

  const initial = closure(patterns.map((_, index) => index * STATE_STRIDE));
  let maximum = complexity(initial);
  const seen = new Set<string>([initial.join(',')]);
  const queue = [initial];
  for (let next = 0; next < queue.length && seen.size < MAX_EXPLORED_STATE_SETS; next++) {
    for (const ch of alphabet) {
      const advanced: number[] = [];
      for (const state of queue[next]) {
        const token = tokenAt(state);
        if (token === STAR) advanced.push(state);
        else if (token === ch) advanced.push(state + 1);
      }
      if (advanced.length === 0) continue;
      const states = closure(advanced);
      maximum = Math.max(maximum, complexity(states));
      if (maximum > MAX_WILDCARD_COMPLEXITY) return maximum;
      const key = states.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(states);
      }
    }
  }
  return maximum;
}

function toTokens(segments: WildcardSegments): Token[] {
  const tokens: Token[] = [];
  segments.forEach((literal, index) => {
    for (const ch of literal) tokens.push(ch);
    if (index < segments.length - 1) tokens.push(STAR);
  });
  tokens.push(END);
  return tokens;
}

/** Names each position; positions up to the first `*` are named by the text before them, so patterns share them. */
function stateIdentities(tokens: readonly Token[], patternIndex: number): string[] {
  const firstStar = tokens.indexOf(STAR);
  const sharedUpTo = firstStar < 0 ? tokens.length : firstStar;
  let prefix = '';
  return tokens.map((token, position) => {
    if (position > sharedUpTo) return `${patternIndex}:${position}`;
    const identity = `^${prefix}${position === firstStar ? '*' : ''}`;
    if (typeof token === 'string') prefix += token;
    return identity;
  });
}
