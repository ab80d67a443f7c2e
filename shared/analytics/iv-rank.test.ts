import { describe, expect, it } from 'vitest';
import type { IvSample } from '../domain/volatility.ts';
import { DEFAULT_VOLATILITY_SETTINGS } from '../domain/volatility.ts';
import { ivSummary, windowStart, type DailyIv } from './iv-rank.ts';

const latest = (iv: number, day = '2026-12-03'): IvSample => ({
  underlying: 'SPY',
  time: Date.parse(`${day}T20:00:00Z`),
  day,
  iv,
  spot: 600,
  frontExpiry: '2026-12-18',
  frontIv: iv,
  backExpiry: '2027-01-15',
  backIv: iv,
});

/** `n` weekdays before 2026-12-03 (a Thursday), oldest first, with IVs from `ivOf`. */
function weekdaysBefore(n: number, ivOf: (i: number) => number): DailyIv[] {
  const out: DailyIv[] = [];
  const d = new Date(Date.UTC(2026, 11, 3));
  while (out.length < n) {
    d.setUTCDate(d.getUTCDate() - 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push({ day: d.toISOString().slice(0, 10), iv: 0 });
  }
  return out.reverse().map((x, i) => ({ ...x, iv: ivOf(i) }));
}

const settings = { windowDays: 252, minDays: 20 };

describe('the history window', () => {
  it('spans windowDays weekdays ending today', () => {
    expect(windowStart('2026-12-03', 1)).toBe('2026-12-03');
    expect(windowStart('2026-12-03', 4)).toBe('2026-11-30');
    // Thursday back five weekdays: over a weekend.
    expect(windowStart('2026-12-03', 5)).toBe('2026-11-27');
    // From a Saturday the first weekday counted is Friday.
    expect(windowStart('2026-12-05', 1)).toBe('2026-12-04');
  });
});

describe('IV rank and percentile', () => {
  it('are none with fewer days than the minimum, and say how many days there are', () => {
    expect(ivSummary(latest(20), [], settings)).toMatchObject({ days: 1, rank: null, percentile: null, missing: '1 day < 20', reason: expect.stringMatching(/; no rank or percentile: 1 day < 20 of history$/) });
    const s = ivSummary(latest(20), weekdaysBefore(18, (i) => 10 + i), settings);
    expect(s).toMatchObject({ days: 19, rank: null, percentile: null, missing: '19 days < 20', windowDays: 252, minDays: 20 });
    expect(DEFAULT_VOLATILITY_SETTINGS.minDays).toBe(20);
  });

  it('rank the current IV between the window low and high, and count the earlier days below it', () => {
    // 19 earlier days at 10..28, today 19.5: min 10, max 28.
    const s = ivSummary(latest(19.5), weekdaysBefore(19, (i) => 10 + i), settings);
    expect(s.days).toBe(20);
    expect(s.rank).toBeCloseTo(((19.5 - 10) / (28 - 10)) * 100, 1);
    // 10..19 are below 19.5: ten of nineteen days.
    expect(s.percentile).toBeCloseTo((10 / 19) * 100, 1);
    expect(s.missing).toBeNull();
    expect(s.reason).toBe('30-day ATM IV 19.5% from 2026-12-18 19.5% and 2027-01-15 19.5%, spot 600; over 20 days low 10%, high 28%, 10 of 19 earlier days below');
  });

  it('lets a new high or low set the range: rank 100 at a high, 0 at a low', () => {
    const days = weekdaysBefore(30, (i) => 20 + (i % 5));
    expect(ivSummary(latest(40), days, settings)).toMatchObject({ rank: 100, percentile: 100 });
    expect(ivSummary(latest(5), days, settings)).toMatchObject({ rank: 0, percentile: 0 });
  });

  it('ignores days before the window and the latest day itself in the list (the sample stands for it)', () => {
    const old = weekdaysBefore(300, (i) => (i < 48 ? 90 : 20 + (i % 10)));
    const s = ivSummary(latest(25), [...old, { day: '2026-12-03', iv: 99 }], settings);
    // 252 weekdays: 251 earlier days and today; the 90s fall before the window.
    expect(s.days).toBe(252);
    const inWindow = old.slice(-251);
    const max = Math.max(...inWindow.map((d) => d.iv), 25);
    const min = Math.min(...inWindow.map((d) => d.iv), 25);
    expect(max).toBe(29);
    expect(s.rank).toBeCloseTo(((25 - min) / (max - min)) * 100, 1);
    expect(s.percentile).toBeCloseTo((inWindow.filter((d) => d.iv < 25).length / 251) * 100, 1);
  });

  it('has no rank when every day had the same IV, but a percentile', () => {
    const s = ivSummary(latest(20), weekdaysBefore(25, () => 20), settings);
    expect(s).toMatchObject({ rank: null, percentile: 0, missing: 'no range: every day had the same IV' });
  });
});
