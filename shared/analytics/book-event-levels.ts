// What the book event rules (book-events.ts, FLOW-RULES.md §7) read of a snapshot's levels, and the
// two rules decided from a pair of consecutive snapshots alone: touch moved and stack.
import type { BookEvent, BookEventKind, BookEventRule, BookSideName, TimelineColumn, TimelineLevel } from '../domain/book-events.ts';
import type { Side } from '../domain/flow.ts';
import { formatTimeEt } from '../format/dates.ts';
import type { BookEventRules } from './book-event-rules.ts';

export const SIDES: readonly BookSideName[] = ['bid', 'ask'];
/** Prices are decimals in doubles: two prices within this are the same level. */
const PRICE_EPSILON = 1e-9;

/** Code-unit order: the same on every machine, whatever its locale. */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const samePrice = (a: number, b: number): boolean => Math.abs(a - b) < PRICE_EPSILON;
export const levelsOf = (column: TimelineColumn, side: BookSideName): readonly TimelineLevel[] =>
  side === 'bid' ? column.bids : column.asks;
/** True when `a` is a better price than `b` on this side. */
export const better = (side: BookSideName, a: number, b: number): boolean =>
  side === 'bid' ? a > b + PRICE_EPSILON : a < b - PRICE_EPSILON;
/** A print at or through a side's level took from it: at/above the ask, at/below the bid. */
export const takes = (side: BookSideName, printPrice: number, levelPrice: number): boolean =>
  side === 'ask' ? printPrice >= levelPrice - PRICE_EPSILON : printPrice <= levelPrice + PRICE_EPSILON;
/**
 * The side a print's quote rule put it on (the flow's own side), when it says one: a print that
 * takes both sides by price (a locked or crossed book) took only this one. MID says neither.
 */
export const printedOn = (side: Side): BookSideName | null =>
  side === 'ASK' || side === 'ABOVE_ASK' ? 'ask' : side === 'BID' || side === 'BELOW_BID' ? 'bid' : null;
export const clock = (time: number): string => formatTimeEt(time, { millis: true });
// At least two decimals, at most four. A touch move is an event on most books, so this runs per
// book: plain toFixed, not the display formatter (its rounding and separators showed as a fifth of
// ingest.book's profile).
export const price = (p: number): string => p.toFixed(4).replace(/(\.\d\d\d*?)0+$/, '$1');

export interface VenueAt {
  size: number;
  quoteTimeEtMs: number;
}

/** Each venue's size and quote time at one price of one side (null when that price is not shown). */
export function venuesAt(column: TimelineColumn, side: BookSideName, levelPrice: number): Map<string, VenueAt> | null {
  const level = levelsOf(column, side).find((l) => samePrice(l.price, levelPrice));
  if (level === undefined) return null;
  const venues = new Map<string, VenueAt>();
  for (const [venue, size, quoteTimeEtMs] of level.venues) venues.set(venue, { size, quoteTimeEtMs });
  return venues;
}

/** Makes an event of the detector's contract (its id and symbol are the detector's). */
export type MakeBookEvent = (
  kind: BookEventKind,
  rule: BookEventRule,
  side: BookSideName,
  venue: string | null,
  at: number,
  size: number,
  time: number,
  reason: string,
) => BookEvent;

/** TOUCH_MOVED: a side's best price changed between two snapshots. */
export function touchMoves(prev: TimelineColumn, cur: TimelineColumn, make: MakeBookEvent, out: BookEvent[]): void {
  for (const side of SIDES) {
    const before = levelsOf(prev, side)[0];
    const after = levelsOf(cur, side)[0];
    if (after === undefined || (before !== undefined && samePrice(before.price, after.price))) continue;
    const from = before === undefined ? 'no level' : price(before.price);
    out.push(
      make('touch', 'TOUCH_MOVED', side, null, after.price, after.size, cur.time,
        `${side} ${from} -> ${price(after.price)}: ${after.size} at the new touch on ${after.venues.length} venues`),
    );
  }
}

/** STACK_ONE_SIDE: one side's touch grew at the same price while the other's thinned. */
export function stacks(prev: TimelineColumn, cur: TimelineColumn, r: Readonly<BookEventRules>, make: MakeBookEvent, out: BookEvent[]): void {
  for (const side of SIDES) {
    const other: BookSideName = side === 'bid' ? 'ask' : 'bid';
    const grewFrom = levelsOf(prev, side)[0];
    const grewTo = levelsOf(cur, side)[0];
    const thinFrom = levelsOf(prev, other)[0];
    const thinTo = levelsOf(cur, other)[0];
    if (grewFrom === undefined || grewTo === undefined || thinFrom === undefined || thinTo === undefined) continue;
    if (!samePrice(grewFrom.price, grewTo.price) || !samePrice(thinFrom.price, thinTo.price)) continue;
    const added = grewTo.size - grewFrom.size;
    const thinned = thinFrom.size - thinTo.size;
    if (added < r.stackMinSize || added < r.stackMinShare * grewFrom.size) continue;
    if (thinned <= 0 || thinned < r.stackOtherMinShare * thinFrom.size) continue;
    out.push(
      make('stack', 'STACK_ONE_SIDE', side, null, grewTo.price, added, cur.time,
        `${side} ${price(grewTo.price)}: ${grewFrom.size} -> ${grewTo.size} (+${added}) while ${other} ${price(thinTo.price)} ${thinFrom.size} -> ${thinTo.size} (-${thinned})`),
    );
  }
}
