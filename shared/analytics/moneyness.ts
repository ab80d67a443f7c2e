// Moneyness, opening-likely and unusual-by-volume flags (shared/analytics/FLOW-RULES.md §4).
import type { Moneyness } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
import type { FlowSettings } from '../domain/settings.ts';

export interface MoneynessInput {
  strike: number;
  /** Underlying price at the trade; null or undefined when unknown. */
  spot: number | null | undefined;
  right: Right;
  /** |strike / spot - 1| at or under this is ATM; FlowSettings.atmBand, 0.005 by default. */
  atmBand?: number;
}

export interface MoneynessResult {
  moneyness: Moneyness;
  /** Signed percent out of the money: positive OTM, negative ITM. */
  otmPercent: number;
}

/**
 * A strike exactly on the band edge must be ATM on both sides of the spot, but cent prices are
 * inexact doubles: |1.99 - 2| / 2 is 0.0050000000000000044. The slack is far below any real
 * strike spacing.
 */
const BAND_SLACK = 1e-12;

/** Null when there is no usable spot price. */
export function moneynessOf({
  strike,
  spot,
  right,
  atmBand = 0.005,
}: MoneynessInput): MoneynessResult | null {
  if (spot === null || spot === undefined || !(spot > 0) || !Number.isFinite(spot)) return null;
  // strike / spot - 1 written as (strike - spot) / spot: fewer roundings, so 90 vs 100 gives
  // -10 rather than -9.999999999999998.
  const gap = strike - spot;
  const otmPercent = ((right === 'C' ? gap : -gap) * 100) / spot;
  if (Math.abs(gap) / spot <= atmBand + BAND_SLACK) return { moneyness: 'ATM', otmPercent };
  return { moneyness: otmPercent > 0 ? 'OTM' : 'ITM', otmPercent };
}

/** More contracts traded than were open: at least part of the trade must open new positions. */
export function isOpeningLikely(size: number, openInterest: number | null | undefined): boolean {
  if (openInterest === null || openInterest === undefined) return false;
  return size > openInterest;
}

type UnusualSettings = Pick<
  FlowSettings,
  'unusualVolumeOiRatio' | 'unusualMinVolume' | 'unusualMinOpenInterest'
>;

/**
 * The Barchart screen: day volume / open interest at or over the ratio, with volume and open
 * interest both over their floors. Divides rather than multiplies the ratio out: 110 / 100 is
 * exactly the double 1.1, while 1.1 * 100 is 110.00000000000001.
 */
export function isUnusualByVolume(
  dayVolume: number | null | undefined,
  openInterest: number | null | undefined,
  settings: UnusualSettings,
): boolean {
  if (dayVolume === null || dayVolume === undefined) return false;
  if (openInterest === null || openInterest === undefined) return false;
  if (!(dayVolume > settings.unusualMinVolume) || !(openInterest > settings.unusualMinOpenInterest))
    return false;
  return dayVolume / openInterest >= settings.unusualVolumeOiRatio;
}
