// IV history (FLOW-RULES.md §11): the at-the-money implied volatility Fathom samples from the
// Level 1 option quotes it receives, and the IV rank and percentile computed over the stored days.

/** Where a sample's quotes came from: the demo's history never mixes with the live market's. */
export type IvSource = 'live' | 'demo';

/** One at-the-money IV sample of one underlying (IV in percent units, as Schwab sends it). */
export interface IvSample {
  underlying: string;
  /** Stream time of the quote that triggered the sample (epoch ms). */
  time: number;
  /** America/New_York calendar date of `time`, YYYY-MM-DD. */
  day: string;
  /** The 30-day constant-maturity ATM IV (§11), the figure rank and percentile use. */
  iv: number;
  spot: number;
  frontExpiry: string | null;
  frontIv: number | null;
  backExpiry: string | null;
  backIv: number | null;
}

/** IV rank and percentile of one underlying, and what they rest on. */
export interface IvSummary {
  underlying: string;
  /** The latest sample's IV (percent) and time. */
  current: number;
  sampledAt: number;
  frontExpiry: string | null;
  backExpiry: string | null;
  /** Days in the window with at least one sample, today included. */
  days: number;
  /** 0..100; null with fewer than `minDays` days, or when every day had the same IV. */
  rank: number | null;
  /** 0..100; null with fewer than `minDays` days. */
  percentile: number | null;
  /** Why rank and percentile are null, in words ("7 days < 20"); null when they are not. */
  missing: string | null;
  windowDays: number;
  minDays: number;
  /** The evidence in words: the expiries and IVs the sample used, the window's low, high and count below. */
  reason: string;
  /**
   * 20-day close-to-close realized volatility (percent) from the underlying's daily price
   * history, beside the IV; absent until fetched, null when the history is too short.
   */
  realized?: { vol: number; returns: number; asOf: string } | null;
}

export interface VolatilitySettings {
  /** A sample per underlying at most this often, in stream time. */
  sampleEveryMs: number;
  /** The history window, in weekdays ending today. */
  windowDays: number;
  /** Fewer days of history than this and rank and percentile are none. */
  minDays: number;
}

export const DEFAULT_VOLATILITY_SETTINGS: Readonly<VolatilitySettings> = Object.freeze({
  sampleEveryMs: 60_000,
  windowDays: 252,
  minDays: 20,
});

/**
 * The feed's delta and volatility filters (settings.feed.volatility). Every bound is inclusive
 * and null when open. Delta is -1..1, or 0..1 of |delta| when `deltaAbsolute`; IV in percent;
 * rank and percentile 0..100, of the flow's underlying now.
 */
export interface VolatilityFilter {
  deltaMin: number | null;
  deltaMax: number | null;
  deltaAbsolute: boolean;
  ivMin: number | null;
  ivMax: number | null;
  ivRankMin: number | null;
  ivRankMax: number | null;
  ivPercentileMin: number | null;
  ivPercentileMax: number | null;
}

export const OPEN_VOLATILITY_FILTER: Readonly<VolatilityFilter> = Object.freeze({
  deltaMin: null,
  deltaMax: null,
  deltaAbsolute: true,
  ivMin: null,
  ivMax: null,
  ivRankMin: null,
  ivRankMax: null,
  ivPercentileMin: null,
  ivPercentileMax: null,
});
