/** Formats an instant with a java.time DateTimeFormatter pattern (English names, Locale.US weeks). */
import { UtilUsageError } from '../../signals.js';
import {
  DAYS_ISO,
  MONTHS,
  QUARTER_NAMES,
  dayOfYear,
  isoDayOfWeek,
  localizedDayOfWeek,
  weekBasedYear,
  weekOfMonth,
  weekOfWeekBasedYear,
} from './calendar.js';
import { tokenizePattern, type PatternToken } from './pattern.js';
import { localFields, zoneName, type LocalFields, type Zone } from './zones.js';

/** Java SignStyle: NORMAL prints '-' only; EXCEEDS_PAD also '+' when the value is wider than the pad. */
function padNumber(value: number, minWidth: number, exceedsPad = false): string {
  const digits = String(Math.abs(value)).padStart(minWidth, '0');
  if (value < 0) return '-' + digits;
  return exceedsPad && digits.length > minWidth ? '+' + digits : digits;
}

function yearLike(value: number, count: number): string {
  if (count === 2) return String(((value % 100) + 100) % 100).padStart(2, '0');
  return padNumber(value, count, count >= 4);
}

function text(full: string, count: number, shortForm = full.slice(0, 3)): string {
  if (count === 4) return full;
  if (count === 5) return full[0];
  return shortForm;
}

/**
 * Offsets as DateTimeFormatterBuilder.appendOffset prints them. Lower-case minute/second
 * letters in the Java pattern are printed only when non-zero.
 */
function formatOffset(totalSeconds: number, style: string, zeroText: string): string {
  if (totalSeconds === 0) return zeroText;
  const abs = Math.abs(totalSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const colon = style.includes(':') ? ':' : '';
  let out = (totalSeconds < 0 ? '-' : '+') + pad(h);
  const minutesOptional = /mm/.test(style);
  const secondsOptional = /ss/.test(style);
  const hasMinutes = /mm/i.test(style);
  const hasSeconds = /ss/i.test(style);
  if (hasMinutes && (!minutesOptional || m !== 0 || s !== 0)) out += colon + pad(m);
  if (hasSeconds && (!secondsOptional || s !== 0)) out += colon + pad(s);
  return out;
}

function localizedOffset(totalSeconds: number, full: boolean): string {
  if (totalSeconds === 0) return 'GMT';
  const abs = Math.abs(totalSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const sign = totalSeconds < 0 ? '-' : '+';
  if (full) return `GMT${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${s ? ':' + String(s).padStart(2, '0') : ''}`;
  return `GMT${sign}${h}${m || s ? ':' + String(m).padStart(2, '0') : ''}${s ? ':' + String(s).padStart(2, '0') : ''}`;
}

const X_STYLES = ['+HHmm', '+HHMM', '+HH:MM', '+HHMMss', '+HH:MM:ss'];
const X_ZERO = ['+00', '+0000', '+00:00', '+0000', '+00:00'];

function formatField(letter: string, count: number, f: LocalFields, epochMs: number, zone: Zone): string {
  const { year, month, day, hour, minute, second, millisecond, offsetSeconds } = f;
  switch (letter) {
    case 'G':
      return year > 0 ? text('Anno Domini', count, 'AD') : text('Before Christ', count, 'BC');
    case 'u':
      return yearLike(year, count);
    case 'y':
      return yearLike(year > 0 ? year : 1 - year, count);
    case 'Y':
      return yearLike(weekBasedYear(year, month, day), count);
    case 'D':
      return padNumber(dayOfYear(year, month, day), count);
    case 'M':
    case 'L':
      return count <= 2 ? padNumber(month, count) : text(MONTHS[month - 1], count);
    case 'd':
      return padNumber(day, count);
    case 'Q':
    case 'q': {
      const quarter = Math.floor((month - 1) / 3) + 1;
      if (count <= 2) return padNumber(quarter, count);
      return count === 3 ? `Q${quarter}` : count === 4 ? QUARTER_NAMES[quarter - 1] : String(quarter);
    }
    case 'w':
      return padNumber(weekOfWeekBasedYear(year, month, day), count);
    case 'W':
      return String(weekOfMonth(year, month, day));
    case 'E':
      return text(DAYS_ISO[isoDayOfWeek(year, month, day) - 1], count);
    case 'e':
    case 'c':
      return count <= 2
        ? padNumber(localizedDayOfWeek(year, month, day), count)
        : text(DAYS_ISO[isoDayOfWeek(year, month, day) - 1], count);
    case 'F':
      return String(((day - 1) % 7) + 1);
    case 'a':
      return hour < 12 ? 'AM' : 'PM';
    case 'B':
      return hour >= 6 && hour < 12
        ? 'in the morning'
        : hour >= 12 && hour < 18
          ? 'in the afternoon'
          : hour >= 18 && hour < 21
            ? 'in the evening'
            : 'at night';
    case 'h':
      return padNumber(hour % 12 === 0 ? 12 : hour % 12, count);
    case 'K':
      return padNumber(hour % 12, count);
    case 'k':
      return padNumber(hour === 0 ? 24 : hour, count);
    case 'H':
      return padNumber(hour, count);
    case 'm':
      return padNumber(minute, count);
    case 's':
      return padNumber(second, count);
    case 'S':
      // only millisecond precision exists; further digits are zeros
      return String(millisecond).padStart(3, '0').padEnd(9, '0').slice(0, count);
    case 'A':
      return padNumber(((hour * 60 + minute) * 60 + second) * 1000 + millisecond, count);
    case 'n':
      return padNumber(millisecond * 1_000_000, count);
    case 'N':
      return padNumber((((hour * 60 + minute) * 60 + second) * 1000 + millisecond) * 1_000_000, count);
    case 'V':
      return zone.id;
    case 'v':
      return zoneName(epochMs, zone, count === 4 ? 'longGeneric' : 'shortGeneric');
    case 'z':
      return zoneName(epochMs, zone, count === 4 ? 'long' : 'short');
    case 'O':
      return localizedOffset(offsetSeconds, count === 4);
    case 'X':
      return formatOffset(offsetSeconds, X_STYLES[count - 1], 'Z');
    case 'x':
      return formatOffset(offsetSeconds, X_STYLES[count - 1], X_ZERO[count - 1]);
    case 'Z':
      if (count <= 3) return formatOffset(offsetSeconds, '+HHMM', '+0000');
      if (count === 4) return localizedOffset(offsetSeconds, true);
      return formatOffset(offsetSeconds, '+HH:MM:ss', 'Z');
    default:
      throw new UtilUsageError(`Unknown pattern letter: ${letter}`);
  }
}

function formatTokens(tokens: PatternToken[], f: LocalFields, epochMs: number, zone: Zone): string {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') out += token.text;
    else if (token.kind === 'optional') out += formatTokens(token.tokens, f, epochMs, zone);
    else out += formatField(token.letter, token.count, f, epochMs, zone);
  }
  return out;
}

export function formatEpochMillis(epochMs: number, pattern: string, zone: Zone): string {
  if (!Number.isFinite(epochMs)) throw new UtilUsageError(`Invalid epoch milliseconds: ${epochMs}`);
  return formatTokens(tokenizePattern(String(pattern)), localFields(epochMs, zone), epochMs, zone);
}
