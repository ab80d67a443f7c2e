// Listed expiries relative to the simulated date: dailies for the index ETFs, Friday weeklies
// and third-Friday monthlies for everything, a few months out. Exchange holidays are ignored;
// the simulator trades every weekday.
import { civilFromDays, daysFromCivil, etToEpoch, formatCalendarDate, parseCalendarDate } from '../../../shared/time/eastern.ts';
import type { UnderlyingProfile } from './profiles.ts';

const DAILY_COUNT = 10;
const ETF_WEEKLY_DAYS = 56;
const STOCK_WEEKLY_DAYS = 42;
const MONTHLY_DAYS = 190;

/** 0 = Sunday, as in eastern.ts. */
function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function isThirdFriday(days: number): boolean {
  const { day } = civilFromDays(days);
  return weekday(days) === 5 && day >= 15 && day <= 21;
}

const cache = new Map<string, readonly string[]>();

/** Expiries listed on the ET date `today` (YYYY-MM-DD), nearest first, today included. */
export function listedExpiries(profile: Pick<UnderlyingProfile, 'symbol' | 'dailyExpiries'>, today: string): readonly string[] {
  const key = `${profile.symbol}|${profile.dailyExpiries}|${today}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { year, month, day } = parseCalendarDate(today);
  const first = daysFromCivil(year, month, day);
  const weeklyDays = profile.dailyExpiries ? ETF_WEEKLY_DAYS : STOCK_WEEKLY_DAYS;
  const out: string[] = [];
  let dailies = 0;
  for (let d = first; d <= first + MONTHLY_DAYS; d++) {
    const wd = weekday(d);
    if (wd === 0 || wd === 6) continue;
    const daily = profile.dailyExpiries && dailies < DAILY_COUNT;
    if (profile.dailyExpiries) dailies++;
    const weekly = wd === 5 && d - first <= weeklyDays;
    if (daily || weekly || isThirdFriday(d)) out.push(formatCalendarDate(civilFromDays(d)));
  }
  cache.set(key, out);
  return out;
}

const closeCache = new Map<string, number>();

/** Trading in a contract stops at 16:00 ET on its expiry date. */
export function expiryCloseMs(expiry: string): number {
  let ms = closeCache.get(expiry);
  if (ms === undefined) {
    const { year, month, day } = parseCalendarDate(expiry);
    ms = etToEpoch(year, month, day, 16, 0, 0, 0);
    closeCache.set(expiry, ms);
  }
  return ms;
}
