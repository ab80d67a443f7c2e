// What the published rules (shared/analytics/FLOW-RULES.md §3) call a parent order, judged on its
// true prints against the NBBO just before it. The truth's `kind` comes from here rather than from
// the generator's intent, so the label can never claim more than the prints show.
import type { FlowKind } from '../../../shared/domain/flow.ts';
import type { TruthPrint, TruthQuote } from './market.ts';

export const BLOCK_MIN_CONTRACTS = 100;
export const BLOCK_MIN_PREMIUM = 50_000;
export const WHALE_MIN_PREMIUM = 100_000;

export interface KindInput {
  direction: 'BUY' | 'SELL';
  prints: readonly TruthPrint[];
  before: TruthQuote;
  /** Distinct venues this order emptied at the touch. */
  depletedVenues: number;
  multiplier: number;
}

const EPSILON = 1e-9;

/** Every print at or through the touch on the order's side: bought at/above the ask, sold at/below the bid. */
export function crossedSpread(direction: 'BUY' | 'SELL', prints: readonly TruthPrint[], before: TruthQuote): boolean {
  if (prints.length === 0 || (direction === 'SELL' && !(before.bid > 0))) return false;
  for (const p of prints) {
    if (direction === 'BUY' ? p.price < before.ask - EPSILON : p.price > before.bid + EPSILON) return false;
  }
  return true;
}

export function premiumOf(prints: readonly TruthPrint[], multiplier: number): number {
  let cents = 0;
  for (const p of prints) cents += Math.round(p.price * 100) * p.size;
  return Math.round(cents * multiplier) / 100;
}

// Plain loops: this runs after every simulated print, hundreds of thousands of times a run.
export function kindByRules(input: KindInput): FlowKind {
  const { direction, prints, before } = input;
  const first = prints[0]?.price ?? 0;
  let total = 0;
  let walked = false;
  let samePrice = true;
  for (const p of prints) {
    total += p.size;
    if (direction === 'BUY' ? p.price > first + EPSILON : p.price < first - EPSILON) walked = true;
    if (Math.abs(p.price - first) >= EPSILON) samePrice = false;
  }
  const shown = direction === 'BUY' ? before.askSize : before.bidSize;
  const crossed = crossedSpread(direction, prints, before);
  if (crossed && (total > shown || walked || input.depletedVenues >= 2)) return 'SWEEP';
  if (prints.length >= 2) return samePrice ? 'SPLIT' : 'SINGLE';
  const big = total >= BLOCK_MIN_CONTRACTS || premiumOf(prints, input.multiplier) >= BLOCK_MIN_PREMIUM;
  // "Did not deplete the book": an at-the-touch print that took everything shown is no block.
  return big && !(crossed && total >= shown) ? 'BLOCK' : 'SINGLE';
}
