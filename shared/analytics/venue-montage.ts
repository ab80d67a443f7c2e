// The venue montage of one side of the touch (FLOW-RULES.md §7): every venue on the best price
// with its size, share, quote age, how long it has been on the touch, and a mark when it joined,
// grew, shrank or left in the last few seconds. Read from the timeline's columns at a market time,
// so a paused or scrubbed window shows the montage of that moment.
import type { BookSideName, TimelineColumn, VenueSize } from '../domain/book-events.ts';
import { columnClockOffset, venueQuoteEpoch } from './book-timeline.ts';
import { venueName } from './venue-names.ts';

export type MontageMark = 'joined' | 'grew' | 'shrank' | 'left';
export type MontageSort = 'size' | 'time';

/** How long a venue's last change stays marked, in market time. */
export const MONTAGE_MARK_MS = 5000;

export interface MontageRow {
  /** Schwab's code (for the hover and as a key). */
  venue: string;
  /** The name traders know (venueName). */
  name: string;
  /** 0 for a venue that left within markMs. */
  size: number;
  /** Of the level's size, 0..1. */
  share: number;
  /** As Schwab sends it (ms since midnight on the venue clock); null for a venue that left. */
  quoteTimeEtMs: number | null;
  /** Market time since the venue's quote; null when the venue clock cannot be read (FLOW-RULES.md §6). */
  ageMs: number | null;
  /** Market time since which it has been on the touch without a gap (for a venue that left: when it left). */
  atTouchSince: number;
  mark: MontageMark | null;
  /** The snapshot time of the change marked. */
  markAt: number | null;
}

export interface MontageOptions {
  /** The market time shown (epoch ms): the newest column at or before it is the montage. */
  now: number;
  markMs?: number;
  sort: MontageSort;
  /** The venue clock, when the caller has decided it; by default decided from the column. */
  clockOffsetMs?: number | null;
}

interface AtTouch {
  size: number;
  quoteTimeEtMs: number;
}

const touchCache = new WeakMap<TimelineColumn, { bid?: ReadonlyMap<string, AtTouch>; ask?: ReadonlyMap<string, AtTouch> }>();

/**
 * The venues on a side's best price with a positive size. Kept per column (held columns never
 * change): every new snapshot compares the last few seconds of columns pairwise for the marks,
 * and built them all again each time.
 */
function touchVenues(column: TimelineColumn, side: BookSideName): ReadonlyMap<string, AtTouch> {
  let sides = touchCache.get(column);
  if (!sides) touchCache.set(column, (sides = {}));
  const kept = sides[side];
  if (kept) return kept;
  const venues = new Map<string, AtTouch>();
  const level = (side === 'bid' ? column.bids : column.asks)[0];
  if (level !== undefined) for (const [venue, size, quoteTimeEtMs] of level.venues) if (size > 0) venues.set(venue, { size, quoteTimeEtMs });
  sides[side] = venues;
  return venues;
}

const onTouchCache = new WeakMap<TimelineColumn, { bid: Set<string>; ask: Set<string> }>();

/**
 * The venues with size at a side's touch (a venue listed twice counts by its first entry). Kept
 * per column: held columns never change, and every new snapshot walks back through hundreds of
 * them asking each about every venue still on the touch.
 */
function onTouchSet(column: TimelineColumn, side: BookSideName): Set<string> {
  let sets = onTouchCache.get(column);
  if (!sets) {
    const of = (venues: readonly VenueSize[]): Set<string> => {
      const seen = new Set<string>();
      const out = new Set<string>();
      for (const [venue, size] of venues) {
        if (seen.has(venue)) continue;
        seen.add(venue);
        if (size > 0) out.add(venue);
      }
      return out;
    };
    sets = { bid: of(column.bids[0]?.venues ?? []), ask: of(column.asks[0]?.venues ?? []) };
    onTouchCache.set(column, sets);
  }
  return sets[side];
}

/** Index of the newest column at or before `now` (columns oldest first), or -1. */
function columnAt(columns: readonly TimelineColumn[], now: number): number {
  let lo = 0;
  let hi = columns.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((columns[mid] as TimelineColumn).time <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function markOf(before: number, after: number): MontageMark | null {
  if (before === after) return null;
  if (before === 0) return 'joined';
  if (after === 0) return 'left';
  return after > before ? 'grew' : 'shrank';
}

/**
 * What montage() keeps between calls for one side, so the next call walks back only through
 * the snapshots added since: the columns it read, the index of the one it showed, and since when
 * each venue on that one's touch had been there. Pass the same object each time (one per side).
 */
export interface MontageMemo {
  last: { columns: readonly TimelineColumn[]; at: number; since: ReadonlyMap<string, number> } | null;
}

/** The index in `columns` of the column the memo showed, when the columns up to it are the same. */
function memoAt(memo: MontageMemo | undefined, columns: readonly TimelineColumn[], at: number): number {
  const last = memo?.last;
  if (!last) return -1;
  const shown = last.columns[last.at];
  let k = at;
  while (k >= 0 && columns[k] !== shown) k--;
  // The memo must have read back at least as far as this call does: its times were clamped to
  // the first column it read.
  if (k < 0 || last.at < k) return -1;
  // Every column read both times must be the same one: a snapshot inserted or replaced earlier
  // changes how long a venue has been there.
  for (let i = 0; i <= k; i++) if (columns[k - i] !== last.columns[last.at - i]) return -1;
  return k;
}

/**
 * The montage of `side` at `options.now`. Present rows' sizes sum to the level's size; venues
 * that left within markMs follow as rows of size 0 marked 'left'. Sort 'size' puts the largest
 * first, 'time' the longest on the touch first (ties: larger, then by code).
 */
export function montage(columns: readonly TimelineColumn[], side: BookSideName, options: MontageOptions, memo?: MontageMemo): MontageRow[] {
  const markMs = options.markMs ?? MONTAGE_MARK_MS;
  if (!Number.isFinite(options.now)) throw new RangeError(`Bad montage time ${options.now}: must be epoch ms`);
  if (!(markMs >= 0)) throw new RangeError(`Bad montage markMs ${markMs}: must be >= 0`);
  const at = columnAt(columns, options.now);
  if (at < 0) return [];
  const current = columns[at] as TimelineColumn;
  const present = touchVenues(current, side);

  // How long each present venue has been on the touch: walk back until it was not. With a memo
  // of an earlier call over the same columns, the walk stops at the column it showed: a venue
  // there since then has been there since the memo says (no earlier than the first column read).
  const known = memoAt(memo, columns, at);
  const first = (columns[0] as TimelineColumn).time;
  const since = new Map<string, number>();
  for (const venue of present.keys()) since.set(venue, current.time);
  let continuing = [...present.keys()];
  for (let j = at - 1; j >= 0 && continuing.length > 0; j--) {
    const column = columns[j] as TimelineColumn;
    const venues = onTouchSet(column, side);
    const still: string[] = [];
    for (const venue of continuing) {
      if (!venues.has(venue)) continue;
      if (j === known) {
        const was = memo?.last?.since.get(venue);
        if (was !== undefined) {
          since.set(venue, Math.max(first, was));
          continue;
        }
      }
      since.set(venue, column.time);
      still.push(venue);
    }
    continuing = still;
  }
  // A copy: the caller's array may be a buffer that changes in place.
  if (memo) memo.last = { columns: columns.slice(0, at + 1), at, since };

  // Each venue's latest change within markMs, newest step first.
  const marks = new Map<string, { mark: MontageMark; at: number }>();
  let after = present;
  for (let j = at; j >= 1 && (columns[j] as TimelineColumn).time > options.now - markMs; j--) {
    const before = touchVenues(columns[j - 1] as TimelineColumn, side);
    const time = (columns[j] as TimelineColumn).time;
    const compare = (venue: string): void => {
      if (marks.has(venue)) return;
      const mark = markOf(before.get(venue)?.size ?? 0, after.get(venue)?.size ?? 0);
      if (mark !== null) marks.set(venue, { mark, at: time });
    };
    for (const venue of before.keys()) compare(venue);
    for (const venue of after.keys()) if (!before.has(venue)) compare(venue);
    after = before;
  }

  const offset = options.clockOffsetMs === undefined ? columnClockOffset(current) : options.clockOffsetMs;
  let total = 0;
  for (const { size } of present.values()) total += size;
  const rows: MontageRow[] = [];
  for (const [venue, { size, quoteTimeEtMs }] of present) {
    const quoted = offset === null ? null : venueQuoteEpoch(quoteTimeEtMs, offset, current.time);
    const mark = marks.get(venue);
    rows.push({
      venue,
      name: venueName(venue),
      size,
      share: total > 0 ? size / total : 0,
      quoteTimeEtMs,
      ageMs: quoted === null ? null : Math.max(0, options.now - quoted),
      atTouchSince: since.get(venue) ?? current.time,
      mark: mark?.mark ?? null,
      markAt: mark?.at ?? null,
    });
  }
  const byCode = (a: MontageRow, b: MontageRow) => (a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : 0);
  rows.sort(
    options.sort === 'size'
      ? (a, b) => b.size - a.size || a.atTouchSince - b.atTouchSince || byCode(a, b)
      : (a, b) => a.atTouchSince - b.atTouchSince || b.size - a.size || byCode(a, b),
  );
  const left: MontageRow[] = [];
  for (const [venue, { mark, at: markAt }] of marks) {
    if (mark !== 'left') continue;
    left.push({ venue, name: venueName(venue), size: 0, share: 0, quoteTimeEtMs: null, ageMs: null, atTouchSince: markAt, mark, markAt });
  }
  left.sort((a, b) => (b.markAt ?? 0) - (a.markAt ?? 0) || byCode(a, b));
  return [...rows, ...left];
}
