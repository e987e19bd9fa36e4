/** util.time: java.time semantics (DateTimeFormatter patterns, ZoneId time zones), UTC by default. */
import { UtilUsageError } from '../../signals.js';
import { formatEpochMillis } from './format.js';
import { parseToEpochMillis } from './parse.js';
import { resolveZone } from './zones.js';

function toEpochMillis(value: unknown): number {
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new UtilUsageError(`Invalid epoch milliseconds: ${String(value)}`);
  return Math.trunc(ms);
}

/** ISO-8601 with millisecond precision, e.g. 2021-02-01T00:00:00.000Z */
function toISO8601(ms: number): string {
  return new Date(ms).toISOString();
}

const ISO_8601 = /^([+-]?\d{4,9})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseISO8601(timestamp: string): number {
  const m = ISO_8601.exec(String(timestamp).trim());
  if (!m) throw new UtilUsageError(`Text '${timestamp}' could not be parsed as an ISO-8601 timestamp`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone] = m;
  const ms = Math.round(Number(`0.${fraction}`) * 1000);
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  date.setUTCFullYear(Number(y));
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (zone[0] === '-' ? -1 : 1);
  }
  return date.getTime() - offsetMinutes * 60_000;
}

export const time = {
  nowISO8601: (): string => toISO8601(Date.now()),
  nowEpochSeconds: (): number => Math.floor(Date.now() / 1000),
  nowEpochMilliSeconds: (): number => Date.now(),
  nowFormatted: (format: string, timezone?: string): string => formatEpochMillis(Date.now(), format, resolveZone(timezone)),
  parseFormattedToEpochMilliSeconds: (timestamp: string, format: string, timezone?: string): number =>
    parseToEpochMillis(timestamp, format, resolveZone(timezone)),
  parseISO8601ToEpochMilliSeconds: (timestamp: string): number => parseISO8601(timestamp),
  // Java long division truncates toward zero
  epochMilliSecondsToSeconds: (milliseconds: number): number => Math.trunc(toEpochMillis(milliseconds) / 1000),
  epochMilliSecondsToISO8601: (milliseconds: number): string => toISO8601(toEpochMillis(milliseconds)),
  epochMilliSecondsToFormatted: (milliseconds: number, format: string, timezone?: string): string =>
    formatEpochMillis(toEpochMillis(milliseconds), format, resolveZone(timezone)),
};
