// History search: one query over the flows of every recorded session. Each criterion left out
// matches everything; the results come newest first and without a cap (src-main/store/flow-search.ts).
import type { Right } from './market.ts';
import type { FlowKind, Sentiment, Side } from './flow.ts';
import type { StrategyType } from './strategy.ts';

export const SENTIMENTS: readonly Sentiment[] = ['BULLISH', 'BEARISH', 'NEUTRAL'];

/** The same contract traded in the same direction on at least `minDays` distinct ET trading days. */
export interface RepeatCriterion {
  direction: 'BUY' | 'SELL';
  minDays: number;
}

export interface HistoryQuery {
  /** Underlyings (tickers); empty or absent: all. */
  underlyings?: string[];
  /** One contract, in Schwab's 21-character form. */
  contract?: string;
  strikeMin?: number;
  strikeMax?: number;
  /** Expiry dates, YYYY-MM-DD, inclusive. */
  expiryFrom?: string;
  expiryTo?: string;
  rights?: Right[];
  kinds?: FlowKind[];
  sides?: Side[];
  minPremium?: number;
  maxPremium?: number;
  sentiments?: Sentiment[];
  /** Legs of a multi-leg strategy of these types (FLOW-RULES.md §8). */
  strategies?: StrategyType[];
  /** The flow's first print at or after this instant (epoch ms). */
  from?: number;
  /** ... and strictly before this one (epoch ms). */
  to?: number;
  repeat?: RepeatCriterion;
}

/** A search the user does not have to build: the repeat buyers across days. */
export interface SavedSearch {
  id: string;
  label: string;
  description: string;
  query: HistoryQuery;
}

/** Distinct ET trading days a contract must be bought on to count as a repeat buyer (README, History search). */
export const REPEAT_BUYER_MIN_DAYS = 3;

export const SAVED_SEARCHES: readonly SavedSearch[] = [
  {
    id: 'repeat-buyers',
    label: 'Repeat buyers',
    description: `The same contract bought (direction BUY) on ${REPEAT_BUYER_MIN_DAYS} or more distinct ET trading days`,
    query: { repeat: { direction: 'BUY', minDays: REPEAT_BUYER_MIN_DAYS } },
  },
];
