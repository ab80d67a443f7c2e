// A contract's book over time (FLOW-RULES.md §7): each OPTIONS_BOOK snapshot reduced to a column,
// the contract's flows as prints, and the book events, kept for the last TIMELINE_SPAN_MS of
// market time. The worker feeds a buffer from the stream and pushes what is new; the book window
// applies those pushes to its own buffer and ends up with exactly what the worker holds.
import type {
  BookEvent,
  BookTimeline,
  TimelineColumn,
  TimelineLevel,
  TimelinePrint,
  VenueSize,
} from '../domain/book-events.ts';
import { TIMELINE_LEVELS, TIMELINE_SPAN_MS } from '../domain/book-events.ts';
import type { Flow } from '../domain/flow.ts';
import type { Book, BookLevel } from '../domain/market.ts';
import { epochFromEtMsSinceMidnight } from '../time/eastern.ts';
import { clockOffsetOf, imbalance, notional, spreadOf } from './book.ts';

/**
 * Hard cap per kind of item, whatever the span: a feed far faster than Schwab's one update a
 * second (or a flood of prints) must not grow a buffer without bound. 5 minutes at 10 snapshots
 * a second is 3,000.
 */
export const TIMELINE_MAX_ITEMS = 5_000;

/**
 * How a column's venue quote times line up with its snapshot time: the same decision the book
 * window makes on a whole book (venueClockOffset, FLOW-RULES.md §6). Add the result to a venue's
 * quoteTimeEtMs to get New York time; null when the times cannot be read.
 */
export function columnClockOffset(column: TimelineColumn): number | null {
  // Read from the tuples as they are: this runs for every step of every book in the worker.
  let freshest = -1;
  for (const levels of [column.bids, column.asks]) for (const level of levels) for (const venue of level.venues) freshest = Math.max(freshest, venue[2]);
  return clockOffsetOf(column.time, freshest);
}

const DAY_MS = 86_400_000;

/**
 * A venue's quote time as epoch ms, given the column's clock offset, placed on the day of
 * `referenceEpochMs`; null when it falls outside a day (a clock that does not fit).
 */
export function venueQuoteEpoch(quoteTimeEtMs: number, offsetMs: number, referenceEpochMs: number): number | null {
  const et = quoteTimeEtMs + offsetMs;
  if (!(et >= 0 && et < DAY_MS)) return null;
  return epochFromEtMsSinceMidnight(et, referenceEpochMs);
}

function toTimelineLevel(level: BookLevel): TimelineLevel {
  const venues: VenueSize[] = level.venues.map((v) => [v.venue, v.size, v.quoteTimeEtMs] as const);
  // Largest first; the sort is stable, so equal sizes keep Schwab's order.
  venues.sort((a, b) => b[1] - a[1]);
  return { price: level.price, size: level.size, venues };
}

/** One snapshot as a column: at most TIMELINE_LEVELS a side, each level's venues largest first. */
export function toTimelineColumn(book: Pick<Book, 'time' | 'bids' | 'asks'>): TimelineColumn {
  return {
    time: book.time,
    bids: book.bids.slice(0, TIMELINE_LEVELS).map(toTimelineLevel),
    asks: book.asks.slice(0, TIMELINE_LEVELS).map(toTimelineLevel),
  };
}

/** A flow as a print on the heat map: its id, first print time, weighted price, size and sides. */
export function toTimelinePrint(
  flow: Pick<Flow, 'id' | 'time' | 'price' | 'size' | 'side' | 'direction' | 'cancelled'>,
): TimelinePrint {
  return {
    flowId: flow.id,
    time: flow.time,
    price: flow.price,
    size: flow.size,
    side: flow.side,
    direction: flow.direction,
    cancelled: flow.cancelled === true,
  };
}

/** Where an item of time `time` goes in a list sorted oldest first: after every equal time. */
function insertionIndex<T extends { readonly time: number }>(items: readonly T[], time: number): number {
  let lo = 0;
  let hi = items.length;
  // Items almost always arrive in time order: check the end first.
  if (hi === 0 || (items[hi - 1] as T).time <= time) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as T).time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Drops items older than `cutoff` (and the oldest past the cap) from a list sorted oldest first. */
function pruneOld<T extends { readonly time: number }>(items: T[], cutoff: number): void {
  let drop = 0;
  while (drop < items.length && (items[drop] as T).time < cutoff) drop++;
  drop = Math.max(drop, items.length - TIMELINE_MAX_ITEMS);
  if (drop > 0) items.splice(0, drop);
}

/** A buffer's whole state (BookTimelineBuffer.state): what a replay checkpoint keeps of it. */
export interface TimelineBufferState {
  readonly columns: readonly TimelineColumn[];
  readonly prints: readonly TimelinePrint[];
  readonly events: readonly BookEvent[];
  readonly newest: number;
}

/**
 * The last `spanMs` of one contract's book history. Everything older than `spanMs` before the
 * newest time seen (any column, print or event) is dropped, so a buffer never grows past the
 * span (and TIMELINE_MAX_ITEMS per kind). What it keeps depends only on what it was given, not
 * on how it was batched: a column with the time of one already held replaces it, an event with
 * the id of one held is ignored, and a print replaces the one with its flowId in place. So
 * applying successive pushes, even overlapping ones (a push that crosses the first request),
 * holds exactly what a buffer fed directly holds.
 */
export class BookTimelineBuffer {
  readonly symbol: string;
  readonly spanMs: number;
  #columns: TimelineColumn[] = [];
  #prints: TimelinePrint[] = [];
  #events: BookEvent[] = [];
  #eventIds = new Set<string>();
  #newest = Number.NEGATIVE_INFINITY;

  constructor(symbol: string, spanMs: number = TIMELINE_SPAN_MS) {
    if (!(Number.isFinite(spanMs) && spanMs > 0)) {
      throw new RangeError(`Bad timeline span ${spanMs}: must be a positive number of ms`);
    }
    this.symbol = symbol;
    this.spanMs = spanMs;
  }

  /** Oldest first. */
  get columns(): readonly TimelineColumn[] {
    return this.#columns;
  }

  /** Oldest first (by the flow's first print). */
  get prints(): readonly TimelinePrint[] {
    return this.#prints;
  }

  /** Oldest first. */
  get events(): readonly BookEvent[] {
    return this.#events;
  }

  /** The newest market time seen, or -Infinity before anything. */
  get newestTime(): number {
    return this.#newest;
  }

  addColumn(column: TimelineColumn): void {
    checkTime('column', column.time);
    if (this.#isTooOld(column.time)) return;
    const at = insertionIndex(this.#columns, column.time);
    const before = this.#columns[at - 1];
    if (before !== undefined && before.time === column.time) this.#columns[at - 1] = column;
    else this.#columns.splice(at, 0, column);
    this.#advance(column.time);
  }

  /** Adds a flow's print, or replaces the print of the same flow where it is (it grew or was busted). */
  upsertPrint(print: TimelinePrint): void {
    checkTime('print', print.time);
    const held = this.#prints.findIndex((p) => p.flowId === print.flowId);
    if (held >= 0) {
      this.#prints[held] = print;
    } else {
      if (this.#isTooOld(print.time)) return;
      this.#prints.splice(insertionIndex(this.#prints, print.time), 0, print);
    }
    this.#advance(print.time);
  }

  addEvents(events: readonly BookEvent[]): void {
    for (const event of events) {
      checkTime('event', event.time);
      if (this.#eventIds.has(event.id) || this.#isTooOld(event.time)) continue;
      this.#events.splice(insertionIndex(this.#events, event.time), 0, event);
      this.#eventIds.add(event.id);
      this.#advance(event.time);
    }
  }

  /** Applies a push (or a whole history) of the same symbol; one marked reset replaces what is held. */
  apply(delta: BookTimeline): void {
    if (delta.symbol !== this.symbol) {
      throw new Error(`Timeline of ${delta.symbol} applied to the buffer of ${this.symbol}`);
    }
    // A push that replaces the whole history (the session on screen changed, or a replay seeked).
    if ('reset' in delta && delta.reset === true) this.clear();
    for (const column of delta.columns) this.addColumn(column);
    for (const print of delta.prints) this.upsertPrint(print);
    this.addEvents(delta.events);
  }

  /** Forgets everything held. */
  clear(): void {
    this.#columns = [];
    this.#prints = [];
    this.#events = [];
    this.#eventIds = new Set();
    this.#newest = Number.NEGATIVE_INFINITY;
  }

  /** Everything held, for a replay checkpoint: the lists copied, their items shared (never mutated). */
  state(): TimelineBufferState {
    return { columns: [...this.#columns], prints: [...this.#prints], events: [...this.#events], newest: this.#newest };
  }

  /** A buffer holding exactly what `state()` gave (the state stays usable for another restore). */
  static fromState(symbol: string, spanMs: number, state: TimelineBufferState): BookTimelineBuffer {
    const buffer = new BookTimelineBuffer(symbol, spanMs);
    buffer.#columns = [...state.columns];
    buffer.#prints = [...state.prints];
    buffer.#events = [...state.events];
    buffer.#eventIds = new Set(state.events.map((e) => e.id));
    buffer.#newest = state.newest;
    return buffer;
  }

  /** A copy of what is held (the arrays are new; the items are shared and never mutated). */
  snapshot(): BookTimeline {
    return {
      symbol: this.symbol,
      columns: [...this.#columns],
      prints: [...this.#prints],
      events: [...this.#events],
    };
  }

  #isTooOld(time: number): boolean {
    return time < this.#newest - this.spanMs;
  }

  #advance(time: number): void {
    if (time > this.#newest) this.#newest = time;
    const cutoff = this.#newest - this.spanMs;
    pruneOld(this.#columns, cutoff);
    pruneOld(this.#prints, cutoff);
    const before = this.#events.length;
    pruneOld(this.#events, cutoff);
    if (this.#events.length !== before) this.#eventIds = new Set(this.#events.map((e) => e.id));
  }
}

function checkTime(what: string, time: number): void {
  if (!Number.isFinite(time)) throw new RangeError(`Bad ${what} time ${time}: must be epoch ms`);
}

/** The touch of one column, for the metric strip and its sparklines. */
export interface TouchMetrics {
  time: number;
  bidPrice: number | null;
  askPrice: number | null;
  /** Summed across the touch's venues (0 when the side is empty). */
  bidSize: number;
  askSize: number;
  /** Ask minus bid; null when a side is empty or the mid is not positive. */
  spread: number | null;
  /** The spread as a percent of mid (5 means 5%). */
  spreadPercent: number | null;
  /** (bid size - ask size) / (bid size + ask size) at the touch across all its venues, -1..1. */
  imbalance: number;
  bidVenues: number;
  askVenues: number;
  /** (bid price x bid size + ask price x ask size) x 100 at the touch, to the cent. */
  notional: number;
}

export function touchMetrics(column: TimelineColumn): TouchMetrics {
  const bid = column.bids[0];
  const ask = column.asks[0];
  const spread = spreadOf(column);
  const touch: TimelineLevel[] = [];
  if (bid !== undefined) touch.push(bid);
  if (ask !== undefined) touch.push(ask);
  return {
    time: column.time,
    bidPrice: bid?.price ?? null,
    askPrice: ask?.price ?? null,
    bidSize: bid?.size ?? 0,
    askSize: ask?.size ?? 0,
    spread: spread?.dollars ?? null,
    spreadPercent: spread?.percentOfMid ?? null,
    imbalance: imbalance(column, 1),
    bidVenues: bid?.venues.length ?? 0,
    askVenues: ask?.venues.length ?? 0,
    notional: notional(touch),
  };
}
