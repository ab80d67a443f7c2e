// IV history end to end through a real SQLite file: a year and more of generated samples
// (several a day, the last of each day different from the rest), read back as IV rank and
// percentile and checked against the same figures computed straight from the generated days.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IvSample } from '../../shared/domain/volatility.ts';
import { etDateString, etToEpoch, parseCalendarDate } from '../../shared/time/eastern.ts';
import { seededRandom } from '../util/random.ts';
import { openDatabase } from './database.ts';
import { insertIvSamples, ivSummaries, latestIvSample } from './iv-history.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-iv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = { windowDays: 252, minDays: 20 };

/** The `n` weekdays up to and including 2026-12-03, oldest first. */
function weekdays(n: number): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(2026, 11, 3));
  while (out.length < n) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return out.reverse();
}

/** Hourly samples 10:00..15:00 ET; the day's close (the 15:00 one) is the figure that counts. */
function day(underlying: string, date: string, close: number, noise: () => number): IvSample[] {
  const { year, month, day: dd } = parseCalendarDate(date);
  return [10, 11, 12, 13, 14, 15].map((hour) => {
    const time = etToEpoch(year, month, dd, hour, 0);
    const iv = hour === 15 ? close : close + 5 + noise() * 10;
    return { underlying, time, day: etDateString(time), iv, spot: 600, frontExpiry: '2026-12-18', frontIv: iv, backExpiry: '2027-01-15', backIv: iv };
  });
}

describe('IV history in the store', () => {
  const random = seededRandom(18);
  const dates = weekdays(320);
  const closes = dates.map(() => Math.round((12 + random() * 30) * 1000) / 1000);
  const path = join(dir, 'history.db');

  it('reads back rank and percentile over the last 252 weekdays, each day by its last sample', () => {
    const db = openDatabase(path);
    // Inserted newest day first and each day's hours backwards: the daily close must still win.
    for (let i = dates.length - 1; i >= 0; i--) insertIvSamples(db, 'live', day('SPY', dates[i] as string, closes[i] as number, random).reverse());
    // The demo's history of the same underlying never mixes in.
    insertIvSamples(db, 'demo', dates.slice(-30).flatMap((d) => day('SPY', d, 99, random)));
    // An underlying recorded for only five days.
    insertIvSamples(db, 'live', dates.slice(-5).flatMap((d) => day('QQQ', d, 25, random)));
    db.close();

    const reopened = openDatabase(path, { readonly: true });
    const now = etToEpoch(2026, 12, 3, 16, 30);
    const [qqq, spy] = ivSummaries(reopened, 'live', settings, now);
    reopened.close();

    const window = closes.slice(-252);
    const current = window[window.length - 1] as number;
    const earlier = window.slice(0, -1);
    const min = Math.min(...window);
    const max = Math.max(...window);
    expect(spy).toMatchObject({ underlying: 'SPY', current, days: 252, missing: null, frontExpiry: '2026-12-18', backExpiry: '2027-01-15' });
    expect(spy?.rank).toBeCloseTo(((current - min) / (max - min)) * 100, 1);
    expect(spy?.percentile).toBeCloseTo((earlier.filter((iv) => iv < current).length / earlier.length) * 100, 1);
    expect(qqq).toMatchObject({ underlying: 'QQQ', days: 5, rank: null, percentile: null, missing: '5 days < 20' });
  });

  it('keeps the demo apart, and a shorter window or a higher minimum applies at once', () => {
    const db = openDatabase(path, { readonly: true });
    const now = etToEpoch(2026, 12, 3, 16, 30);
    expect(ivSummaries(db, 'demo', settings, now)).toEqual([expect.objectContaining({ underlying: 'SPY', current: 99, days: 30, rank: null, percentile: 0 })]);
    const [, spy20] = ivSummaries(db, 'live', { windowDays: 20, minDays: 20 }, now);
    const window = closes.slice(-20);
    const current = window[19] as number;
    expect(spy20?.days).toBe(20);
    expect(spy20?.rank).toBeCloseTo(((current - Math.min(...window)) / (Math.max(...window) - Math.min(...window))) * 100, 1);
    expect(ivSummaries(db, 'live', { windowDays: 252, minDays: 300 }, now).map((s) => s.missing)).toEqual(['5 days < 300', '252 days < 300']);
    expect(latestIvSample(db, 'live', 'SPY')?.time).toBe(etToEpoch(2026, 12, 3, 15, 0));
    db.close();
  });

  it('leaves out an underlying not sampled within the window', () => {
    const db = openDatabase(path, { readonly: true });
    const muchLater = etToEpoch(2028, 6, 1, 12, 0);
    expect(ivSummaries(db, 'live', settings, muchLater)).toEqual([]);
    db.close();
  });
});
