// What the book window shows, derived from one OPTIONS_BOOK snapshot and the book settings:
// the two ladders cut to the chosen depth (with running totals, bar widths and each venue's
// quote age), the touch spread against its alert threshold, the imbalance and the notional.
// The maths is shared/analytics/book.ts; this file only arranges it for the screen.
import type { Book, BookLevel } from '../../shared/domain/market.ts';
import type { ImbalanceReading, Spread } from '../../shared/analytics/book.ts';
import { cumulativeDepth, imbalanceOf, isSpreadWide, notional, spreadOf, venueClockOffset } from '../../shared/analytics/book.ts';
import { MONTAGE_MARK_MS } from '../../shared/analytics/venue-montage.ts';
import { formatDuration, formatNumber } from '../../shared/format/format.ts';
import { epochFromEtMsSinceMidnight } from '../../shared/time/eastern.ts';

export type BookSide = 'bid' | 'ask';

export interface VenueRow {
  venue: string;
  size: number;
  /** Share of the level's size (0..1). */
  share: number;
  /** How old the venue's quote was when the snapshot was taken (ms); null if unreadable. */
  ageMs: number | null;
}

export interface LadderRow {
  /** Stable across snapshots: side and price in cents. */
  key: string;
  side: BookSide;
  price: number;
  size: number;
  cumulative: number;
  venueCount: number;
  /** Size as a share of the largest level shown on either side, for the depth bar (0..1). */
  share: number;
  /** Largest venue first. */
  venues: VenueRow[];
}

export interface BookViewOptions {
  levels: number;
  spreadAlertPercent: number;
  imbalanceLevels: number;
  /** Contract multiplier for the notional (100 unless the quote says otherwise). */
  multiplier: number;
}

export interface BookView {
  bids: LadderRow[];
  asks: LadderRow[];
  /** Levels the snapshot carried per side, before cutting to `levels`. */
  depth: { bid: number; ask: number };
  spread: Spread | null;
  /** Past settings.book.spreadAlertPercent. */
  wide: boolean;
  crossed: boolean;
  /** -1 (all asks) .. 1 (all bids), over the best `imbalanceLevels` of each side. */
  imbalance: number;
  /** What the imbalance summed: the touch and its venues on a one-level book. */
  imbalanceOver: Omit<ImbalanceReading, 'value'>;
  notional: { bid: number; ask: number };
}

/** A venue quote this old or older is shown as stale. */
export const STALE_QUOTE_MS = 60_000;

export function levelKey(side: BookSide, price: number): string {
  return `${side}:${Math.round(price * 100)}`;
}

export function bookView(book: Book, options: BookViewOptions): BookView {
  const levels = Math.max(1, Math.floor(options.levels));
  const bids = book.bids.slice(0, levels);
  const asks = book.asks.slice(0, levels);
  let largest = 0;
  for (const level of bids) largest = Math.max(largest, level.size);
  for (const level of asks) largest = Math.max(largest, level.size);
  const spread = spreadOf(book);
  // Venue ages only where the book's venue clock can be read (shared/analytics/book.ts).
  const clock = venueClockOffset(book);
  return {
    bids: ladder('bid', bids, largest, book.time, clock),
    asks: ladder('ask', asks, largest, book.time, clock),
    depth: { bid: book.bids.length, ask: book.asks.length },
    spread,
    wide: isSpreadWide(book, options.spreadAlertPercent),
    crossed: spread !== null && spread.dollars < 0,
    ...imbalanceFields(imbalanceOf(book, options.imbalanceLevels)),
    notional: { bid: notional(bids, options.multiplier), ask: notional(asks, options.multiplier) },
  };
}

function imbalanceFields({ value, levels, venues }: ImbalanceReading): Pick<BookView, 'imbalance' | 'imbalanceOver'> {
  return { imbalance: value, imbalanceOver: { levels, venues } };
}

/** What the imbalance was read over, for its label: `touch` on a one-level book, else `top 5`. */
export function imbalanceScope(over: BookView['imbalanceOver']): string {
  return over.levels <= 1 ? 'touch' : `top ${over.levels}`;
}

/** The imbalance's reading in words: `16 × 14 venues` at the touch, `5 levels a side` deeper. */
export function imbalanceDetail(over: BookView['imbalanceOver']): string {
  if (over.levels <= 1) return `${over.venues.bid} × ${over.venues.ask} venue${over.venues.bid + over.venues.ask === 2 ? '' : 's'}`;
  return `${over.levels} levels a side`;
}

function ladder(side: BookSide, levels: readonly BookLevel[], largest: number, snapshotTime: number, clockOffset: number | null): LadderRow[] {
  const depth = cumulativeDepth(levels);
  return levels.map((level, i) => ({
    key: levelKey(side, level.price),
    side,
    price: level.price,
    size: level.size,
    cumulative: depth[i]?.cumulative ?? level.size,
    venueCount: level.venueCount,
    share: largest > 0 ? level.size / largest : 0,
    venues: level.venues
      .map((v) => ({ venue: v.venue, size: v.size, share: level.size > 0 ? Math.min(1, v.size / level.size) : 0, ageMs: clockOffset === null ? null : quoteAge(v.quoteTimeEtMs + clockOffset, snapshotTime) }))
      .sort((a, b) => b.size - a.size || a.venue.localeCompare(b.venue)),
  }));
}

/**
 * What a one-level book remembers a folded or opened touch by: its side, not its price, so the
 * choice holds when the price ticks.
 */
export function touchKey(side: BookSide): string {
  return `touch:${side}`;
}

/**
 * Whether a level row would show the same: its own figures always, its venues (whose quote ages
 * move with every snapshot) only when they are shown. Lets unchanged rows skip rendering.
 */
export function sameLadderRow(a: LadderRow, b: LadderRow, withVenues: boolean): boolean {
  if (a === b) return true;
  if (a.key !== b.key || a.side !== b.side || a.price !== b.price || a.size !== b.size || a.cumulative !== b.cumulative) return false;
  if (a.venueCount !== b.venueCount || a.share !== b.share) return false;
  if (!withVenues) return true;
  if (a.venues.length !== b.venues.length) return false;
  return a.venues.every((v, i) => {
    const w = b.venues[i];
    return w !== undefined && v.venue === w.venue && v.size === w.size && v.share === w.share && v.ageMs === w.ageMs;
  });
}

/** Snapshot time minus the venue's quote time (ms since midnight ET), never negative. */
export function quoteAge(quoteTimeEtMs: number, snapshotTime: number): number | null {
  try {
    return Math.max(0, snapshotTime - epochFromEtMsSinceMidnight(quoteTimeEtMs % DAY_MS, snapshotTime));
  } catch {
    return null;
  }
}

/** `40ms`, `2.4s`, `1m 5s`; '—' when unknown. */
export function formatAge(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${formatNumber(Math.floor(ms / 100) / 10, 1)}s`;
  return formatDuration(ms);
}

/**
 * A mark's opacity at the time shown: full for the first two fifths of its life, then down to a
 * quarter, in steps of a tenth. Read from market time, not the wall clock, so a paused or replayed
 * montage shows how fresh each change was at that moment; and computed in render rather than by a
 * CSS animation, which gave every mark a compositing layer of its own (up to 32 of them, changing
 * at 20 snapshots a second).
 */
export function markOpacity(markAt: number | null, now: number | null): number {
  if (markAt === null || now === null) return 1;
  const t = Math.min(1, Math.max(0, (now - markAt) / MONTAGE_MARK_MS));
  const opacity = t <= 0.4 ? 1 : 1 - (0.75 * (t - 0.4)) / 0.6;
  return Math.round(opacity * 10) / 10;
}

/** `+0.34` / `-0.12` / `0.00`. */
export function formatImbalance(value: number): string {
  const text = formatNumber(value, 2);
  return value > 0 && text !== '0.00' ? `+${text}` : text === '-0.00' ? '0.00' : text;
}

/** Words for the imbalance, for the bar's label and tooltip. */
export function imbalanceWords(value: number): string {
  if (value >= 0.2) return 'bid heavy';
  if (value <= -0.2) return 'ask heavy';
  return 'balanced';
}

const DAY_MS = 86_400_000;
