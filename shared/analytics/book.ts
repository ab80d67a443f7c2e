// Order-book analytics for OPTIONS_BOOK snapshots (shared/analytics/FLOW-RULES.md §6). A live option
// book is a single level per side broken down by up to 16 venues (docs/schwab-streaming.md §9);
// everything here works the same with 1 level or 50, and reads the one-level shape first. Bids are
// best (highest) first and asks best (lowest) first, as in Book.
import type { Book, BookLevel } from '../domain/market.ts';
import { etMsSinceMidnight } from '../time/eastern.ts';

type Level = Pick<BookLevel, 'price' | 'size'>;
interface Sides {
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}
type VenueLevel = Pick<BookLevel, 'price' | 'size' | 'venueCount'>;
interface VenueSides {
  readonly bids: readonly VenueLevel[];
  readonly asks: readonly VenueLevel[];
}

export interface TopOfBook {
  bid: BookLevel | null;
  ask: BookLevel | null;
}

export interface Spread {
  /** Ask minus bid; negative when the book is crossed. */
  dollars: number;
  percentOfMid: number;
  mid: number;
}

export interface DepthPoint {
  price: number;
  size: number;
  /** Size of this level and every better one on its side. */
  cumulative: number;
}

/** Prices are decimals held in doubles; a spread is shown rounded well below a tick. */
const PRICE_DIGITS = 1e8;
/** A spread exactly at the alert threshold has not widened past it, whatever the double noise. */
const PERCENT_SLACK = 1e-9;

const roundPrice = (x: number): number => Math.round(x * PRICE_DIGITS) / PRICE_DIGITS;

export function topOfBook(book: Pick<Book, 'bids' | 'asks'>): TopOfBook {
  return { bid: book.bids[0] ?? null, ask: book.asks[0] ?? null };
}

/**
 * The touch spread, or null when a side is empty or the mid is not positive (a percent of a
 * zero mid means nothing). Dollars are rounded to 1e-8 so 1.30 - 1.25 reads 0.05.
 */
export function spreadOf(book: Sides): Spread | null {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return null;
  const mid = roundPrice((bid.price + ask.price) / 2);
  if (!(mid > 0)) return null;
  const dollars = roundPrice(ask.price - bid.price);
  return { dollars, percentOfMid: (dollars * 100) / mid, mid };
}

/** True when the spread is past `thresholdPercent` of mid (strictly); false without a spread. */
export function isSpreadWide(book: Sides, thresholdPercent: number): boolean {
  const spread = spreadOf(book);
  return spread !== null && spread.percentOfMid - thresholdPercent > PERCENT_SLACK;
}

/**
 * (bid size - ask size) / (bid size + ask size) over the best `topN` levels of each side
 * (Infinity for all): 1 is all bids, -1 all asks, 0 when both are empty. On a one-level book
 * that is the touch, each side's size summed across its venues.
 */
export function imbalance(book: Sides, topN: number): number {
  const bidSize = sizeOfTop(book.bids, topN);
  const askSize = sizeOfTop(book.asks, topN);
  const total = bidSize + askSize;
  return total > 0 ? (bidSize - askSize) / total : 0;
}

export interface ImbalanceReading {
  /** -1 (all asks) .. 1 (all bids), as imbalance(). */
  value: number;
  /**
   * Levels summed on the deeper side: min(topN, the book's depth). 1 is the touch alone: the
   * shape of a live options book, one level per side split up by venue.
   */
  levels: number;
  /** Venues quoting in the levels summed, per side (a venue on two levels counts twice). */
  venues: { bid: number; ask: number };
}

/**
 * The imbalance with what it was read over, so it can be labelled truthfully: "the touch, across
 * 16 and 14 venues" on a one-level book, "the best 5 levels" on a deep one, never "top 5" when
 * the book has one level.
 */
export function imbalanceOf(book: VenueSides, topN: number): ImbalanceReading {
  return {
    value: imbalance(book, topN),
    levels: Math.max(Math.min(topN, book.bids.length), Math.min(topN, book.asks.length)),
    venues: { bid: venuesOfTop(book.bids, topN), ask: venuesOfTop(book.asks, topN) },
  };
}

/** Dollars resting on a side: sum of price x size x multiplier, rounded to the cent. */
export function notional(levels: readonly Level[], multiplier = 100): number {
  let sum = 0;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] as Level;
    sum += level.price * level.size;
  }
  return Math.round(sum * multiplier * 100) / 100;
}

/** Depth-chart points in book order (best first), each with the running size. */
export function cumulativeDepth(levels: readonly Level[]): DepthPoint[] {
  const points: DepthPoint[] = [];
  let cumulative = 0;
  for (let i = 0; i < levels.length; i++) {
    const { price, size } = levels[i] as Level;
    cumulative += size;
    points.push({ price, size, cumulative });
  }
  return points;
}

function sizeOfTop(levels: readonly Level[], topN: number): number {
  let sum = 0;
  for (let i = 0; i < levels.length && i < topN; i++) sum += (levels[i] as Level).size;
  return sum;
}

function venuesOfTop(levels: readonly VenueLevel[], topN: number): number {
  let sum = 0;
  for (let i = 0; i < levels.length && i < topN; i++) sum += (levels[i] as VenueLevel).venueCount;
  return sum;
}

/** The freshest venue of a live book was updated at most this long before the snapshot. */
export const FRESHEST_VENUE_MAX_LAG_MS = 10 * 60_000;
const CLOCK_SLACK_MS = 2_000;
const HOUR_MS = 3_600_000;

/**
 * How a book's venue quote times (ms since midnight New York time) line up with its snapshot
 * time, decided from the book itself: the freshest venue of a live book was updated seconds
 * before the snapshot. Schwab's only live book sample is from standard time; the one summer
 * sample we have (TD Ameritrade's, which Schwab's streamer inherited) is exactly one hour behind
 * New York daylight time. So: when the freshest venue is up to ten minutes behind, the venue
 * clock is New York time (offset 0); when it is an hour more behind, the venue clock is on
 * standard time through the summer (offset one hour); anything else cannot be read, and no
 * venue age is shown (null). FLOW-RULES.md §6.
 */
export function venueClockOffset(book: Pick<Book, 'time' | 'bids' | 'asks'>): number | null {
  let freshest = -1;
  for (const level of [...book.bids, ...book.asks]) for (const venue of level.venues) freshest = Math.max(freshest, venue.quoteTimeEtMs);
  return clockOffsetOf(book.time, freshest);
}

/**
 * venueClockOffset's decision from a snapshot's time and its freshest venue quote time (negative:
 * no venue), for callers that hold venues in another shape (shared/analytics/book-timeline.ts).
 */
export function clockOffsetOf(bookTime: number, freshest: number): number | null {
  if (freshest < 0) return null;
  const lag = etMsSinceMidnight(bookTime) - freshest;
  for (const offset of [0, HOUR_MS]) {
    const behind = lag - offset;
    if (behind >= -CLOCK_SLACK_MS && behind <= FRESHEST_VENUE_MAX_LAG_MS) return offset;
  }
  return null;
}
