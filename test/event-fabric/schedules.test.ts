import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from '../../local/schedules/schedule-expression.js';
import { theActivityOf, theEventFabricApi } from '../steps/event-steps.js';
import { eventually } from '../steps/then-steps.js';

const api = theEventFabricApi();

describe('schedules', () => {
  it('fires a rate(1 minute) rule (at the engine’s time scale) with the Scheduled Event envelope', async () => {
    const started = Date.now();
    const beats = await eventually(
      async () => {
        const entries = (await theActivityOf('heartbeat')).filter((entry) => Date.parse(entry.time.S!) >= started - 1000);
        expect(entries.length).toBeGreaterThanOrEqual(1);
        return entries;
      },
      60_000 * api.timeScale * 4,
    );
    expect(beats[0].detailType.S).toBe('Scheduled Event');
    expect(JSON.stringify(beats[0].resources)).toContain('arn:aws:events:us-east-1:000000000000:rule/EventFabricFixture-EveryMinute');
  });

  it('computes rate periods and UTC cron minutes', () => {
    expect(parseScheduleExpression('rate(5 minutes)')).toEqual({ kind: 'rate', periodMs: 300_000 });
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow(/1 minute/);
    const cron = parseScheduleExpression('cron(15 10 ? * MON-FRI *)');
    if (cron.kind !== 'cron') throw new Error('expected a cron');
    // Saturday 2026-01-03 09:00 UTC → Monday 2026-01-05 10:15 UTC
    expect(new Date(cron.next(Date.UTC(2026, 0, 3, 9, 0))).toISOString()).toBe('2026-01-05T10:15:00.000Z');
    const everyTen = parseScheduleExpression('cron(0/10 * * * ? *)');
    if (everyTen.kind !== 'cron') throw new Error('expected a cron');
    expect(new Date(everyTen.next(Date.UTC(2026, 0, 1, 0, 1))).toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(() => parseScheduleExpression('cron(0 12 L * ? *)')).toThrow(/not supported/);
  });
});
