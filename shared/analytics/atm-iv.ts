// The at-the-money implied volatility of an underlying from the Level 1 option quotes Fathom
// receives (FLOW-RULES.md §11): the strikes bracketing the spot on the nearest two standard
// monthly expiries, interpolated to a 30-day constant maturity.
import type { Right } from '../domain/market.ts';
import type { IvSample } from '../domain/volatility.ts';
import { civilFromDays, daysFromCivil, etDateString, etToEpoch, formatCalendarDate, parseCalendarDate } from '../time/eastern.ts';

/** The maturity the sample is interpolated to, in calendar days. */
export const IV_TARGET_DAYS = 30;
/** A spot outside the quoted strikes uses the nearest strike only within this fraction of the spot. */
export const ATM_MAX_DISTANCE = 0.02;
/** Quotes whose last update is older than this are left out (a contract no longer streamed). */
export const ATM_QUOTE_MAX_AGE_MS = 10 * 60_000;

const DAY_MS = 86_400_000;

/** One option quote as the selection needs it; IV in percent units. */
export interface AtmQuote {
  expiry: string;
  strike: number;
  right: Right;
  iv: number;
  /** When this quote last changed (epoch ms). */
  at: number;
}

/** 0 = Sunday; 1970-01-01 was a Thursday. */
function weekday(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

function thirdFridayDays(year: number, month: number): number {
  const first = daysFromCivil(year, month, 1);
  return first + ((5 - weekday(first) + 7) % 7) + 14;
}

/** A standard monthly expiry: the third Friday of its month. */
export function isStandardMonthly(expiry: string): boolean {
  const { year, month, day } = parseCalendarDate(expiry);
  return daysFromCivil(year, month, day) === thirdFridayDays(year, month);
}

/** The `count` standard monthly expiries strictly after the ET date `today`, nearest first. */
export function nextMonthlies(today: string, count = 2): string[] {
  const { year, month, day } = parseCalendarDate(today);
  const todayDays = daysFromCivil(year, month, day);
  const out: string[] = [];
  let y = year;
  let m = month;
  while (out.length < count) {
    const third = thirdFridayDays(y, m);
    if (third > todayDays) out.push(formatCalendarDate(civilFromDays(third)));
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Calendar days (fractional) from `at` to the expiry's 16:00 ET close. */
export function daysToClose(expiry: string, at: number): number {
  const { year, month, day } = parseCalendarDate(expiry);
  return (etToEpoch(year, month, day, 16, 0, 0, 0) - at) / DAY_MS;
}

/**
 * The ATM IV of one expiry: per strike the mean of the call's and put's IV (whichever is
 * quoted), then linear in strike between the nearest strikes below and above the spot. A spot
 * outside the quoted strikes takes the nearest within ATM_MAX_DISTANCE, else none.
 */
export function atmIvOfExpiry(quotes: readonly AtmQuote[], spot: number): { iv: number; strikes: number[] } | null {
  const byStrike = new Map<number, number[]>();
  for (const q of quotes) {
    if (!(q.iv > 0) || !Number.isFinite(q.iv)) continue;
    const list = byStrike.get(q.strike) ?? [];
    list.push(q.iv);
    byStrike.set(q.strike, list);
  }
  if (byStrike.size === 0 || !(spot > 0)) return null;
  const ivAt = (strike: number): number => {
    const list = byStrike.get(strike) as number[];
    return list.reduce((a, b) => a + b, 0) / list.length;
  };
  const strikes = [...byStrike.keys()].sort((a, b) => a - b);
  let below: number | null = null;
  let above: number | null = null;
  for (const k of strikes) {
    if (k <= spot) below = k;
    if (k >= spot && above === null) above = k;
  }
  if (below !== null && above !== null) {
    if (below === above) return { iv: ivAt(below), strikes: [below] };
    const w = (spot - below) / (above - below);
    return { iv: ivAt(below) * (1 - w) + ivAt(above) * w, strikes: [below, above] };
  }
  const nearest = (below ?? above) as number;
  if (Math.abs(nearest - spot) > spot * ATM_MAX_DISTANCE) return null;
  return { iv: ivAt(nearest), strikes: [nearest] };
}

/**
 * IV at IV_TARGET_DAYS from the front and back expiries, linear in total variance (IV² × days),
 * as the VIX method does; no extrapolation: a front at or past the target is used alone, as is
 * a back at or before it.
 */
export function constantMaturityIv(front: { iv: number; days: number }, back: { iv: number; days: number }): number {
  const t = IV_TARGET_DAYS;
  if (front.days >= t || back.days <= front.days) return front.iv;
  if (back.days <= t) return back.iv;
  const w1 = front.iv * front.iv * front.days;
  const w2 = back.iv * back.iv * back.days;
  const variance = (w1 * (back.days - t) + w2 * (t - front.days)) / (t * (back.days - front.days));
  return Math.sqrt(variance);
}

/** One sample of `underlying` at `at` from its quotes, or null when neither monthly has an ATM IV. */
export function atmIvSample(underlying: string, quotes: readonly AtmQuote[], spot: number, at: number): IvSample | null {
  const day = etDateString(at);
  const [frontExpiry, backExpiry] = nextMonthlies(day, 2) as [string, string];
  const fresh = quotes.filter((q) => at - q.at <= ATM_QUOTE_MAX_AGE_MS);
  const front = atmIvOfExpiry(fresh.filter((q) => q.expiry === frontExpiry), spot);
  const back = atmIvOfExpiry(fresh.filter((q) => q.expiry === backExpiry), spot);
  if (!front && !back) return null;
  const frontDays = daysToClose(frontExpiry, at);
  const backDays = daysToClose(backExpiry, at);
  const iv = front && back ? constantMaturityIv({ iv: front.iv, days: frontDays }, { iv: back.iv, days: backDays }) : ((front ?? back) as { iv: number }).iv;
  return {
    underlying,
    time: at,
    day,
    iv: round(iv),
    spot,
    frontExpiry: front ? frontExpiry : null,
    frontIv: front ? round(front.iv) : null,
    backExpiry: back ? backExpiry : null,
    backIv: back ? round(back.iv) : null,
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
