// What the book window reads over time for one contract: a compact column per OPTIONS_BOOK
// snapshot (the touch split by venue, plus any deeper levels), the contract's prints, and the
// book events detected between consecutive snapshots (shared/analytics/FLOW-RULES.md §7). The
// worker builds these from every book frame in stream order, so a replay of a session builds the
// same columns and events as the live session did.
import type { Direction, Side } from './flow.ts';

export type BookSideName = 'bid' | 'ask';

/**
 * refill: a venue's size at the touch restored right after a print took it (a likely hidden or
 * iceberg order). pull: size leaving the touch without a print. stack: size added on one side
 * while the other thins. touch: the side's best price moved to a new level.
 */
export type BookEventKind = 'refill' | 'pull' | 'stack' | 'touch';

export const BOOK_EVENT_KINDS: readonly BookEventKind[] = ['refill', 'pull', 'stack', 'touch'];

/** The rule that decided an event, published with its thresholds in FLOW-RULES.md §7. */
export type BookEventRule =
  /** The venue's size came back within the refill window after a print at its price took it. */
  | 'REFILL_AFTER_PRINT'
  /** Same size in both snapshots, but the venue's quote time moved past a print at its price. */
  | 'REFILL_BY_QUOTE_TIME'
  /** Size left (or the venue left) with no print at that price between the snapshots. */
  | 'PULL_NO_PRINT'
  /** Added on one side and thinned on the other in the same step, both past the thresholds. */
  | 'STACK_ONE_SIDE'
  /** The best price of the side changed. */
  | 'TOUCH_MOVED';

export interface BookEvent {
  /** Unique within a session: symbol, snapshot time, kind, side and venue. */
  id: string;
  symbol: string;
  kind: BookEventKind;
  rule: BookEventRule;
  side: BookSideName;
  /** Schwab's venue code; null when the event is about the side as a whole (stack, touch). */
  venue: string | null;
  price: number;
  /** Contracts refilled, pulled or stacked; for touch, the size at the new best price. */
  size: number;
  /** The snapshot's market time (epoch ms) at which the event was seen. */
  time: number;
  /** The evidence in words, with the numbers the rule compared. */
  reason: string;
}

/**
 * One venue on one price level of a column: Schwab's code, displayed size and the venue's quote
 * time (ms since midnight, as Schwab sends it; shared/analytics/book.ts says when it can be read).
 */
export type VenueSize = readonly [venue: string, size: number, quoteTimeEtMs: number];

export interface TimelineLevel {
  price: number;
  size: number;
  /** Largest first, as Schwab sends them. */
  venues: readonly VenueSize[];
}

/** One OPTIONS_BOOK snapshot, reduced to what the heat map, montage metrics and sparklines draw. */
export interface TimelineColumn {
  /** The snapshot's market time (epoch ms). */
  time: number;
  /** Best first; at most TIMELINE_LEVELS per side. */
  bids: readonly TimelineLevel[];
  asks: readonly TimelineLevel[];
}

/** A flow of the contract (one inferred order, at its size-weighted price), placed on the heat map. */
export interface TimelinePrint {
  /** The flow's id, so a flow that grows or is busted replaces its print. */
  flowId: string;
  time: number;
  price: number;
  size: number;
  /** Where the flow printed against the quote it was judged by (the flow's own side). */
  side: Side;
  /** Buy or sell as the flow rules decided it: the colour of the print. */
  direction: Direction;
  cancelled: boolean;
}

/**
 * Everything one contract's book window needs to draw its history. The same shape carries what
 * is new (a push: columns and events appended, prints added or replaced by flowId).
 */
export interface BookTimeline {
  symbol: string;
  /**
   * Set on a push that replaces the window's whole history instead of adding to it: the session
   * on screen changed (a replay opened or closed) or a replay moved to another time.
   */
  reset?: true;
  /** Oldest first. */
  columns: TimelineColumn[];
  /** Oldest first. */
  prints: TimelinePrint[];
  /** Oldest first. */
  events: BookEvent[];
}

/** Levels per side a column keeps: the heat map of a deep book draws at most this many. */
export const TIMELINE_LEVELS = 10;
/** How much history a contract keeps, in market time. */
export const TIMELINE_SPAN_MS = 5 * 60_000;
