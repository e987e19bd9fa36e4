/**
 * EventBridge schedule expressions: `rate(value unit)` and `cron(minutes hours day-of-month month day-of-week
 * year)` in UTC. A rate is a period (which the engine's time scale may shorten); a cron names wall-clock minutes.
 */
export type Schedule = { kind: 'rate'; periodMs: number } | { kind: 'cron'; next(afterMs: number): number };

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseScheduleExpression(expression: string): Schedule {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2].replace(/s$/, '');
    if (value < 1 || (value === 1) !== (unit === rate[2])) throw new Error(`Schedule ${expression}: use "1 ${unit}" or "<n> ${unit}s"`);
    return { kind: 'rate', periodMs: value * UNIT_MS[unit] };
  }
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new Error(`Schedule expression ${expression} is neither rate(...) nor cron(...)`);
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6)
    throw new Error(`Schedule ${expression}: cron needs 6 fields (minutes hours day-of-month month day-of-week year)`);
  const [minutes, hours, daysOfMonth, months, daysOfWeek, years] = [
    field(fields[0], 0, 59, [], expression),
    field(fields[1], 0, 23, [], expression),
    field(fields[2], 1, 31, [], expression),
    field(fields[3], 1, 12, MONTHS, expression),
    field(fields[4], 1, 7, DAYS, expression),
    field(fields[5], 1970, 2199, [], expression),
  ];
  const matches = (date: Date) =>
    minutes(date.getUTCMinutes()) &&
    hours(date.getUTCHours()) &&
    daysOfMonth(date.getUTCDate()) &&
    months(date.getUTCMonth() + 1) &&
    daysOfWeek(date.getUTCDay() + 1) &&
    years(date.getUTCFullYear());
  return {
    kind: 'cron',
    next(afterMs) {
      const candidate = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
      // minute by minute is fast enough for a handful of schedules; stop after ten years of no match
      for (let step = 0; step < 10 * 366 * 24 * 60; step++) {
        if (matches(candidate)) return candidate.getTime();
        candidate.setTime(candidate.getTime() + 60_000);
      }
      throw new Error(`Schedule ${expression} never fires`);
    },
  };
}

/** One cron field as a predicate: `*`, `?`, values, names, ranges, lists and `/` steps (not L, W or #). */
function field(text: string, min: number, max: number, names: string[], expression: string): (value: number) => boolean {
  if (text === '*' || text === '?') return () => true;
  if (/[LW#]/.test(text)) throw new Error(`Schedule ${expression}: L, W and # are not supported locally`);
  const valueOf = (token: string) => {
    const named = names.indexOf(token.toUpperCase());
    const value = named >= 0 ? named + 1 : Number(token);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`Schedule ${expression}: ${token} is out of range ${min}-${max}`);
    return value;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] =
      range === '*'
        ? [min, max]
        : range.includes('-')
          ? range.split('-').map(valueOf)
          : [valueOf(range), stepText === undefined ? valueOf(range) : max];
    for (let value = from; value <= to; value += step) allowed.add(value);
  }
  return (value) => allowed.has(value);
}
