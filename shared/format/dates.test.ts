import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatDateTimeEt,
  formatDte,
  formatDuration,
  formatExpiryShort,
  formatTimeEt,
} from './dates.ts';

const intlDateTime = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

/** 'YYYY-MM-DD HH:MM:SS.mmm' in New York, from Intl. */
function oracle(epochMs: number): string {
  const parts = new Map<string, string>(
    intlDateTime.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]),
  );
  const get = (type: string) => parts.get(type) ?? '?';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}.${get('fractionalSecond')}`;
}

describe('formatTimeEt and formatDateTimeEt', () => {
  it('writes New York wall time in both seasons', () => {
    const winter = Date.UTC(2024, 10, 29, 14, 31, 5, 123); // 09:31:05.123 EST
    expect(formatTimeEt(winter)).toBe('09:31:05');
    expect(formatTimeEt(winter, { millis: true })).toBe('09:31:05.123');
    expect(formatDateTimeEt(winter)).toBe('2024-11-29 09:31:05 ET');
    const summer = Date.UTC(2024, 6, 1, 13, 31, 5, 7); // 09:31:05.007 EDT
    expect(formatTimeEt(summer, { millis: true })).toBe('09:31:05.007');
    expect(formatTimeEt(Date.UTC(2024, 6, 1, 4))).toBe('00:00:00');
  });

  it('uses the New York date in the evening', () => {
    expect(formatDateTimeEt(Date.UTC(2025, 0, 1, 1, 30))).toBe('2024-12-31 20:30:00 ET');
  });

  it('shows missing times as missing', () => {
    expect(formatTimeEt(Number.NaN)).toBe('—');
    expect(formatDateTimeEt(Number.NaN)).toBe('—');
  });

  it('agrees with Intl', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2007, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (epochMs) => {
          const expected = oracle(epochMs);
          expect(
            `${formatDateTimeEt(epochMs).slice(0, 10)} ${formatTimeEt(epochMs, { millis: true })}`,
          ).toBe(expected);
          expect(formatDateTimeEt(epochMs)).toBe(`${expected.slice(0, 19)} ET`);
        },
      ),
    );
  });
});

describe('formatExpiryShort', () => {
  it('writes month, day without padding and a two-digit year', () => {
    expect(formatExpiryShort('2024-11-29')).toBe("Nov 29 '24");
    expect(formatExpiryShort('2025-01-03')).toBe("Jan 3 '25");
    expect(formatExpiryShort('2000-02-29')).toBe("Feb 29 '00");
    expect(formatExpiryShort('2099-12-31')).toBe("Dec 31 '99");
  });

  it('throws on dates that are not real', () => {
    expect(() => formatExpiryShort('2024-02-30')).toThrow(RangeError);
    expect(() => formatExpiryShort('Nov 29')).toThrow(RangeError);
  });
});

describe('formatDte', () => {
  it('calls expiry day 0DTE and counts days otherwise', () => {
    expect(formatDte(0)).toBe('0DTE');
    expect(formatDte(1)).toBe('1d');
    expect(formatDte(45)).toBe('45d');
    expect(formatDte(-1)).toBe('-1d');
    expect(formatDte(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  const SECOND = 1000;
  const MINUTE = 60 * SECOND;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;

  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [999.9, '999ms'],
    [SECOND, '1s'],
    [42 * SECOND + 999, '42s'],
    [MINUTE - 1, '59s'],
    [MINUTE, '1m 0s'],
    [59 * MINUTE + 12 * SECOND, '59m 12s'],
    [HOUR - 1, '59m 59s'],
    [HOUR, '1h 0m'],
    [3 * HOUR + 5 * MINUTE, '3h 5m'],
    [DAY - 1, '23h 59m'],
    [DAY, '1d 0h'],
    [6 * DAY + 23 * HOUR, '6d 23h'],
    [6 * DAY + 23 * HOUR + 59 * MINUTE, '6d 23h'],
    [400 * DAY, '400d 0h'],
    [-1500, '-1s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows missing durations as missing', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('never overstates the duration and loses less than one of its smallest unit', () => {
    const unitMs = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY } as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 * DAY }), (ms) => {
        const pieces = [...formatDuration(ms).matchAll(/(\d+)(ms|s|m|h|d)/g)];
        const shown = pieces.reduce(
          (sum, [, n, unit]) => sum + Number(n) * unitMs[unit as keyof typeof unitMs],
          0,
        );
        const smallest = unitMs[pieces.at(-1)?.[2] as keyof typeof unitMs];
        expect(shown).toBeLessThanOrEqual(ms);
        expect(ms - shown).toBeLessThan(smallest);
      }),
    );
  });
});
