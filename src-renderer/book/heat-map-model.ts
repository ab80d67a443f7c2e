// What the book window's heat map draws, as plain data: rows (the touch's venues per side on a
// one-level book, price levels on a deeper one), a column per book snapshot with the size in each
// row, the contract's prints and the book events placed on those rows, and the NBBO under it.
// Pure: the same timeline and window give the same model, so a replay can be compared with live.
import type { BookEvent, BookEventKind, BookSideName, TimelineColumn, TimelineLevel, TimelinePrint } from '../../shared/domain/book-events.ts';
import type { Direction } from '../../shared/domain/flow.ts';

/** venues: one row per venue at the touch, bids above asks. levels: one row per price, highest first. */
export type HeatLayout = 'venues' | 'levels';

export interface HeatMapOptions {
  layout: HeatLayout;
  /** Market time (epoch ms) at the left edge. */
  from: number;
  /** Market time (epoch ms) at the right edge. */
  to: number;
}

export interface HeatRow {
  /** Stable while the row is shown: `bid:CBOE`, or `p:125` (price in cents). */
  key: string;
  /** The row's side in the venue layout; null for a price row (a price can be bid, then ask). */
  side: BookSideName | null;
  venue: string | null;
  price: number | null;
}

export interface HeatCell {
  row: number;
  size: number;
  side: BookSideName;
}

export interface HeatColumn {
  /** The snapshot's market time: the column's left edge. */
  time: number;
  /** The next snapshot's time, or `to` for the newest: the column's right edge. */
  until: number;
  cells: HeatCell[];
}

export interface HeatPrint {
  flowId: string;
  time: number;
  price: number;
  size: number;
  direction: Direction;
  cancelled: boolean;
  /** Vertical place in rows from the top (0 is the top edge; 1.5 the middle of the second row). */
  y: number;
}

export interface HeatEvent {
  id: string;
  kind: BookEventKind;
  side: BookSideName;
  venue: string | null;
  size: number;
  time: number;
  y: number;
}

export interface NbboPoint {
  time: number;
  bid: number | null;
  ask: number | null;
  /** Ask minus bid in dollars, rounded to a hundredth of a cent; null without both sides. */
  spread: number | null;
}

/** What the model reads: a BookTimeline, or the book window's buffer as it is held. */
export interface HeldHistory {
  readonly columns: readonly TimelineColumn[];
  readonly prints: readonly TimelinePrint[];
  readonly events: readonly BookEvent[];
}

export interface HeatMapModel {
  layout: HeatLayout;
  from: number;
  to: number;
  rows: HeatRow[];
  /** In the venue layout, rows before this index are bids; the rest are asks. */
  bidRows: number;
  columns: HeatColumn[];
  /** Largest size of any cell, for the colour scale (0 with no cells). */
  maxSize: number;
  prints: HeatPrint[];
  events: HeatEvent[];
  nbbo: NbboPoint[];
}

/** More price rows than this would be thinner than a pixel or two; the ones nearest the last mid are kept. */
export const MAX_PRICE_ROWS = 48;

const cents = (price: number): number => Math.round(price * 100);

/**
 * Columns drawn in [from, to]: those inside it, plus the last one before `from`, which is still
 * what the book showed at the left edge.
 */
export function columnsInWindow(columns: readonly TimelineColumn[], from: number, to: number): TimelineColumn[] {
  let lo = 0;
  let hi = columns.length;
  // First column with time > from.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((columns[mid]?.time ?? 0) > from) hi = mid;
    else lo = mid + 1;
  }
  const start = Math.max(0, lo - 1);
  const out: TimelineColumn[] = [];
  for (let i = start; i < columns.length; i++) {
    const column = columns[i];
    if (!column || column.time > to) break;
    out.push(column);
  }
  return out;
}

export function heatMapModel(timeline: HeldHistory, options: HeatMapOptions): HeatMapModel {
  const { layout, from, to } = options;
  const shown = columnsInWindow(timeline.columns, from, to);
  // Rows come from the columns in the window, in a fixed order, so they hold still while it
  // scrolls unless a venue or price comes or goes (and the drawing can keep what it drew).
  const placed = layout === 'venues' ? venueRows(shown) : priceRows(shown);
  const columns: HeatColumn[] = [];
  let maxSize = 0;
  const rowsKey = rowsKeyOf(placed.rows);
  shown.forEach((column, i) => {
    const { cells, max } = cellsOf(column, placed, rowsKey);
    if (max > maxSize) maxSize = max;
    columns.push({ time: Math.max(column.time, from), until: Math.min(shown[i + 1]?.time ?? to, to), cells });
  });
  return { layout, from, to, rows: placed.rows, bidRows: placed.bidRows, columns, maxSize, ...marksOf(timeline, shown, placed, from, to), nbbo: shown.map(nbboOfCached) };
}

/** The rows' identity: equal keys, equal rows. */
export const rowsKeyOf = (rows: readonly HeatRow[]): string => rows.map((row) => row.key).join(',');

/** The prints and book events in [from, to], placed on the rows of the columns shown. */
export function marksOf(timeline: HeldHistory, shown: readonly TimelineColumn[], placed: Placement, from: number, to: number): Pick<HeatMapModel, 'prints' | 'events'> {
  const rowsKey = rowsKeyOf(placed.rows);
  const prints: HeatPrint[] = [];
  for (const print of timeline.prints) {
    if (print.time < from || print.time > to) continue;
    const at = columnAt(shown, print.time);
    prints.push({ flowId: print.flowId, time: print.time, price: print.price, size: print.size, direction: print.direction, cancelled: print.cancelled, y: placed.printY(print.price, at) });
  }
  const events: HeatEvent[] = [];
  // The held events are in time order (BookTimelineBuffer inserts them so): only those in the
  // window are read, from the first at or after `from`.
  const held = timeline.events;
  for (let i = firstAtOrAfter(held, from); i < held.length; i++) {
    const event = held[i] as BookEvent;
    if (event.time > to) break;
    const at = columnAt(shown, event.time);
    // Placed once per set of rows and column: a window holds hundreds of events, each placed
    // again in every frame before. The same placement (the builder keeps one while the rows
    // hold) is told by identity before its rows' key is compared.
    const cached = eventCache.get(event);
    if (cached && cached.at === at && (cached.placed === placed || cached.rowsKey === rowsKey)) {
      cached.placed = placed;
      events.push(cached.mark);
      continue;
    }
    const mark: HeatEvent = { id: event.id, kind: event.kind, side: event.side, venue: event.venue, size: event.size, time: event.time, y: placed.eventY(event, at) };
    eventCache.set(event, { placed, rowsKey, at, mark });
    events.push(mark);
  }
  return { prints, events };
}

/** The index of the first item at or after `time` in items in time order (their length if none). */
function firstAtOrAfter(items: readonly { time: number }[], time: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid]?.time ?? 0) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Each book event as placed on the heat map, with the rows and the column it was placed by. */
const eventCache = new WeakMap<BookEvent, { placed: Placement; rowsKey: string; at: TimelineColumn | null; mark: HeatEvent }>();

/**
 * A column's cells, kept while the rows stay the same: held columns never change, so scrolling
 * the window recomputes only the new ones.
 */
export interface PlacedCells {
  rowsKey: string;
  cells: HeatCell[];
  /** The largest cell's size, for the colour scale. */
  max: number;
}

const cellCache = new WeakMap<TimelineColumn, PlacedCells>();

export function cellsOf(column: TimelineColumn, placed: Placement, rowsKey: string): PlacedCells {
  const held = cellCache.get(column);
  if (held?.rowsKey === rowsKey) return held;
  const cells = placed.cells(column);
  let max = 0;
  for (const cell of cells) max = Math.max(max, cell.size);
  const entry = { rowsKey, cells, max };
  cellCache.set(column, entry);
  return entry;
}

/** The rows and how a column's cells, a print and an event are placed on them. */
export interface Placement {
  rows: HeatRow[];
  bidRows: number;
  cells(column: TimelineColumn): HeatCell[];
  printY(price: number, column: TimelineColumn | null): number;
  eventY(event: BookEvent, column: TimelineColumn | null): number;
}

/**
 * The column showing at `time`: the newest at or before it (the first before any). A binary
 * search: every print and event in the window asks, over thousands of columns at 20 books a second.
 */
export function columnAt(columns: readonly TimelineColumn[], time: number): TimelineColumn | null {
  let lo = 0;
  let hi = columns.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((columns[mid]?.time ?? 0) <= time) lo = mid + 1;
    else hi = mid;
  }
  return columns[lo - 1] ?? columns[0] ?? null;
}

const nbboCache = new WeakMap<TimelineColumn, NbboPoint>();

export function nbboOfCached(column: TimelineColumn): NbboPoint {
  let point = nbboCache.get(column);
  if (!point) {
    point = nbboOf(column);
    nbboCache.set(column, point);
  }
  return point;
}

function nbboOf(column: TimelineColumn): NbboPoint {
  const bid = column.bids[0]?.price ?? null;
  const ask = column.asks[0]?.price ?? null;
  return { time: column.time, bid, ask, spread: bid === null || ask === null ? null : Math.round((ask - bid) * 10_000) / 10_000 };
}

/**
 * One row per venue seen at the touch in the window: bids on top, asks below, each band in venue
 * code order, so a venue keeps its row as sizes change and a row reads as one exchange over time.
 */
function venueRows(columns: readonly TimelineColumn[]): Placement {
  const seen = { bid: new Set<string>(), ask: new Set<string>() };
  let previous = '';
  for (const column of columns) {
    const codes = touchVenueCodes(column);
    // Consecutive snapshots mostly quote the same venues: each set of them is read once.
    if (codes.key === previous) continue;
    previous = codes.key;
    for (const venue of codes.bid) seen.bid.add(venue);
    for (const venue of codes.ask) seen.ask.add(venue);
  }
  return venuePlacement([...seen.bid].sort(), [...seen.ask].sort());
}

/** The venue layout's rows for these venues (each list in code order) and how to place on them. */
export function venuePlacement(bidVenues: readonly string[], askVenues: readonly string[]): Placement {
  const rows: HeatRow[] = [
    ...bidVenues.map((venue): HeatRow => ({ key: `bid:${venue}`, side: 'bid', venue, price: null })),
    ...askVenues.map((venue): HeatRow => ({ key: `ask:${venue}`, side: 'ask', venue, price: null })),
  ];
  const index = new Map(rows.map((row, i) => [row.key, i]));
  const bidRows = bidVenues.length;
  const cells = (column: TimelineColumn): HeatCell[] => {
    const out: HeatCell[] = [];
    for (const side of ['bid', 'ask'] as const) {
      const level = side === 'bid' ? column.bids[0] : column.asks[0];
      for (const [venue, size] of level?.venues ?? []) {
        const row = index.get(`${side}:${venue}`);
        if (row !== undefined && size > 0) out.push({ row, size, side });
      }
    }
    return out;
  };
  // A print at or below the bid took bid venues: half a row into the bid band; at or above the
  // ask, into the ask band; inside the spread, on the line between them.
  const printY = (price: number, column: TimelineColumn | null): number => {
    const bid = column?.bids[0]?.price;
    const ask = column?.asks[0]?.price;
    if (bid !== undefined && cents(price) <= cents(bid)) return bidRows - 0.5;
    if (ask !== undefined && cents(price) >= cents(ask)) return bidRows + 0.5;
    return bidRows;
  };
  const eventY = (event: BookEvent): number => {
    const row = event.venue === null ? undefined : index.get(`${event.side}:${event.venue}`);
    if (row !== undefined) return row + 0.5;
    return event.side === 'bid' ? Math.max(0, bidRows - 0.5) : bidRows + 0.5;
  };
  return { rows, bidRows, cells, printY, eventY: (event) => eventY(event) };
}

export interface TouchCodes {
  bid: string[];
  ask: string[];
  /** Both lists in one string, to tell a snapshot with the same venues. */
  key: string;
  /** The rows' keys: `bid:CBOE`, `ask:PHLX`. */
  keys: string[];
}

const touchCodeCache = new WeakMap<TimelineColumn, TouchCodes>();

/** The venues with size at each side's touch of a column (kept: held columns never change). */
export function touchVenueCodes(column: TimelineColumn): TouchCodes {
  let codes = touchCodeCache.get(column);
  if (!codes) {
    const bid = codesOf(column.bids[0]);
    const ask = codesOf(column.asks[0]);
    codes = { bid, ask, key: `${bid.join(',')}|${ask.join(',')}`, keys: [...bid.map((v) => `bid:${v}`), ...ask.map((v) => `ask:${v}`)] };
    touchCodeCache.set(column, codes);
  }
  return codes;
}

function codesOf(level: TimelineLevel | undefined): string[] {
  const out: string[] = [];
  for (const [venue, size] of level?.venues ?? []) if (size > 0) out.push(venue);
  return out;
}

/** One row per price held in the window, highest on top; a cell is bid or ask by its side in that snapshot. */
function priceRows(columns: readonly TimelineColumn[]): Placement {
  const prices = new Set<number>();
  for (const column of columns) for (const level of [...column.bids, ...column.asks]) prices.add(cents(level.price));
  return pricePlacement(keptPrices(prices, columns.at(-1)));
}

/**
 * The price rows (cents, highest first) for the prices held in the window: all of them, or the
 * MAX_PRICE_ROWS nearest the mid of `last`, the newest column shown.
 */
export function keptPrices(prices: Iterable<number>, last: TimelineColumn | undefined): number[] {
  let kept = [...prices].sort((a, b) => b - a);
  if (kept.length > MAX_PRICE_ROWS) {
    const mid = last ? cents(((last.bids[0]?.price ?? last.asks[0]?.price ?? 0) + (last.asks[0]?.price ?? last.bids[0]?.price ?? 0)) / 2) : 0;
    kept = [...kept].sort((a, b) => Math.abs(a - mid) - Math.abs(b - mid) || b - a).slice(0, MAX_PRICE_ROWS).sort((a, b) => b - a);
  }
  return kept;
}

const priceCodeCache = new WeakMap<TimelineColumn, number[]>();

/** The prices (cents) of a column's levels, each once (kept: held columns never change). */
export function columnPrices(column: TimelineColumn): number[] {
  let prices = priceCodeCache.get(column);
  if (!prices) {
    prices = [...new Set([...column.bids, ...column.asks].map((level) => cents(level.price)))];
    priceCodeCache.set(column, prices);
  }
  return prices;
}

/** The level layout's rows for these prices (cents, highest first) and how to place on them. */
export function pricePlacement(kept: readonly number[]): Placement {
  const rows: HeatRow[] = kept.map((c) => ({ key: `p:${c}`, side: null, venue: null, price: c / 100 }));
  const index = new Map(kept.map((c, i) => [c, i]));
  const cells = (column: TimelineColumn): HeatCell[] => {
    const out: HeatCell[] = [];
    for (const side of ['bid', 'ask'] as const) {
      for (const level of side === 'bid' ? column.bids : column.asks) {
        const row = index.get(cents(level.price));
        if (row !== undefined && level.size > 0) out.push({ row, size: level.size, side });
      }
    }
    return out;
  };
  // A price between two rows sits between them (a print inside the spread, on its own price).
  const priceY = (price: number): number => {
    // Half cents kept: a mid print at 1.215 sits halfway between 1.23 and 1.20's rows.
    const c = price * 100;
    const exact = Math.abs(c - cents(price)) < 1e-6 ? index.get(cents(price)) : undefined;
    if (exact !== undefined) return exact + 0.5;
    if (kept.length === 0) return 0;
    const below = kept.findIndex((k) => k < c);
    if (below === -1) return kept.length;
    if (below === 0) return 0;
    const hi = kept[below - 1] ?? c;
    const lo = kept[below] ?? c;
    return Math.round((below - 0.5 + (hi - c) / (hi - lo)) * 1e6) / 1e6;
  };
  return { rows, bidRows: 0, cells, printY: (price) => priceY(price), eventY: (event) => priceY(event.price) };
}
