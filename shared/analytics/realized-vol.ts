// Realized volatility beside implied (FLOW-RULES.md §11): close-to-close, annualised, from the
// underlying's daily price history (Schwab's REST pricehistory).

/** Trading days the realized volatility looks back over. */
export const REALIZED_VOL_DAYS = 20;
/** Trading days a year, to annualise a daily standard deviation. */
export const TRADING_DAYS_PER_YEAR = 252;

/** One daily close: the candle's New York date and its close. */
export interface DailyClose {
  day: string;
  close: number;
}

export interface RealizedVol {
  /** Annualised, in percent (as IV is shown). */
  vol: number;
  /** Returns it rests on. */
  returns: number;
  /** The last completed day it includes. */
  asOf: string;
}

/**
 * The sample standard deviation of the last `days` daily log returns × √252 × 100, over
 * completed days only (a candle dated `today` or later is left out: it may be a day still
 * trading). Null with fewer than `days` + 1 positive closes.
 */
export function realizedVol(closes: readonly DailyClose[], today: string, days = REALIZED_VOL_DAYS): RealizedVol | null {
  const done = closes.filter((c) => c.day < today && c.close > 0 && Number.isFinite(c.close)).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (done.length < days + 1) return null;
  const window = done.slice(-(days + 1));
  const returns: number[] = [];
  for (let i = 1; i < window.length; i++) returns.push(Math.log((window[i] as DailyClose).close / (window[i - 1] as DailyClose).close));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  const variance = returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (returns.length - 1);
  return { vol: Math.round(Math.sqrt(variance * TRADING_DAYS_PER_YEAR) * 1000) / 10, returns: returns.length, asOf: (window[window.length - 1] as DailyClose).day };
}
