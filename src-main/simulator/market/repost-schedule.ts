// When each venue of a book (venue-book.ts) re-posts. Time is cut into slots of slotMs[v]; a
// slot holds a re-post at a keyed moment with a keyed chance (every FORCED_EVERY-th slot always
// does), and a re-post changes the bid, the ask or both. Re-post times of venue v are all v
// modulo 16 ms, so two venues never change in the same millisecond. Everything is a function of
// the keys, never of when it is asked.
import { rekey } from './keyed-random.ts';

const TWO_POW_32 = 4_294_967_296;
/** Re-posts land on a venue's own residue modulo this many ms (one per venue, at most 16). */
const RESIDUES = 16;
/** Mean time between two re-posts of a venue: the busiest books, the quietest. */
const BUSY_REPOST_MS = 1500;
const QUIET_REPOST_MS = 10_000;
/** Chance that a slot holds a re-post. */
const SLOT_SHARE = 0.35;
/** Every this many slots a venue re-posts both sides, so its quote is never older than that. */
const FORCED_EVERY = 6;
/** Re-posts changing both sides; the rest change one (a live book's venues show one time per side). */
const BOTH_SIDES = 0.6;

export class RepostSchedule {
  // Each venue's slot length (a multiple of 16 ms), phase (v mod 16), the slot index residue of
  // its forced re-posts, and the key of its draws.
  private readonly slotMs: Float64Array;
  private readonly phases: Float64Array;
  private readonly forced: Uint8Array;
  private readonly venueKeys: Uint32Array;
  /** What the last event() call found: the re-post's time. */
  eventAt = 0;
  // What the last latestReposts() call found: each side's latest re-post, its slot and time.
  bidKey = 0;
  bidAt = 0;
  askKey = 0;
  askAt = 0;

  /** `busy`: 0 for the quietest books, 1 for the busiest; `pick` draws the schedule, `base` keys its slots. */
  constructor(count: number, busy: number, pick: () => number, base: number) {
    const meanRepost = QUIET_REPOST_MS * Math.pow(BUSY_REPOST_MS / QUIET_REPOST_MS, busy);
    const perSlot = SLOT_SHARE + (1 - SLOT_SHARE) / FORCED_EVERY;
    this.slotMs = new Float64Array(count);
    this.phases = new Float64Array(count);
    this.forced = new Uint8Array(count);
    this.venueKeys = new Uint32Array(count);
    for (let v = 0; v < count; v++) {
      const slot = Math.max(2, Math.round((meanRepost * (0.6 + pick()) * perSlot) / RESIDUES)) * RESIDUES;
      this.slotMs[v] = slot;
      this.phases[v] = Math.floor(pick() * (slot / RESIDUES)) * RESIDUES + v;
      this.forced[v] = Math.floor(pick() * FORCED_EVERY);
      this.venueKeys[v] = rekey(base, v, 0);
    }
  }

  /**
   * Which sides venue v re-posts in slot k (bit 1 the bid, bit 2 the ask, 0 none), leaving the
   * re-post's time in eventAt.
   */
  event(v: number, k: number): number {
    const base = this.venueKeys[v] as number;
    const forced = (((k + (this.forced[v] as number)) % FORCED_EVERY) + FORCED_EVERY) % FORCED_EVERY === 0;
    if (!forced && rekey(base, k, 0) / TWO_POW_32 >= SLOT_SHARE) return 0;
    const slot = this.slotMs[v] as number;
    this.eventAt = (this.phases[v] as number) + k * slot + RESIDUES * Math.floor((rekey(base, k, 1) / TWO_POW_32) * (slot / RESIDUES));
    if (forced) return 3;
    const u = rekey(base, k, 2) / TWO_POW_32;
    return u < BOTH_SIDES ? 3 : u < BOTH_SIDES + (1 - BOTH_SIDES) / 2 ? 1 : 2;
  }

  /** The slot of venue v's latest re-post at or before `t` that changed `side` (eventAt: its time). */
  latestRepost(v: number, sideBit: number, t: number): number {
    const slot = this.slotMs[v] as number;
    let k = Math.floor((t - (this.phases[v] as number)) / slot);
    // Within FORCED_EVERY slots before the current one there is a forced re-post of both sides.
    for (let i = 0; i <= FORCED_EVERY; i++, k--) {
      if ((this.event(v, k) & sideBit) !== 0 && this.eventAt <= t) return k;
    }
    throw new Error('venue book: no forced re-post in its schedule');
  }

  /** Venue v's latest re-post at or before `t` on each side, in one scan (bidKey/bidAt, askKey/askAt). */
  latestReposts(v: number, t: number): void {
    const slot = this.slotMs[v] as number;
    let k = Math.floor((t - (this.phases[v] as number)) / slot);
    let missing = 3;
    for (let i = 0; i <= FORCED_EVERY && missing !== 0; i++, k--) {
      const sides = this.event(v, k) & missing;
      if (sides === 0 || this.eventAt > t) continue;
      if ((sides & 1) !== 0) {
        this.bidKey = k;
        this.bidAt = this.eventAt;
      }
      if ((sides & 2) !== 0) {
        this.askKey = k;
        this.askAt = this.eventAt;
      }
      missing &= ~sides;
    }
    if (missing !== 0) throw new Error('venue book: no forced re-post in its schedule');
  }

  /** Venue v's first re-post after `t`, on either side. */
  nextRepost(v: number, t: number): number {
    const slot = this.slotMs[v] as number;
    let k = Math.floor((t - (this.phases[v] as number)) / slot);
    for (let i = 0; i <= FORCED_EVERY + 1; i++, k++) {
      if (this.event(v, k) !== 0 && this.eventAt > t) return this.eventAt;
    }
    throw new Error('venue book: no forced re-post in its schedule');
  }
}
