import { afterEach, describe, expect, test, vi } from 'vitest';
import { time } from '../../local/runtime/util/time/index.js';
import { UtilUsageError } from '../../local/runtime/signals.js';

const FEB_6_2018 = 1517943695750; // 2018-02-06T19:01:35.750Z, a Tuesday

describe('util.time formatting (java.time DateTimeFormatter patterns)', () => {
  test('common date/time letters in UTC by default', () => {
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, "yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toBe('2018-02-06T19:01:35.750+0000');
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'EEE, d MMM yyyy h:mm a')).toBe('Tue, 6 Feb 2018 7:01 PM');
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'EEEE MMMM dd D DDD')).toBe('Tuesday February 06 37 037');
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'yy QQQ QQQQ G k K')).toBe('18 Q1 1st quarter AD 19 7');
  });

  test('offset letters X, x, Z, O and zone ids', () => {
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'XXX|X|xxx|Z|ZZZZZ|O|VV')).toBe('Z|Z|+00:00|+0000|Z|GMT|UTC');
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'HH:mm XXX xx O OOOO', 'Asia/Kolkata')).toBe(
      '00:31 +05:30 +0530 GMT+5:30 GMT+05:30',
    );
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'yyyy-MM-dd HH:mm VV z', 'America/Los_Angeles')).toBe(
      '2018-02-06 11:01 America/Los_Angeles PST',
    );
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'HH:mm XXX', '-03:00')).toBe('16:01 -03:00');
  });

  test('daylight saving time follows the zone rules', () => {
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2021, 6, 1, 12), 'HH:mm zzzz', 'Europe/London')).toBe('13:00 British Summer Time');
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2021, 0, 1, 12), 'HH:mm XXX', 'Europe/London')).toBe('12:00 Z');
  });

  test('YYYY is the week-based year of Locale.US (weeks start Sunday, week 1 holds January 1st)', () => {
    // Sunday 2020-12-27 starts the week holding 2021-01-01: week 1 of 2021
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2020, 11, 27), 'YYYY ww e yyyy')).toBe('2021 01 1 2020');
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2020, 11, 26), 'YYYY ww e')).toBe('2020 52 7');
    // 2019-12-29 (Sunday) is already in week 1 of 2020, unlike ISO weeks
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2019, 11, 29), 'YYYY-ww')).toBe('2020-01');
    expect(time.epochMilliSecondsToFormatted(Date.UTC(2021, 1, 1), 'YYYY-MM-dd HH:mm:ss')).toBe('2021-02-01 00:00:00');
  });

  test('quoted literals and optional sections', () => {
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, "h 'o''clock' a")).toBe("7 o'clock PM");
    expect(time.epochMilliSecondsToFormatted(FEB_6_2018, 'yyyy[-MM]')).toBe('2018-02');
  });

  test('invalid patterns and zones are util errors', () => {
    expect(() => time.epochMilliSecondsToFormatted(FEB_6_2018, 'yyyy-bb')).toThrow(UtilUsageError);
    expect(() => time.nowFormatted('yyyy', 'Mars/Olympus')).toThrow('Unknown time-zone ID: Mars/Olympus');
  });
});

describe('util.time parsing and conversions', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('parseFormattedToEpochMilliSeconds honours the pattern, the zone and adjacent numeric fields', () => {
    expect(time.parseFormattedToEpochMilliSeconds('2018-02-01 17:21:05', 'yyyy-MM-dd HH:mm:ss', 'Asia/Tokyo')).toBe(
      Date.UTC(2018, 1, 1, 8, 21, 5),
    );
    expect(time.parseFormattedToEpochMilliSeconds('20180201', 'yyyyMMdd')).toBe(Date.UTC(2018, 1, 1));
    expect(time.parseFormattedToEpochMilliSeconds('2018-02-01T17:21:05.180+08:00', "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")).toBe(
      Date.UTC(2018, 1, 1, 9, 21, 5, 180),
    );
    expect(time.parseFormattedToEpochMilliSeconds('6 Feb 2018 7:01 PM', 'd MMM yyyy h:mm a')).toBe(Date.UTC(2018, 1, 6, 19, 1));
  });

  test('a local time in a DST gap moves forward like java.time', () => {
    expect(time.parseFormattedToEpochMilliSeconds('2021-03-28 01:30', 'yyyy-MM-dd HH:mm', 'Europe/London')).toBe(
      Date.UTC(2021, 2, 28, 1, 30),
    );
  });

  test('unparseable text is a util error', () => {
    expect(() => time.parseFormattedToEpochMilliSeconds('2018/02/01', 'yyyy-MM-dd')).toThrow(UtilUsageError);
  });

  test('ISO-8601 helpers', () => {
    expect(time.parseISO8601ToEpochMilliSeconds('2018-02-01T17:21:05.180+08:00')).toBe(Date.UTC(2018, 1, 1, 9, 21, 5, 180));
    expect(time.parseISO8601ToEpochMilliSeconds('2018-02-01')).toBe(Date.UTC(2018, 1, 1));
    expect(time.epochMilliSecondsToISO8601(FEB_6_2018)).toBe('2018-02-06T19:01:35.750Z');
    expect(time.epochMilliSecondsToSeconds(FEB_6_2018)).toBe(1517943695);
  });

  test('now* read the (fake) clock', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-02-01T00:00:00.000Z'));
    expect(time.nowISO8601()).toBe('2021-02-01T00:00:00.000Z');
    expect(time.nowEpochSeconds()).toBe(1612137600);
    expect(time.nowEpochMilliSeconds()).toBe(1612137600000);
    expect(time.nowFormatted('dd/MM/yyyy HH:mm', 'Australia/Sydney')).toBe('01/02/2021 11:00');
  });
});
