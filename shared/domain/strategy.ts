// A multi-leg strategy: flows on two or more contracts of one underlying that printed together
// with sizes in a simple ratio, grouped into one order (shared/analytics/FLOW-RULES.md §8). Every
// leg flow carries the whole link, so the feed, the store and the exports keep it with the flow.
import type { Right } from './market.ts';

export type StrategyType =
  | 'VERTICAL'
  | 'CALENDAR'
  | 'DIAGONAL'
  | 'STRADDLE'
  | 'STRANGLE'
  | 'RISK_REVERSAL'
  | 'BUTTERFLY'
  | 'CONDOR'
  | 'RATIO';
export const STRATEGY_TYPES: readonly StrategyType[] = ['VERTICAL', 'CALENDAR', 'DIAGONAL', 'STRADDLE', 'STRANGLE', 'RISK_REVERSAL', 'BUTTERFLY', 'CONDOR', 'RATIO'];

/** The rule that groups flows into a strategy (the only one so far). */
export type StrategyRule = 'STRATEGY_TIME_RATIO';

export interface StrategyLeg {
  flowId: string;
  symbol: string;
  expiry: string;
  strike: number;
  right: Right;
  /** The flow's own direction, or the one the strategy's shape gives it when the flow had none. */
  direction: 'BUY' | 'SELL' | 'UNKNOWN';
  size: number;
  /** The leg's term of the sizes' ratio reduced by their greatest common divisor (1:2:1 gives 1, 2, 1). */
  ratio: number;
  premium: number;
}

export interface StrategyLink {
  /** `strategy id` = the first leg's flow id with a `S` prefix: unique wherever the flow is. */
  id: string;
  type: StrategyType;
  rule: StrategyRule;
  /** Legs by strike, then expiry, then right (calls first). */
  legs: StrategyLeg[];
  /** Premium paid for the bought legs minus premium received for the sold ones (dollars); null when no leg's direction is known. */
  netPremium: number | null;
  /** Share-equivalent delta: sum of signed size x delta x 100; null when a leg has no delta or no direction. */
  netDelta: number | null;
  /** Replaces the legs' own sentiment in the strategy's row (FLOW-RULES.md §8). */
  sentiment: 'BULLISH' | 'BEARISH' | 'NEUTRAL';
  /** The evidence: which rule grouped them and on what numbers. */
  reason: string;
}

export const STRATEGY_LABELS: Readonly<Record<StrategyType, string>> = {
  VERTICAL: 'Vertical',
  CALENDAR: 'Calendar',
  DIAGONAL: 'Diagonal',
  STRADDLE: 'Straddle',
  STRANGLE: 'Strangle',
  RISK_REVERSAL: 'Risk reversal',
  BUTTERFLY: 'Butterfly',
  CONDOR: 'Condor',
  RATIO: 'Ratio',
};
