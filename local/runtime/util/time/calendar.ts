/**
 * Calendar fields java.time derives from a date, with the week rules of Locale.US (the JVM default
 * AppSync formats with): weeks start on Sunday and week 1 is the week containing January 1st.
 */
import { utcMillis } from './zones.js';

const DAY_MS = 86_400_000;

/** 1 = Monday ... 7 = Sunday (ISO). */
export function isoDayOfWeek(year: number, month: number, day: number): number {
  const dow = new Date(utcMillis(year, month, day)).getUTCDay(); // 0 = Sunday
  return dow === 0 ? 7 : dow;
}

/** 1 = Sunday ... 7 = Saturday (Locale.US). */
export function localizedDayOfWeek(year: number, month: number, day: number): number {
  return (isoDayOfWeek(year, month, day) % 7) + 1;
}

export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((utcMillis(year, month, day) - utcMillis(year, 1, 1)) / DAY_MS) + 1;
}

/** Start (epoch day millis) of week 1 of a week-based year: the Sunday on or before January 1st. */
function weekOneStart(year: number): number {
  const jan1 = utcMillis(year, 1, 1);
  return jan1 - (localizedDayOfWeek(year, 1, 1) - 1) * DAY_MS;
}

export function weekBasedYear(year: number, month: number, day: number): number {
  const t = utcMillis(year, month, day);
  if (t >= weekOneStart(year + 1)) return year + 1;
  if (t < weekOneStart(year)) return year - 1;
  return year;
}

export function weekOfWeekBasedYear(year: number, month: number, day: number): number {
  const wby = weekBasedYear(year, month, day);
  return Math.floor((utcMillis(year, month, day) - weekOneStart(wby)) / (7 * DAY_MS)) + 1;
}

export function weekOfMonth(year: number, month: number, day: number): number {
  const firstOffset = localizedDayOfWeek(year, month, 1) - 1;
  return Math.floor((day - 1 + firstOffset) / 7) + 1;
}

/** Inverse of the week fields, for parsing "YYYY ww e"-style input. */
export function dateOfWeekFields(wby: number, week: number, localizedDow: number): { year: number; month: number; day: number } {
  const d = new Date(weekOneStart(wby) + ((week - 1) * 7 + (localizedDow - 1)) * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS_ISO = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const QUARTER_NAMES = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];
