// The delta, IV, IV-rank and IV-percentile filters (settings.feed.volatility), one predicate for
// the feed and for `fathom flows`. A flow without the figure a bound asks about (no delta, no IV,
// an underlying with no rank yet) is hidden while that bound is set: the filter cannot vouch for it.
import type { IvSummary, VolatilityFilter } from '../domain/volatility.ts';

/** What the predicate reads of a flow. */
export interface VolatilityFields {
  underlying: string;
  delta: number | null;
  iv: number | null;
}

export type IvSummaryLookup = (underlying: string) => IvSummary | undefined;

export type VolatilityPredicate = (row: VolatilityFields) => boolean;

function inRange(value: number | null | undefined, min: number | null, max: number | null): boolean {
  if (min === null && max === null) return true;
  if (value === null || value === undefined || !Number.isFinite(value)) return false;
  return (min === null || value >= min) && (max === null || value <= max);
}

/** True when the filter hides nothing. */
export function isOpenVolatilityFilter(f: VolatilityFilter): boolean {
  return [f.deltaMin, f.deltaMax, f.ivMin, f.ivMax, f.ivRankMin, f.ivRankMax, f.ivPercentileMin, f.ivPercentileMax].every((v) => v === null);
}

/** True when the filter reads the IV history, so its result changes as the ranks do. */
export function usesIvHistory(f: VolatilityFilter): boolean {
  return [f.ivRankMin, f.ivRankMax, f.ivPercentileMin, f.ivPercentileMax].some((v) => v !== null);
}

/** The filter as a predicate; `ranks` gives each underlying's IV summary now. */
export function volatilityPredicate(f: VolatilityFilter, ranks: IvSummaryLookup): VolatilityPredicate {
  if (isOpenVolatilityFilter(f)) return () => true;
  const history = usesIvHistory(f);
  return (row) => {
    const delta = row.delta === null ? null : f.deltaAbsolute ? Math.abs(row.delta) : row.delta;
    if (!inRange(delta, f.deltaMin, f.deltaMax) || !inRange(row.iv, f.ivMin, f.ivMax)) return false;
    if (!history) return true;
    const summary = ranks(row.underlying);
    return inRange(summary?.rank, f.ivRankMin, f.ivRankMax) && inRange(summary?.percentile, f.ivPercentileMin, f.ivPercentileMax);
  };
}
