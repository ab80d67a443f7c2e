// `fathom flows`' delta, IV, IV-rank and IV-percentile flags: the feed's filter (FLOW-RULES.md
// §11) with the same predicate. Rank and percentile are the underlying's now, from the IV
// history of the session's market (the demo's or the live one's).
import { usesIvHistory, volatilityPredicate } from '../../shared/analytics/volatility-filter.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { IvSummary, VolatilityFilter } from '../../shared/domain/volatility.ts';
import { OPEN_VOLATILITY_FILTER } from '../../shared/domain/volatility.ts';
import { loadSettings } from '../store/app-state.ts';
import type { Db } from '../store/database.ts';
import { ivSummaries } from '../store/iv-history.ts';
import { numberFlag, UsageError, type FlagSpecs } from './args.ts';

export const VOLATILITY_FLAGS = {
  'delta-min': { type: 'string', value: 'D', description: 'only flows with delta at least D (-1..1; of |delta| with --abs-delta)' },
  'delta-max': { type: 'string', value: 'D', description: 'only flows with delta at most D' },
  'abs-delta': { type: 'boolean', description: 'compare |delta|, so puts and calls alike' },
  'iv-min': { type: 'string', value: 'PCT', description: 'only flows with implied volatility at least PCT percent' },
  'iv-max': { type: 'string', value: 'PCT', description: 'only flows with implied volatility at most PCT percent' },
  'iv-rank-min': { type: 'string', value: 'N', description: "only flows whose underlying's IV rank is at least N (0..100)" },
  'iv-rank-max': { type: 'string', value: 'N', description: "only flows whose underlying's IV rank is at most N" },
  'iv-pct-min': { type: 'string', value: 'N', description: "only flows whose underlying's IV percentile is at least N (0..100)" },
  'iv-pct-max': { type: 'string', value: 'N', description: "only flows whose underlying's IV percentile is at most N" },
} as const satisfies FlagSpecs;

type VolatilityFlagValues = { [K in keyof typeof VOLATILITY_FLAGS]?: (typeof VOLATILITY_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

export function volatilityFilterOf(flags: VolatilityFlagValues): VolatilityFilter {
  const abs = flags['abs-delta'] ?? false;
  const pair = (min: keyof VolatilityFlagValues, max: keyof VolatilityFlagValues, lo: number, hi: number): [number | null, number | null] => {
    const a = numberFlag(flags[min] as string | undefined, min, { min: lo, max: hi }) ?? null;
    const b = numberFlag(flags[max] as string | undefined, max, { min: lo, max: hi }) ?? null;
    if (a !== null && b !== null && a > b) throw new UsageError(`--${min} ${a} is above --${max} ${b}`);
    return [a, b];
  };
  const [deltaMin, deltaMax] = pair('delta-min', 'delta-max', abs ? 0 : -1, 1);
  const [ivMin, ivMax] = pair('iv-min', 'iv-max', 0, 1000);
  const [ivRankMin, ivRankMax] = pair('iv-rank-min', 'iv-rank-max', 0, 100);
  const [ivPercentileMin, ivPercentileMax] = pair('iv-pct-min', 'iv-pct-max', 0, 100);
  return { ...OPEN_VOLATILITY_FILTER, deltaMin, deltaMax, deltaAbsolute: abs, ivMin, ivMax, ivRankMin, ivRankMax, ivPercentileMin, ivPercentileMax };
}

/** Keeps the flows the filter passes; reads the IV history only when a rank bound asks for it. */
export function* filterByVolatility(flows: Iterable<Flow>, filter: VolatilityFilter, db: Db, source: 'live' | 'demo', now: number): Generator<Flow> {
  let ranks = new Map<string, IvSummary>();
  if (usesIvHistory(filter)) ranks = new Map(ivSummaries(db, source, loadSettings(db).volatility, now).map((s) => [s.underlying, s]));
  const keep = volatilityPredicate(filter, (u) => ranks.get(u));
  for (const flow of flows) if (keep(flow)) yield flow;
}
