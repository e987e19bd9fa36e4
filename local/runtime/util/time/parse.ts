/**
 * Parses text with a java.time DateTimeFormatter pattern into epoch milliseconds. Supports the
 * numeric and English text fields, offsets and zone ids; missing fields default to the start of
 * the day / 1970-01-01, and the zone defaults to the one given (or UTC).
 */
import { UtilUsageError } from '../../signals.js';
import { DAYS_ISO, MONTHS, dateOfWeekFields } from './calendar.js';
import { tokenizePattern, type PatternToken } from './pattern.js';
import { resolveZone, utcMillis, wallClockToEpoch, type Zone } from './zones.js';

type Parsed = Record<string, number | string>;

class ParseFailure extends Error {}

const NUMERIC = new Set('uyYDMLdQqwWeEcFhKkHmsSAnN'.split(''));

function isNumericToken(t: PatternToken | undefined): boolean {
  if (!t || t.kind !== 'field') return false;
  if (t.letter === 'M' || t.letter === 'L' || t.letter === 'Q' || t.letter === 'q' || t.letter === 'e' || t.letter === 'c')
    return t.count <= 2;
  return NUMERIC.has(t.letter) && t.letter !== 'E';
}

/** Matches one of the names (longest first, case-insensitive) and returns its index. */
function matchName(input: string, pos: number, names: string[]): [number, number] {
  let best: [number, number] = [-1, 0];
  names.forEach((name, index) => {
    if (name.length > best[1] && input.substr(pos, name.length).toLowerCase() === name.toLowerCase()) best = [index, name.length];
  });
  if (best[0] < 0) throw new ParseFailure();
  return best;
}

function parseOffset(input: string, pos: number): [number, number] {
  if (input[pos] === 'Z') return [0, 1];
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(input.slice(pos));
  if (!m) {
    if (input.startsWith('GMT', pos)) return [0, 3];
    throw new ParseFailure();
  }
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return [m[1] === '-' ? -seconds : seconds, m[0].length];
}

function parseTokens(tokens: PatternToken[], input: string, start: number, out: Parsed): number {
  let pos = start;
  tokens.forEach((token, index) => {
    if (token.kind === 'literal') {
      if (!input.startsWith(token.text, pos)) throw new ParseFailure();
      pos += token.text.length;
      return;
    }
    if (token.kind === 'optional') {
      const attempt: Parsed = {};
      try {
        pos = parseTokens(token.tokens, input, pos, attempt);
        Object.assign(out, attempt);
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
      }
      return;
    }
    const { letter, count } = token;
    if (isNumericToken(token)) {
      // adjacent numeric fields ("yyyyMMdd") need fixed widths; a lone field takes all its digits
      const fixedWidth = isNumericToken(tokens[index + 1])
        ? Math.max(count, letter === 'y' || letter === 'u' || letter === 'Y' ? 4 : count)
        : 0;
      const re = fixedWidth ? new RegExp(`^[+-]?\\d{${fixedWidth}}`) : /^[+-]?\d+/;
      const m = re.exec(input.slice(pos));
      if (!m) throw new ParseFailure();
      let value = Number(m[0]);
      if (count === 2 && (letter === 'y' || letter === 'u' || letter === 'Y')) value += 2000;
      if (letter === 'S') value = Math.round(Number(`0.${m[0]}`) * 1000);
      out[letter] = value;
      pos += m[0].length;
      return;
    }
    switch (letter) {
      case 'M':
      case 'L': {
        const [i, len] = matchName(input, pos, [...MONTHS, ...MONTHS.map((n) => n.slice(0, 3))]);
        out.M = (i % 12) + 1;
        pos += len;
        return;
      }
      case 'E':
      case 'e':
      case 'c': {
        const [i, len] = matchName(input, pos, [...DAYS_ISO, ...DAYS_ISO.map((n) => n.slice(0, 3))]);
        out.isoDow = (i % 7) + 1;
        pos += len;
        return;
      }
      case 'a': {
        const [i, len] = matchName(input, pos, ['AM', 'PM']);
        out.a = i;
        pos += len;
        return;
      }
      case 'G': {
        const [, len] = matchName(input, pos, ['Anno Domini', 'AD', 'A']);
        pos += len;
        return;
      }
      case 'X':
      case 'x':
      case 'Z':
      case 'O': {
        const [offset, len] = parseOffset(input, pos);
        out.offset = offset;
        pos += len;
        return;
      }
      case 'V':
      case 'z':
      case 'v': {
        const m = /^[A-Za-z][A-Za-z0-9_+\-/]*/.exec(input.slice(pos));
        if (!m) throw new ParseFailure();
        out.zone = m[0];
        pos += m[0].length;
        return;
      }
      default:
        throw new UtilUsageError(`Pattern letter ${letter} cannot be parsed`);
    }
  });
  return pos;
}

function resolveDate(p: Parsed): { year: number; month: number; day: number } {
  if (p.Y !== undefined && p.w !== undefined && p.y === undefined && p.u === undefined) {
    const localizedDow = p.e !== undefined ? Number(p.e) : p.isoDow !== undefined ? (Number(p.isoDow) % 7) + 1 : 1;
    return dateOfWeekFields(Number(p.Y), Number(p.w), localizedDow);
  }
  const year = Number(p.u ?? p.y ?? p.Y ?? 1970);
  if (p.D !== undefined && p.M === undefined) {
    const d = new Date(utcMillis(year, 1, 1) + (Number(p.D) - 1) * 86_400_000);
    return { year, month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  return { year, month: Number(p.M ?? 1), day: Number(p.d ?? 1) };
}

function resolveHour(p: Parsed): number {
  if (p.H !== undefined) return Number(p.H);
  if (p.k !== undefined) return Number(p.k) % 24;
  const pm = p.a === 1 ? 12 : 0;
  if (p.h !== undefined) return (Number(p.h) % 12) + pm;
  if (p.K !== undefined) return Number(p.K) + pm;
  return 0;
}

export function parseToEpochMillis(text: string, pattern: string, defaultZone: Zone): number {
  const input = String(text);
  const parsed: Parsed = {};
  let end: number;
  try {
    end = parseTokens(tokenizePattern(String(pattern)), input, 0, parsed);
  } catch (e) {
    if (e instanceof ParseFailure) throw new UtilUsageError(`Text '${input}' could not be parsed with pattern '${pattern}'`);
    throw e;
  }
  if (end !== input.length) throw new UtilUsageError(`Text '${input}' could not be parsed, unparsed text found at index ${end}`);
  const { year, month, day } = resolveDate(parsed);
  const wallClock = utcMillis(year, month, day, resolveHour(parsed), Number(parsed.m ?? 0), Number(parsed.s ?? 0), Number(parsed.S ?? 0));
  if (parsed.offset !== undefined) return wallClock - Number(parsed.offset) * 1000;
  const zone = parsed.zone !== undefined ? resolveZone(String(parsed.zone)) : defaultZone;
  return wallClockToEpoch(wallClock, zone);
}
