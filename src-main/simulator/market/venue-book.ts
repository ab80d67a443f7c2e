// One contract's displayed liquidity: each venue quotes a small ladder on each side, placed in
// ticks away from the contract's reference bid and ask (so the whole book moves with theo).
//
// Everything here is a function of (contract seed, time, trades), never of when it is read:
// venue v re-posts at fixed times phase_v + k * period_v with content keyed by k, and a venue
// taken out by a trade comes back at a refill time with content keyed by that time. catchUp(t)
// applies the latest of those at or before t, which is the same whether it is called once or
// a thousand times on the way. State lives in flat typed arrays: a busy market holds thousands
// of books and re-posts millions of times.
import { hashKey, randomFor } from './keyed-random.ts';
import { drawLadder, MAX_ENTRIES, MAX_OFFSET } from './venue-draws.ts';

export { MAX_OFFSET } from './venue-draws.ts';

export const OPTION_VENUES: readonly string[] = [
  'CBOE', 'PHLX', 'AMEX', 'BOSX', 'ISEX', 'MIAX', 'MEMX', 'EDGX', 'BATS', 'PACX', 'NYSE', 'GMNI', 'MERC', 'XBXO', 'NSDQ',
];

export type BookSide = 'bid' | 'ask';

const MIN_PERIOD_MS = 2500;
const MAX_PERIOD_MS = 10_000;

export interface BookShape {
  /** The contract's seed. */
  seed: number;
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

/** Largest first, then by name; an insertion sort, as a level holds at most 15 venues. */
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
  private readonly shape: BookShape;
  private readonly periods: number[];
  private readonly phases: number[];
  // Quote q = side * venueCount + venue (bid side 0, ask side 1); its ladder sits at q * MAX_ENTRIES.
  private readonly keys: Uint32Array;
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
  /** Each venue's next re-post time, so catchUp skips venues with nothing due. */
  private readonly repostDue: Float64Array;
  /** Nothing is due before this time, so catchUp can return at once. */
  private nextDue = -Infinity;

  constructor(shape: BookShape) {
    this.shape = shape;
    const pick = randomFor(shape.seed, 0x7e5);
    const pool = [...OPTION_VENUES];
    const venues: string[] = [];
    const count = Math.max(1, Math.min(pool.length, shape.venueCount));
    while (venues.length < count) venues.push(pool.splice(Math.floor(pick() * pool.length), 1)[0] as string);
    this.venues = venues;
    this.periods = venues.map(() => MIN_PERIOD_MS + Math.floor(pick() * (MAX_PERIOD_MS - MIN_PERIOD_MS)));
    this.phases = this.periods.map((p) => Math.floor(pick() * p));
    this.latencies = venues.map(() => Math.floor(pick() * 40));
    const quotes = 2 * count;
    this.keys = new Uint32Array(quotes);
    for (let q = 0; q < quotes; q++) this.keys[q] = hashKey(shape.seed, (q % count) * 4 + 1 + Math.floor(q / count));
    this.offsets = new Int16Array(quotes * MAX_ENTRIES);
    this.sizes = new Int32Array(quotes * MAX_ENTRIES);
    this.counts = new Uint8Array(quotes);
    this.drawnAt = new Float64Array(quotes).fill(-Infinity);
    this.times = new Float64Array(quotes).fill(-Infinity);
    this.refillAt = new Float64Array(quotes).fill(Infinity);
    this.refillOffset = new Int16Array(quotes).fill(-1);
    this.refillMinSize = new Int32Array(quotes);
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
        const period = this.periods[v] as number;
        const phase = this.phases[v] as number;
        const k = Math.floor((t - phase) / period);
        const repostAt = phase + k * period;
        this.catchUpQuote(v, t, k, repostAt);
        this.catchUpQuote(n + v, t, k, repostAt);
        due = repostAt + period;
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

  private catchUpQuote(q: number, t: number, k: number, repostAt: number): void {
    const refillAt = this.refillAt[q] as number;
    if (refillAt <= t) {
      this.counts[q] = this.draw(q, refillAt, 1, this.refillOffset[q] as number, this.refillMinSize[q] as number);
      this.stamp(q, refillAt);
      this.refillAt[q] = Infinity;
      this.refillOffset[q] = -1;
      this.refillMinSize[q] = 0;
    }
    if (this.refillAt[q] === Infinity && repostAt > (this.drawnAt[q] as number)) {
      this.counts[q] = this.draw(q, k, 0, -1, 0);
      this.stamp(q, repostAt);
    }
  }

  private stamp(q: number, time: number): void {
    this.drawnAt[q] = time;
    this.times[q] = time;
    this.lastChange = Math.max(this.lastChange, time);
  }

  private draw(q: number, key: number, kind: number, at: number, minSize: number): number {
    return drawLadder(this.offsets, this.sizes, q * MAX_ENTRIES, this.shape, this.keys[q] as number, key, kind, at, minSize);
  }
}
