// One contract's displayed liquidity: each venue quotes a small ladder on each side, placed in
// ticks away from the contract's reference bid and ask (so the whole book moves with theo).
// Most venues quote at the reference price itself, so the touch is the NBBO split up by venue,
// which is what a live OPTIONS_BOOK frame shows (docs/schwab-streaming.md §9).
//
// Everything here is a function of (contract seed, time, trades), never of when it is read.
// Venue v re-posts on a schedule of its own (repost-schedule.ts), each re-post's content keyed by
// its slot. A venue taken out by a trade comes back at a refill time with content keyed by that
// time. catchUp(t) applies the latest of those at or before t, which is the same whether it is
// called once or a thousand times on the way. Two venues never re-post in the same millisecond:
// between trades, a book changes one venue at a time. State lives in flat typed arrays: a busy
// market holds thousands of books and re-posts millions of times. The fault endpoint's scripted
// events (a refill of an exact size, a hold, a pull) act on that state here too; what they and
// the trades do is told to an observer (book-observer.ts) that keeps the truth (book-truth.ts).
import type { BookSide, QuoteBest, VenueBookObserver } from './book-observer.ts';
import { hashKey, randomFor, rekey } from './keyed-random.ts';
import { MAX_VENUES, pickVenues } from './option-venues.ts';
import { RepostSchedule } from './repost-schedule.ts';
import { drawLadder, MAX_ENTRIES, MAX_OFFSET, normalOf, touchFactor } from './venue-draws.ts';

export { MAX_OFFSET } from './venue-draws.ts';
export { MAX_VENUES, OPTION_VENUES } from './option-venues.ts';
export type { BookSide, QuoteBest, RequoteCause, VenueBookObserver } from './book-observer.ts';

/** Share of re-posts at the reference price: the quietest books, the busiest. */
const QUIET_TOUCH_SHARE = 0.55;
const BUSY_TOUCH_SHARE = 0.95;
/** Spread (log scale) of how much more or less than the contract's usual size a venue quotes. */
const VENUE_SCALE_VOL = 0.45;

export interface BookShape {
  /** The contract's seed. */
  seed: number;
  /** Venues quoting the contract (clamped to 1..16); the more, the busier the book. */
  venueCount: number;
  /** Median size a venue shows at its best price. */
  touchSize: number;
  /** Most extra price levels one venue posts behind its best. */
  depth: number;
  /** Widest gap in ticks between ladder steps (deep books). */
  maxStep?: number;
  /** Fewest ladder steps a venue posts (deep books). */
  minEntries?: number;
}

export interface VenueSize {
  venueIndex: number;
  venue: string;
  size: number;
  /** Epoch ms of the venue's last change on this side: a re-post, a refill or a fill. */
  time: number;
}

export interface OffsetLevel {
  offset: number;
  size: number;
  /** Largest first. */
  venues: VenueSize[];
}

export interface Touch {
  offset: number;
  size: number;
  venueCount: number;
}

export interface TakeResult {
  taken: number;
  /** The venue had nothing left at that price afterwards. */
  emptied: boolean;
}

// Scratch for levels(): which offsets are present and which output level each one fills.
const present = new Uint8Array(MAX_OFFSET + 1);
const slotOf = new Int8Array(MAX_OFFSET + 1);

/** Largest first, then by name; an insertion sort, as a level holds at most 16 venues. */
function sortVenues(venues: VenueSize[]): void {
  for (let i = 1; i < venues.length; i++) {
    const item = venues[i] as VenueSize;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = venues[j] as VenueSize;
      if (other.size > item.size || (other.size === item.size && other.venue < item.venue)) break;
      venues[j + 1] = other;
    }
    venues[j + 1] = item;
  }
}

export class VenueBook {
  readonly venues: readonly string[];
  /** Per-venue spread of requote times around an underlying tick, for venue quote times. */
  readonly latencies: number[];
  /** Last change to any venue's quote. */
  lastChange = -Infinity;
  /** Evaluation only: told of every take and re-quote (ground truth of book events). */
  observer: VenueBookObserver | null = null;
  private readonly shape: BookShape & { touchShare: number };
  private readonly schedule: RepostSchedule;
  // Quote q = side * venueCount + venue (bid side 0, ask side 1); its ladder sits at q * MAX_ENTRIES.
  private readonly keys: Uint32Array;
  /** How large each quote runs against the contract's touch size (some venues quote more). */
  private readonly scales: Float64Array;
  private readonly offsets: Int16Array;
  private readonly sizes: Int32Array;
  private readonly counts: Uint8Array;
  /** The re-post or refill that set each quote; a re-post applies only when newer. */
  private readonly drawnAt: Float64Array;
  /** Last change of each quote: a re-post, a refill or a fill. */
  private readonly times: Float64Array;
  /** When a quote taken out by a trade posts again; Infinity while it is in. */
  private readonly refillAt: Float64Array;
  /** Where a planned refill puts its best entry; -1 for a free re-post. */
  private readonly refillOffset: Int16Array;
  private readonly refillMinSize: Int32Array;
  /** A scripted refill's exact size at its best entry (an iceberg shows the same size again); 0 for none. */
  private readonly refillExact: Int32Array;
  /** A scripted refill holds its size against re-posts until this time. */
  private readonly refillHold: Float64Array;
  /** Each venue's next re-post time, so catchUp skips venues with nothing due. */
  private readonly repostDue: Float64Array;
  /** Nothing is due before this time, so catchUp can return at once. */
  private nextDue = -Infinity;

  constructor(shape: BookShape) {
    const pick = randomFor(shape.seed, 0x7e5);
    const count = Math.max(1, Math.min(MAX_VENUES, Math.round(shape.venueCount)));
    // 0 for the quietest books (5 venues or fewer), 1 for the busiest (16).
    const busy = Math.min(1, Math.max(0, (count - 5) / (MAX_VENUES - 5)));
    this.shape = { ...shape, touchShare: QUIET_TOUCH_SHARE + (BUSY_TOUCH_SHARE - QUIET_TOUCH_SHARE) * busy };
    const venues = pickVenues(count, pick);
    this.venues = venues;
    this.latencies = venues.map(() => Math.floor(pick() * 40));
    const base = hashKey(shape.seed, 0x5c4ed);
    this.schedule = new RepostSchedule(count, busy, pick, base);
    const quotes = 2 * count;
    this.keys = new Uint32Array(quotes);
    this.scales = new Float64Array(quotes);
    for (let q = 0; q < quotes; q++) {
      this.keys[q] = hashKey(shape.seed, (q % count) * 4 + 1 + Math.floor(q / count));
      this.scales[q] = Math.exp(VENUE_SCALE_VOL * normalOf(rekey(base, q, 1)));
    }
    this.offsets = new Int16Array(quotes * MAX_ENTRIES);
    this.sizes = new Int32Array(quotes * MAX_ENTRIES);
    this.counts = new Uint8Array(quotes);
    this.drawnAt = new Float64Array(quotes).fill(-Infinity);
    this.times = new Float64Array(quotes).fill(-Infinity);
    this.refillAt = new Float64Array(quotes).fill(Infinity);
    this.refillOffset = new Int16Array(quotes).fill(-1);
    this.refillMinSize = new Int32Array(quotes);
    this.refillExact = new Int32Array(quotes);
    this.refillHold = new Float64Array(quotes).fill(-Infinity);
    this.repostDue = new Float64Array(count).fill(-Infinity);
  }

  /** Applies every re-post and refill due at or before `t`. */
  catchUp(t: number): void {
    if (t < this.nextDue) return;
    const n = this.venues.length;
    let nextDue = Infinity;
    for (let v = 0; v < n; v++) {
      let due = this.repostDue[v] as number;
      if (t >= due || t >= (this.refillAt[v] as number) || t >= (this.refillAt[n + v] as number)) {
        const schedule = this.schedule;
        schedule.latestReposts(v, t);
        this.catchUpQuote(v, t, schedule.bidKey, schedule.bidAt);
        this.catchUpQuote(n + v, t, schedule.askKey, schedule.askAt);
        due = schedule.nextRepost(v, t);
        this.repostDue[v] = due;
      }
      nextDue = Math.min(nextDue, due, this.refillAt[v] as number, this.refillAt[n + v] as number);
    }
    this.nextDue = nextDue;
  }

  /** Best offset at or inside `maxOffset` with its aggregate size, or null when none. */
  touch(side: BookSide, maxOffset = MAX_OFFSET): Touch | null {
    const n = this.venues.length;
    const first = side === 'bid' ? 0 : n;
    let best = Infinity;
    let size = 0;
    let venueCount = 0;
    for (let q = first; q < first + n; q++) {
      if (this.counts[q] === 0) continue;
      const offset = this.offsets[q * MAX_ENTRIES] as number;
      if (offset > maxOffset || offset > best) continue;
      if (offset < best) {
        best = offset;
        size = 0;
        venueCount = 0;
      }
      size += this.sizes[q * MAX_ENTRIES] as number;
      venueCount++;
    }
    return best === Infinity ? null : { offset: best, size, venueCount };
  }

  /** Price levels best first, at most `maxLevels`, venues largest first. */
  levels(side: BookSide, maxLevels: number, maxOffset = MAX_OFFSET): OffsetLevel[] {
    const n = this.venues.length;
    const first = side === 'bid' ? 0 : n;
    present.fill(0);
    for (let q = first; q < first + n; q++) {
      const count = this.counts[q] as number;
      for (let i = 0; i < count; i++) present[this.offsets[q * MAX_ENTRIES + i] as number] = 1;
    }
    slotOf.fill(-1);
    const levels: OffsetLevel[] = [];
    for (let offset = 0; offset <= Math.min(MAX_OFFSET, maxOffset) && levels.length < maxLevels; offset++) {
      if (present[offset] === 0) continue;
      slotOf[offset] = levels.length;
      levels.push({ offset, size: 0, venues: [] });
    }
    for (let q = first; q < first + n; q++) {
      const count = this.counts[q] as number;
      for (let i = 0; i < count; i++) {
        const level = levels[slotOf[this.offsets[q * MAX_ENTRIES + i] as number] as number];
        if (!level) continue;
        const size = this.sizes[q * MAX_ENTRIES + i] as number;
        level.size += size;
        level.venues.push({ venueIndex: q - first, venue: this.venues[q - first] as string, size, time: this.times[q] as number });
      }
    }
    for (const level of levels) sortVenues(level.venues);
    return levels;
  }

  /** Takes up to `size` from one venue at one offset; an emptied venue refills after `refillDelay`. */
  take(side: BookSide, venueIndex: number, offset: number, size: number, t: number, refillDelay: number): TakeResult {
    const q = this.quoteIndex(side, venueIndex);
    const base = q * MAX_ENTRIES;
    const count = this.counts[q] ?? 0;
    let i = 0;
    while (i < count && this.offsets[base + i] !== offset) i++;
    if (q < 0 || i === count) return { taken: 0, emptied: false };
    const available = this.sizes[base + i] as number;
    const taken = Math.min(size, available);
    if (this.observer) this.observer.taken(side, venueIndex, offset, this.touch(side)?.offset ?? -1, available, taken, t);
    this.times[q] = t;
    this.lastChange = Math.max(this.lastChange, t);
    if (taken < available) {
      this.sizes[base + i] = available - taken;
      return { taken, emptied: false };
    }
    this.offsets.copyWithin(base + i, base + i + 1, base + count);
    this.sizes.copyWithin(base + i, base + i + 1, base + count);
    this.counts[q] = count - 1;
    if (this.refillAt[q] === Infinity) this.setRefill(q, t + refillDelay, -1, 0);
    return { taken, emptied: true };
  }

  /** Makes a venue come back at `at` with its best price at `offset` and at least `minSize`. */
  planRefill(side: BookSide, venueIndex: number, at: number, offset: number, minSize: number): void {
    const q = this.quoteIndex(side, venueIndex);
    if (q >= 0) this.setRefill(q, at, offset, minSize);
  }

  /**
   * Scripted (the fault endpoint's book-refill): venue v, whose best entry is at `offset`, comes
   * back at `at` with exactly `size` there, held against its own re-posts until `holdUntil`.
   */
  planExactRefill(side: BookSide, venueIndex: number, at: number, offset: number, size: number, holdUntil: number): void {
    const q = this.quoteIndex(side, venueIndex);
    if (q < 0) return;
    this.setRefill(q, at, offset, size);
    this.refillExact[q] = size;
    this.refillHold[q] = holdUntil;
  }

  /**
   * Scripted (the fault endpoint's book-hold): every venue keeps what it shows on `side` against
   * its own re-posts until `until` (trades and refills still change it; the other side moves on,
   * so books keep coming). Call after catching up to now.
   */
  holdQuotes(side: BookSide, until: number): void {
    for (let v = 0; v < this.venues.length; v++) {
      const q = this.quoteIndex(side, v);
      if (q >= 0) this.drawnAt[q] = Math.max(this.drawnAt[q] as number, until);
    }
  }

  /**
   * Scripted (the fault endpoint's book-pull): venue v's entry at `offset` leaves without a trade
   * and the venue posts nothing new on that side before `returnAt`. Returns the size pulled.
   */
  pull(side: BookSide, venueIndex: number, offset: number, t: number, returnAt: number): number {
    const q = this.quoteIndex(side, venueIndex);
    if (q < 0) return 0;
    const base = q * MAX_ENTRIES;
    const count = this.counts[q] as number;
    let i = 0;
    while (i < count && this.offsets[base + i] !== offset) i++;
    if (i === count) return 0;
    const before = this.observer ? this.best(q) : null;
    const pulled = this.sizes[base + i] as number;
    this.offsets.copyWithin(base + i, base + i + 1, base + count);
    this.sizes.copyWithin(base + i, base + i + 1, base + count);
    this.counts[q] = count - 1;
    this.times[q] = t;
    this.lastChange = Math.max(this.lastChange, t);
    this.setRefill(q, returnAt, -1, 0);
    if (this.observer && before) this.observer.requoted(side, venueIndex, before, this.best(q), 'pull', t);
    return pulled;
  }

  /** Quote q's best entry and its side's touch offset, for the observer. */
  private best(q: number): QuoteBest {
    const n = this.venues.length;
    const touch = this.touch(q < n ? 'bid' : 'ask');
    const has = (this.counts[q] as number) > 0;
    return {
      offset: has ? (this.offsets[q * MAX_ENTRIES] as number) : -1,
      size: has ? (this.sizes[q * MAX_ENTRIES] as number) : 0,
      touchOffset: touch ? touch.offset : -1,
    };
  }

  private quoteIndex(side: BookSide, venueIndex: number): number {
    if (!(venueIndex >= 0 && venueIndex < this.venues.length)) return -1;
    return (side === 'bid' ? 0 : this.venues.length) + venueIndex;
  }

  private setRefill(q: number, at: number, offset: number, minSize: number): void {
    this.refillAt[q] = at;
    this.refillOffset[q] = offset;
    this.refillMinSize[q] = minSize;
    this.nextDue = Math.min(this.nextDue, at);
  }

  /** Applies a due refill of quote q, then its latest re-post (slot `k`, at `repostAt`) if newer. */
  private catchUpQuote(q: number, t: number, k: number, repostAt: number): void {
    const n = this.venues.length;
    const v = q % n;
    const sideBit = q < n ? 1 : 2;
    const refillAt = this.refillAt[q] as number;
    const observer = this.observer;
    const side: BookSide = q < n ? 'bid' : 'ask';
    if (refillAt <= t) {
      const before = observer ? this.best(q) : null;
      // A venue comes back at about its usual size.
      const usual = this.schedule.latestRepost(v, sideBit, refillAt);
      const factor = (this.scales[q] as number) * touchFactor(this.keys[q] as number, usual);
      this.counts[q] = this.draw(q, refillAt, 1, this.refillOffset[q] as number, this.refillMinSize[q] as number, factor);
      this.stamp(q, refillAt);
      const exact = this.refillExact[q] as number;
      if (exact > 0) {
        this.sizes[q * MAX_ENTRIES] = exact;
        // Re-posts older than the hold are past: the refilled size stands until then.
        this.drawnAt[q] = Math.max(refillAt, this.refillHold[q] as number);
        this.refillExact[q] = 0;
        this.refillHold[q] = -Infinity;
      }
      this.refillAt[q] = Infinity;
      this.refillOffset[q] = -1;
      this.refillMinSize[q] = 0;
      if (observer && before) observer.requoted(side, v, before, this.best(q), 'refill', refillAt);
    }
    if (this.refillAt[q] !== Infinity) return;
    if (repostAt > (this.drawnAt[q] as number)) {
      const before = observer ? this.best(q) : null;
      const factor = (this.scales[q] as number) * touchFactor(this.keys[q] as number, k);
      this.counts[q] = this.draw(q, k, 0, -1, 0, factor);
      this.stamp(q, repostAt);
      if (observer && before) observer.requoted(side, v, before, this.best(q), 'repost', repostAt);
    }
  }

  private stamp(q: number, time: number): void {
    this.drawnAt[q] = time;
    this.times[q] = time;
    this.lastChange = Math.max(this.lastChange, time);
  }

  private draw(q: number, key: number, kind: number, at: number, minSize: number, factor: number): number {
    return drawLadder(this.offsets, this.sizes, q * MAX_ENTRIES, this.shape, this.keys[q] as number, key, kind, at, minSize, factor);
  }
}
