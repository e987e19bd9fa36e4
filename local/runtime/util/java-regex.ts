/**
 * java.util.regex.Pattern syntax on top of JavaScript RegExp. Only the cheap, common differences
 * are translated; anything JavaScript cannot express raises a UtilUsageError.
 */
import { UtilUsageError } from '../signals.js';

const POSIX_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: '\\p{Ll}',
  javaUpperCase: '\\p{Lu}',
  javaWhitespace: '\\s',
  IsAlphabetic: '\\p{Alphabetic}',
  IsLetter: '\\p{L}',
  IsDigit: '\\p{Nd}',
};

const INLINE_FLAGS: Record<string, string> = { i: 'i', s: 's', m: 'm', u: '', U: '', d: '', x: '' };

/** Translates Java syntax to an equivalent JavaScript source + flags. */
export function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let source = '';
  let flags = '';
  let i = 0;
  let inClass = false;
  // set right after a quantifier, so a following '+' is recognised as possessive
  let afterQuantifier = false;
  // leading global inline flags like (?i) or (?is)
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (leading) {
    for (const f of leading[1]) {
      if (!(f in INLINE_FLAGS)) throw new UtilUsageError(`Unsupported regex flag '${f}' in ${pattern}`);
      if (INLINE_FLAGS[f] && !flags.includes(INLINE_FLAGS[f])) flags += INLINE_FLAGS[f];
    }
    i = leading[0].length;
  }
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '\\') {
      afterQuantifier = false;
      const next = pattern[i + 1];
      if (next === 'Q') {
        // \Q...\E quotes a literal run
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        source += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? pattern.length : end + 2;
        continue;
      }
      if (next === 'p' || next === 'P') {
        const m = /^\\[pP]\{(\w+)\}/.exec(pattern.slice(i));
        if (m && POSIX_CLASSES[m[1]]) {
          const body = POSIX_CLASSES[m[1]];
          const negated = next === 'P';
          source += inClass ? body : negated ? `[^${body}]` : `[${body}]`;
          if (body.includes('\\p')) flags += flags.includes('u') ? '' : 'u';
          i += m[0].length;
          continue;
        }
        flags += flags.includes('u') ? '' : 'u';
      }
      if (next === 'A') source += '^';
      else if (next === 'Z' || next === 'z') source += '$';
      else if (next === 'h') source += inClass ? ' \\t\\xA0' : '[ \\t\\xA0]';
      else source += ch + (next ?? '');
      i += 2;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      source += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      afterQuantifier = false;
      inClass = true;
      source += ch;
      // keep a negating '^' with the bracket
      if (pattern[i + 1] === '^') source += pattern[++i];
      i++;
      continue;
    }
    if (ch === '(' && pattern.startsWith('(?>', i)) {
      // atomic group: approximated by a plain non-capturing group
      source += '(?:';
      afterQuantifier = false;
      i += 3;
      continue;
    }
    if (ch === '+' && afterQuantifier) {
      // possessive quantifier (x*+, x++, x?+, x{n}+): approximated by the greedy one
      afterQuantifier = false;
      i++;
      continue;
    }
    const counted = ch === '{' ? /^\{\d+(,\d*)?\}/.exec(pattern.slice(i)) : null;
    const quantifier = counted ? counted[0] : ch;
    source += quantifier;
    i += quantifier.length;
    afterQuantifier = counted !== null || ch === '*' || ch === '+' || ch === '?';
  }
  return { source, flags };
}

const compiled = new Map<string, RegExp>();
const CACHE_LIMIT = 500;

/** A RegExp matching the WHOLE input, as Java's String.matches / Pattern.matches do. */
export function fullMatchRegex(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (regex) return regex;
  const { source, flags } = translateJavaRegex(String(pattern));
  try {
    regex = new RegExp(`^(?:${source})$`, flags);
  } catch (e) {
    throw new UtilUsageError(`Invalid regular expression ${pattern}: ${(e as Error).message}`);
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

export function matches(pattern: string, value: string): boolean {
  return fullMatchRegex(pattern).test(String(value));
}
