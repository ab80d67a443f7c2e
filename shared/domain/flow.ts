// An options flow: one inferred parent order, with the evidence that produced it.
// The rules are published in shared/analytics/FLOW-RULES.md; names here follow it.
import type { Right } from './market.ts';
import type { SessionId } from './session-id.ts';
import type { StrategyLink } from './strategy.ts';
import type { NextDayCheck } from './next-day.ts';

/** Where the print sat against the quote in force strictly before it. */
export type Side = 'ABOVE_ASK' | 'ASK' | 'MID' | 'BID' | 'BELOW_BID';
export const SIDES: readonly Side[] = ['ABOVE_ASK', 'ASK', 'MID', 'BID', 'BELOW_BID'];

export type Direction = 'BUY' | 'SELL' | 'UNKNOWN';
export const DIRECTIONS: readonly Direction[] = ['BUY', 'SELL', 'UNKNOWN'];

/** Which rule decided the direction: the trade-size rule, the quote rule, or for prints inside
 *  the spread the midpoint, then depth, then tick; NONE when no rule was confident enough. */
export type SideRule = 'TRADE_SIZE' | 'QUOTE' | 'MIDPOINT' | 'DEPTH' | 'TICK' | 'NONE';
export const SIDE_RULES: readonly SideRule[] = ['TRADE_SIZE', 'QUOTE', 'MIDPOINT', 'DEPTH', 'TICK', 'NONE'];

export type FlowKind = 'SWEEP' | 'BLOCK' | 'SPLIT' | 'SINGLE';
export const FLOW_KINDS: readonly FlowKind[] = ['SWEEP', 'BLOCK', 'SPLIT', 'SINGLE'];

export type Moneyness = 'ITM' | 'ATM' | 'OTM';
export const MONEYNESS: readonly Moneyness[] = ['ITM', 'ATM', 'OTM'];

export type Sentiment = 'BULLISH' | 'BEARISH' | 'NEUTRAL';

/** The quote a print was judged against. */
export interface QuoteEvidence {
  time: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

/** One Level 1 update that made a print of this flow. */
export interface PrintEvidence {
  receivedAt: number;
  time: number;
  size: number;
  price: number;
  /** Volume before and after the update: size = after - before. */
  volumeBefore: number;
  volumeAfter: number;
  /** Field 18 as merged after the update; less than size means conflated prints. */
  lastSize: number | null;
  side: Side;
  quote: QuoteEvidence | null;
}

export interface FlowEvidence {
  prints: PrintEvidence[];
  /** Human-readable reasons, in the order the rules fired (e.g. "price 1.25 >= ask 1.25"). */
  reasons: string[];
  kindRule: string;
  /** Institutional or retail (FLOW-RULES.md §9): the confidence and every clue that moved it. */
  senderRule?: string;
}

export interface Flow {
  id: string;
  sessionId: SessionId;
  /** Time of the first print (epoch ms). */
  time: number;
  /** Time of the latest print (epoch ms). */
  lastTime: number;
  symbol: string;
  underlying: string;
  expiry: string;
  strike: number;
  right: Right;
  /** Contracts across all prints. */
  size: number;
  /** Size-weighted average price. */
  price: number;
  premium: number;
  side: Side;
  direction: Direction;
  sentiment: Sentiment;
  kind: FlowKind;
  whale: boolean;
  moneyness: Moneyness | null;
  /** Signed percent out of the money (negative when in the money); null without a spot price. */
  otmPercent: number | null;
  dte: number;
  /** The pre-trade quote of the first print. */
  bid: number | null;
  ask: number | null;
  underlyingPrice: number | null;
  openInterest: number | null;
  dayVolume: number | null;
  iv: number | null;
  delta: number | null;
  conflated: boolean;
  prints: number;
  /** 0..1: how sure the side is. */
  confidence: number;
  sideRule: SideRule;
  /** 0..1: how sure the kind is. */
  kindConfidence: number;
  openingLikely: boolean;
  unusual: boolean;
  repeater: boolean;
  spreadLeg: boolean;
  delayed: boolean;
  /**
   * A busted trade undid this flow: day volume fell by its size afterwards (FLOW-RULES.md §1).
   * The evidence says when and by how much. Absent (flows stored before version 3) means no.
   */
  cancelled?: boolean;
  /** The multi-leg strategy this flow is a leg of (FLOW-RULES.md §8); absent when none. */
  strategy?: StrategyLink;
  /** 0..1: how likely an institution sent it, retail the rest (FLOW-RULES.md §9). Absent on flows stored before. */
  institutional?: number;
  /** What a later trading day's open interest said (FLOW-RULES.md §10); absent until one was seen. */
  nextDay?: NextDayCheck;
  /** Increments each time the cluster grows; the store keeps the highest. */
  version: number;
  evidence: FlowEvidence;
}

/** Buy side is bullish for calls, bearish for puts; sell side the mirror. */
export function sentimentOf(right: Right, direction: Direction): Sentiment {
  if (direction === 'UNKNOWN') return 'NEUTRAL';
  const bought = direction === 'BUY';
  return (right === 'C') === bought ? 'BULLISH' : 'BEARISH';
}
