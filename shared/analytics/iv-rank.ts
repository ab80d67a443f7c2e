// IV rank and IV percentile over the stored IV history (FLOW-RULES.md §11). Each day counts
// with its last sample; the window is the last `windowDays` weekdays ending today; fewer than
// `minDays` days of history and both are none, with the reason in words.
import type { IvSample, IvSummary, VolatilitySettings } from '../domain/volatility.ts';
import { civilFromDays, daysFromCivil, formatCalendarDate, parseCalendarDate } from '../time/eastern.ts';

/** One day of history: the IV of its last sample. */
export interface DailyIv {
  day: string;
  iv: number;
}

/** The first date of a window of `windowDays` weekdays that ends on `today` (holidays count as days). */
export function windowStart(today: string, windowDays: number): string {
  const { year, month, day } = parseCalendarDate(today);
  let d = daysFromCivil(year, month, day);
  const isWeekday = (days: number) => {
    const wd = (((days + 4) % 7) + 7) % 7;
    return wd >= 1 && wd <= 5;
  };
  let counted = isWeekday(d) ? 1 : 0;
  while (counted < windowDays) {
    d--;
    if (isWeekday(d)) counted++;
  }
  return formatCalendarDate(civilFromDays(d));
}

/**
 * The rank and percentile of `latest` against the daily values (any order; days before the
 * window or after the latest sample's day are ignored, and the latest sample stands for its
 * own day). Rank = (current - min) / (max - min) over the window's days, today included;
 * percentile = the share of the window's earlier days whose IV was below the current one.
 */
export function ivSummary(latest: IvSample, daily: readonly DailyIv[], settings: Pick<VolatilitySettings, 'windowDays' | 'minDays'>): IvSummary {
  const from = windowStart(latest.day, settings.windowDays);
  const earlier = daily.filter((d) => d.day >= from && d.day < latest.day && Number.isFinite(d.iv));
  const days = earlier.length + 1;
  const current = latest.iv;
  const sampled = sampleReason(latest);
  const base = {
    underlying: latest.underlying,
    current,
    sampledAt: latest.time,
    frontExpiry: latest.frontExpiry,
    backExpiry: latest.backExpiry,
    days,
    windowDays: settings.windowDays,
    minDays: settings.minDays,
  };
  if (days < settings.minDays) {
    const missing = `${days} ${days === 1 ? 'day' : 'days'} < ${settings.minDays}`;
    return { ...base, rank: null, percentile: null, missing, reason: `${sampled}; no rank or percentile: ${missing} of history` };
  }
  let min = current;
  let max = current;
  let below = 0;
  for (const d of earlier) {
    if (d.iv < min) min = d.iv;
    if (d.iv > max) max = d.iv;
    if (d.iv < current) below++;
  }
  const percentile = round((below / earlier.length) * 100);
  const counted = `${below} of ${earlier.length} earlier days below`;
  if (max === min) return { ...base, rank: null, percentile, missing: 'no range: every day had the same IV', reason: `${sampled}; every one of ${days} days at ${min}%, ${counted}` };
  return { ...base, rank: round(((current - min) / (max - min)) * 100), percentile, missing: null, reason: `${sampled}; over ${days} days low ${min}%, high ${max}%, ${counted}` };
}

/** "30-day ATM IV 18.3% from 2026-12-18 20.1% and 2027-01-15 17.9%, spot 600.12". */
function sampleReason(s: IvSample): string {
  const legs = [
    [s.frontExpiry, s.frontIv],
    [s.backExpiry, s.backIv],
  ]
    .filter(([expiry, iv]) => expiry !== null && iv !== null)
    .map(([expiry, iv]) => `${expiry} ${iv}%`);
  return `30-day ATM IV ${s.iv}% from ${legs.join(' and ')}, spot ${s.spot}`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
