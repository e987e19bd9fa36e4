/**
 * Time-zone arithmetic for util.time on top of Intl: region ids ("Europe/Berlin"), UTC aliases and
 * fixed offsets ("+05:30", "UTC-8", "GMT+02:00") as java.time.ZoneId accepts them.
 */
import { UtilUsageError } from '../../signals.js';

export type Zone = { kind: 'fixed'; id: string; offsetSeconds: number } | { kind: 'region'; id: string };

export interface LocalFields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetSeconds: number;
}

export const UTC_ZONE: Zone = { kind: 'fixed', id: 'UTC', offsetSeconds: 0 };

const OFFSET_ID = /^(UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

function formatOffsetId(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  const ss = abs % 60;
  return `${sign}${hh}:${mm}${ss ? ':' + String(ss).padStart(2, '0') : ''}`;
}

const zoneCache = new Map<string, Zone>();

export function resolveZone(timezone: string | undefined | null): Zone {
  if (timezone === undefined || timezone === null) return UTC_ZONE;
  const id = String(timezone);
  const cached = zoneCache.get(id);
  if (cached) return cached;
  let zone: Zone;
  if (id === 'Z' || id === 'UTC' || id === 'GMT' || id === 'UT') {
    zone = { kind: 'fixed', id, offsetSeconds: 0 };
  } else {
    const m = OFFSET_ID.exec(id);
    if (m) {
      const seconds = Number(m[3]) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0);
      if (Number(m[3]) > 18 || seconds > 18 * 3600) throw new UtilUsageError(`Invalid ID for ZoneOffset, invalid format: ${id}`);
      const offsetSeconds = m[2] === '-' ? -seconds : seconds;
      const offsetId = formatOffsetId(offsetSeconds);
      zone = { kind: 'fixed', id: m[1] ? (offsetSeconds === 0 ? m[1] : m[1] + offsetId) : offsetId, offsetSeconds };
    } else {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: id });
      } catch {
        throw new UtilUsageError(`Unknown time-zone ID: ${id}`);
      }
      zone = { kind: 'region', id };
    }
  }
  zoneCache.set(id, zone);
  return zone;
}

/** Date.UTC without its 0-99 → 1900-1999 year mapping. */
export function utcMillis(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y);
  return date.getTime();
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zoneId: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(zoneId);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneId,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zoneId, f);
  }
  return f;
}

function regionOffsetSeconds(epochMs: number, zoneId: string): number {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(zoneId).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wallClock = utcMillis(year, Number(parts.month), Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wallClock - Math.floor(epochMs / 1000) * 1000) / 1000);
}

export function offsetAt(epochMs: number, zone: Zone): number {
  return zone.kind === 'fixed' ? zone.offsetSeconds : regionOffsetSeconds(epochMs, zone.id);
}

export function localFields(epochMs: number, zone: Zone): LocalFields {
  const offsetSeconds = offsetAt(epochMs, zone);
  const d = new Date(epochMs + offsetSeconds * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offsetSeconds,
  };
}

/** Epoch millis of a wall-clock time in a zone (gaps resolve forward, overlaps to the earlier offset, like java.time). */
export function wallClockToEpoch(wallClockUtcMs: number, zone: Zone): number {
  if (zone.kind === 'fixed') return wallClockUtcMs - zone.offsetSeconds * 1000;
  const earlier = wallClockUtcMs - offsetAt(wallClockUtcMs - 86_400_000, zone) * 1000;
  const later = wallClockUtcMs - offsetAt(wallClockUtcMs + 86_400_000, zone) * 1000;
  for (const candidate of [Math.min(earlier, later), Math.max(earlier, later)]) {
    if (candidate + offsetAt(candidate, zone) * 1000 === wallClockUtcMs) return candidate;
  }
  // in a gap: shift by the length of the gap
  return Math.max(earlier, later);
}

export function zoneName(epochMs: number, zone: Zone, style: 'short' | 'long' | 'shortGeneric' | 'longGeneric'): string {
  if (zone.kind === 'fixed') {
    if (zone.offsetSeconds === 0 && (style === 'long' || style === 'longGeneric')) return 'Coordinated Universal Time';
    return zone.id === 'Z' ? 'Z' : zone.id;
  }
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone.id, timeZoneName: style })
    .formatToParts(new Date(epochMs))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone.id;
}
