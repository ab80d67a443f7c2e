// Scores the strategy grouper (FLOW-RULES.md §8) against the simulator's multi-leg truth. A truth
// strategy is the orders sharing a spreadId whose legs make one of the nine shapes: the type the
// simulator generated (strategy-orders.ts), or for its older two-leg spreads and the mid-spread
// case the shape their true contracts, directions and sizes make. It counts when the client saw
// every leg. A detected strategy is right when its legs are exactly one truth strategy's legs
// (each leg flow matched to its order, as score.ts matches) and its type is the truth's.
import type { Flow } from '../../shared/domain/flow.ts';
import type { StrategyLink, StrategyType } from '../../shared/domain/strategy.ts';
import { classifyStrategy, type LegInput } from '../../shared/analytics/strategy.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import type { ParentOrderTruth } from '../../src-main/simulator/market/market.ts';
import { match, ratio } from './score.ts';

export interface StrategyFigures {
  /** Truth strategies the client saw whole. */
  truths: number;
  /** Of them, generated as strategies (the rest: older two-leg spreads, mid-spread cases). */
  generated: number;
  detected: number;
  right: number;
  /** Detected with exactly one truth strategy's legs but another type. */
  wrongType: number;
  found: number;
  foundGenerated: number;
  precision: number | null;
  recall: number | null;
  recallGenerated: number | null;
  /** Per truth type: [seen, found]. */
  byType: Partial<Record<StrategyType, [number, number]>>;
  /** The grouping alone: detected strategies whose legs are exactly one truth's, of any type. */
  grouped: { right: number; precision: number | null; recall: number | null };
  /** Strangles and risk reversals with a leg printed at its own mid: their type is a guess. */
  undecidable: number;
  /** The best type-and-legs recall a rule could expect on these prints (undecidable ones half). */
  typeCeiling: number | null;
}

/** A strangle or a risk reversal with a leg printed at its own mid: no direction to tell them apart. */
function undecidable(s: TruthStrategy): boolean {
  if (s.type !== 'STRANGLE' && s.type !== 'RISK_REVERSAL') return false;
  return s.legs.some((leg) => {
    const mid = (leg.quoteBefore.bid + leg.quoteBefore.ask) / 2;
    return leg.prints.some((p) => Math.abs(p.price - mid) < 1e-6);
  });
}

interface TruthStrategy {
  id: string;
  type: StrategyType;
  legs: ParentOrderTruth[];
  generated: boolean;
}

function truthLeg(t: ParentOrderTruth): LegInput | null {
  const parsed = tryParseOptionSymbol(t.symbol);
  if (!parsed.ok) return null;
  const { expiry, strike, right } = parsed.contract;
  return { flowId: t.id, symbol: t.symbol, expiry, strike, right, direction: t.direction, size: t.size, price: t.size > 0 ? t.premium / (t.size * t.multiplier) : 0, premium: t.premium, delta: null, sure: true, weight: 1 };
}

/**
 * The truth strategies among `all` orders whose every leg is in `scored` (the orders the
 * evaluation scores: watched contracts, inside the scored time, complete).
 */
export function truthStrategies(all: readonly ParentOrderTruth[], scored: readonly ParentOrderTruth[]): TruthStrategy[] {
  const inScope = new Set(scored);
  const groups = new Map<string, ParentOrderTruth[]>();
  for (const t of all) if (t.spreadId !== null) groups.set(t.spreadId, [...(groups.get(t.spreadId) ?? []), t]);
  const out: TruthStrategy[] = [];
  for (const [id, legs] of groups) {
    if (legs.length < 2 || !legs.every((l) => inScope.has(l))) continue;
    let type = legs[0]?.strategyType ?? null;
    if (type === null) {
      const inputs = legs.map(truthLeg);
      type = inputs.every((x): x is LegInput => x !== null) ? (classifyStrategy(inputs)?.type ?? null) : null;
    }
    if (type !== null) out.push({ id, type, legs, generated: legs[0]?.strategyType !== undefined });
  }
  return out;
}

export function scoreStrategies(all: readonly ParentOrderTruth[], scored: readonly ParentOrderTruth[], flows: readonly Flow[], from: number, to: number): StrategyFigures {
  const truths = truthStrategies(all, scored);
  const pairs = match(scored, flows);
  const truthOfFlow = new Map<string, ParentOrderTruth>();
  for (const [truth, f] of pairs) truthOfFlow.set(f.id, truth);
  const strategyOfTruth = new Map<ParentOrderTruth, TruthStrategy>();
  for (const s of truths) for (const leg of s.legs) strategyOfTruth.set(leg, s);
  // Each detected strategy once, as its newest link lists it.
  const detected = new Map<string, StrategyLink>();
  const versions = new Map<string, number>();
  for (const f of flows) {
    const link = f.strategy;
    if (!link || f.time < from || f.time > to) continue;
    if ((versions.get(link.id) ?? -1) >= link.legs.length) continue;
    versions.set(link.id, link.legs.length);
    detected.set(link.id, link);
  }
  const guesses = truths.filter(undecidable).length;
  const out: StrategyFigures = {
    truths: truths.length,
    generated: truths.filter((t) => t.generated).length,
    detected: detected.size,
    right: 0,
    wrongType: 0,
    found: 0,
    foundGenerated: 0,
    precision: null,
    recall: null,
    recallGenerated: null,
    byType: {},
    grouped: { right: 0, precision: null, recall: null },
    undecidable: guesses,
    typeCeiling: ratio(truths.length - guesses / 2, truths.length),
  };
  const groupedFound = new Set<TruthStrategy>();
  const found = new Set<TruthStrategy>();
  for (const link of detected.values()) {
    const legTruths = link.legs.map((l) => truthOfFlow.get(l.flowId));
    const strategies = new Set(legTruths.map((t) => (t ? strategyOfTruth.get(t) : undefined)));
    const [only] = [...strategies];
    if (strategies.size !== 1 || !only || only.legs.length !== link.legs.length) continue;
    out.grouped.right++;
    groupedFound.add(only);
    if (only.type !== link.type) {
      out.wrongType++;
      continue;
    }
    out.right++;
    found.add(only);
  }
  for (const s of truths) {
    const tally = (out.byType[s.type] ??= [0, 0]);
    tally[0]++;
    if (found.has(s)) tally[1]++;
  }
  out.found = found.size;
  out.foundGenerated = [...found].filter((s) => s.generated).length;
  out.grouped.precision = ratio(out.grouped.right, out.detected);
  out.grouped.recall = ratio(groupedFound.size, out.truths);
  out.precision = ratio(out.right, out.detected);
  out.recall = ratio(out.found, out.truths);
  out.recallGenerated = ratio(out.foundGenerated, out.generated);
  return out;
}
