// The feed filter (settings.feed) as a predicate, compiled once per filter change so the hot
// path is a few set lookups per flow. The feed and the alert rules (FLOW-RULES.md §13) share it,
// so a rule's conditions mean exactly what the same filter means in the feed.
import type { FeedFilter } from '../domain/app-settings.ts';
import { DEFAULT_FEED_FILTER } from '../domain/app-settings.ts';
import { MONEYNESS, type Flow } from '../domain/flow.ts';
import { senderLean } from './sender.ts';
import type { VolatilityFilter } from '../domain/volatility.ts';
import { isOpenVolatilityFilter, volatilityPredicate, type IvSummaryLookup } from './volatility-filter.ts';

/** A flow as the feed holds it (no evidence) or as the engine makes it: the filter reads neither's evidence. */
export type FilterableFlow = Omit<Flow, 'evidence'>;
export type FlowPredicate = (row: FilterableFlow) => boolean;

/** `ivSummaries` gives each underlying's IV rank and percentile now, for those bounds. */
export function compileFilter(filter: FeedFilter, ivSummaries: IvSummaryLookup = () => undefined): FlowPredicate {
  const rights = new Set(filter.rights);
  const kinds = new Set(filter.kinds);
  const sides = new Set(filter.sides);
  const moneyness = new Set(filter.moneyness);
  // A flow without a spot price has no moneyness: it is shown unless moneyness is narrowed.
  const unknownMoneyness = MONEYNESS.every((m) => moneyness.has(m));
  const symbols = new Set(filter.symbols.map((s) => s.toUpperCase()));
  const { minPremium, dteMin, dteMax, whalesOnly, sender, confirmedOpeners } = filter;
  const volatility = volatilityPredicate(filter.volatility, ivSummaries);
  return (row) =>
    (!confirmedOpeners || row.nextDay?.label === 'OPENING') &&
    // A flow stored before FLOW-RULES.md §9 has no confidence: it leans neither way.
    (sender === 'ALL' || (row.institutional !== undefined && senderLean(row.institutional) === sender)) &&
    row.premium >= minPremium &&
    (!whalesOnly || row.whale) &&
    rights.has(row.right) &&
    kinds.has(row.kind) &&
    sides.has(row.side) &&
    (row.moneyness === null ? unknownMoneyness : moneyness.has(row.moneyness)) &&
    row.dte >= dteMin &&
    (dteMax === null || row.dte <= dteMax) &&
    (symbols.size === 0 || symbols.has(row.underlying.toUpperCase())) &&
    volatility(row);
}

/** True when the filter hides nothing, so the UI can say "all flows". */
export function isOpenFilter(filter: FeedFilter): boolean {
  const d = DEFAULT_FEED_FILTER;
  return (
    filter.minPremium <= 0 &&
    !filter.whalesOnly &&
    filter.dteMin <= 0 &&
    filter.dteMax === null &&
    filter.symbols.length === 0 &&
    isOpenVolatilityFilter(filter.volatility) &&
    filter.sender === 'ALL' &&
    !filter.confirmedOpeners &&
    d.rights.every((r) => filter.rights.includes(r)) &&
    d.kinds.every((k) => filter.kinds.includes(k)) &&
    d.sides.every((s) => filter.sides.includes(s)) &&
    d.moneyness.every((m) => filter.moneyness.includes(m))
  );
}

/** Adds or removes one value of a multi-choice filter field, keeping the canonical order. */
export function toggleChoice<T>(chosen: readonly T[], value: T, order: readonly T[]): T[] {
  const next = new Set(chosen);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return order.filter((v) => next.has(v));
}

export function sameFilter(a: FeedFilter, b: FeedFilter): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(f: FeedFilter): FeedFilter {
  return {
    minPremium: f.minPremium,
    rights: [...f.rights].sort(),
    kinds: [...f.kinds].sort(),
    sides: [...f.sides].sort(),
    moneyness: [...f.moneyness].sort(),
    dteMin: f.dteMin,
    dteMax: f.dteMax,
    whalesOnly: f.whalesOnly,
    symbols: [...f.symbols].map((s) => s.toUpperCase()).sort(),
    sender: f.sender,
    confirmedOpeners: f.confirmedOpeners,
    volatility: canonicalVolatility(f.volatility),
  };
}

function canonicalVolatility(v: VolatilityFilter): VolatilityFilter {
  return {
    deltaMin: v.deltaMin,
    deltaMax: v.deltaMax,
    deltaAbsolute: v.deltaAbsolute,
    ivMin: v.ivMin,
    ivMax: v.ivMax,
    ivRankMin: v.ivRankMin,
    ivRankMax: v.ivRankMax,
    ivPercentileMin: v.ivPercentileMin,
    ivPercentileMax: v.ivPercentileMax,
  };
}
