// Rolling flow statistics over a time window (shared/analytics/FLOW-RULES.md §5): a ring of time
// buckets and a running sum, so each flow costs O(1) and the window is never rescanned.
import type { RollingSettings } from '../domain/settings.ts';
import {
  applyFlow,
  applyTotals,
  SessionStats,
  totalsFrom,
  TOTALS_WIDTH,
  type FlowTotals,
  type StatFlow,
} from './flow-totals.ts';

// The totals types live with the accumulator; importers of rolling stats get them here too.
export type { FlowTotals, StatFlow, Tally } from './flow-totals.ts';

/**
 * Totals of the flows in the last `windowMs`, in buckets of `bucketMs`.
 *
 * Window, exactly: let the clock be the latest `now` given to `advance`/`totals` (it never goes
 * back) and n = windowMs / bucketMs. A flow counts iff its bucket b = floor(time / bucketMs)
 * satisfies floor(clock / bucketMs) - n < b <= floor(clock / bucketMs).
 *
 * - Time moving backwards is ignored: an earlier `now` neither moves nor resets the window, and
 *   `totals(earlier)` answers for the latest clock. A replay that seeks back starts a new object.
 * - A flow older than the window is ignored on add; it could never count again.
 * - A late flow still inside the window lands in its own bucket and expires with it.
 * - A flow ahead of the clock (a trade time a little ahead of the local clock) waits in a
 *   small map and joins its bucket when the clock reaches it.
 * - A flow without a finite time is ignored.
 * - `replace`/`remove` take back exactly the version that was added; if that version has
 *   expired meanwhile there is nothing to take back. Removal routes by the flow's time with the
 *   same rule as add, so it is consistent whatever the clock did in between.
 *
 * Cost: O(1) per flow; advancing costs one bucket per elapsed bucket, capped at the window.
 */
export class RollingStats {
  readonly bucketMs: number;
  /** Buckets in the window. */
  readonly buckets: number;
  /** Bucket b lives at slot b mod buckets while it is inside the window. */
  private readonly slots: Float64Array;
  /** The sum of every slot in the window, kept current on each change. */
  private readonly sums = new Float64Array(TOTALS_WIDTH);
  /** Latest bucket the window has advanced to. */
  private head = Number.NEGATIVE_INFINITY;
  private readonly ahead = new Map<number, Float64Array>();
  /** No bucket in `ahead` is earlier than this (a lower bound: it may be stale-low). */
  private nextDue = Number.POSITIVE_INFINITY;

  constructor(settings: RollingSettings) {
    const { windowMs, bucketMs } = settings;
    const buckets = windowMs / bucketMs;
    if (!(bucketMs > 0) || !Number.isInteger(buckets) || buckets < 1) {
      throw new RangeError(
        `windowMs (${windowMs}) must be a positive whole multiple of bucketMs (${bucketMs})`,
      );
    }
    this.bucketMs = bucketMs;
    this.buckets = buckets;
    this.slots = new Float64Array(buckets * TOTALS_WIDTH);
  }

  add(flow: StatFlow): void {
    this.apply(flow, 1);
  }

  remove(flow: StatFlow): void {
    this.apply(flow, -1);
  }

  /** A flow grew under the same id (clusters morph): swap its old contribution for the new. */
  replace(previous: StatFlow, next: StatFlow): void {
    this.apply(previous, -1);
    this.apply(next, 1);
  }

  /** Moves the window forward to `now`; an earlier `now` changes nothing. */
  advance(now: number): void {
    const target = Math.floor(now / this.bucketMs);
    if (!(target > this.head)) return;
    if (target - this.head >= this.buckets) {
      this.slots.fill(0);
      this.sums.fill(0);
    } else {
      for (let b = this.head + 1; b <= target; b++) {
        // Slot of b still holds bucket b - n, which leaves the window now.
        const at = this.slotOf(b);
        applyTotals(this.sums, 0, this.slots, at, -1);
        this.slots.fill(0, at, at + TOTALS_WIDTH);
      }
    }
    this.head = target;
    if (target >= this.nextDue) this.admitDue();
  }

  totals(now: number): FlowTotals {
    this.advance(now);
    return totalsFrom(this.sums);
  }

  /** Buckets holding flows ahead of the clock (memory that has yet to join the window). */
  get pendingBuckets(): number {
    return this.ahead.size;
  }

  private apply(flow: StatFlow, sign: 1 | -1): void {
    if (!Number.isFinite(flow.time)) return;
    const b = Math.floor(flow.time / this.bucketMs);
    if (b <= this.head - this.buckets) return;
    if (b <= this.head) {
      applyFlow(this.slots, this.slotOf(b), flow, sign);
      applyFlow(this.sums, 0, flow, sign);
      return;
    }
    let pending = this.ahead.get(b);
    if (pending === undefined) {
      if (sign < 0) return;
      pending = new Float64Array(TOTALS_WIDTH);
      this.ahead.set(b, pending);
      if (b < this.nextDue) this.nextDue = b;
    }
    applyFlow(pending, 0, flow, sign);
    // Index 0 is the flow count; whole numbers, so it reaches exactly zero.
    if (pending[0] === 0) this.ahead.delete(b);
  }

  /** Moves flows that were ahead of the clock into the window (or drops them if already past). */
  private admitDue(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const [b, pending] of this.ahead) {
      if (b > this.head) {
        if (b < earliest) earliest = b;
        continue;
      }
      this.ahead.delete(b);
      if (b > this.head - this.buckets) {
        applyTotals(this.slots, this.slotOf(b), pending, 0, 1);
        applyTotals(this.sums, 0, pending, 0, 1);
      }
    }
    this.nextDue = earliest;
  }

  /** Offset of bucket b's slot in `slots`. */
  private slotOf(b: number): number {
    const n = this.buckets;
    return (((b % n) + n) % n) * TOTALS_WIDTH;
  }
}

interface UnderlyingStats {
  rolling: RollingStats;
  session: SessionStats;
}

const EMPTY = new Float64Array(TOTALS_WIDTH);

/**
 * Rolling and session totals overall and per underlying, the per-underlying ones created on an
 * underlying's first flow. All windows share one clock: the latest `now` asked of any of them.
 */
export class StatsByUnderlying {
  private readonly settings: RollingSettings;
  private readonly overall: RollingStats;
  private readonly overallSession = new SessionStats();
  private readonly byUnderlying = new Map<string, UnderlyingStats>();
  private clock = Number.NEGATIVE_INFINITY;

  constructor(settings: RollingSettings) {
    this.settings = settings;
    this.overall = new RollingStats(settings);
  }

  add(flow: StatFlow): void {
    this.overall.add(flow);
    this.overallSession.add(flow);
    const own = this.statsFor(flow.underlying);
    // Catch a rarely asked underlying up to the shared clock, so its flows file into the window
    // rather than piling up as "ahead of the clock".
    own.rolling.advance(this.clock);
    own.rolling.add(flow);
    own.session.add(flow);
  }

  replace(previous: StatFlow, next: StatFlow): void {
    this.overall.replace(previous, next);
    this.overallSession.replace(previous, next);
    const before = this.byUnderlying.get(previous.underlying);
    before?.rolling.remove(previous);
    before?.session.remove(previous);
    const after = this.statsFor(next.underlying);
    after.rolling.advance(this.clock);
    after.rolling.add(next);
    after.session.add(next);
  }

  /** Window totals, overall or for one underlying (empty if it has had no flow). */
  rolling(now: number, underlying?: string): FlowTotals {
    if (now > this.clock) this.clock = now;
    if (underlying === undefined) return this.overall.totals(this.clock);
    const own = this.byUnderlying.get(underlying);
    return own === undefined ? totalsFrom(EMPTY) : own.rolling.totals(this.clock);
  }

  /** Session totals, overall or for one underlying (empty if it has had no flow). */
  session(underlying?: string): FlowTotals {
    if (underlying === undefined) return this.overallSession.totals();
    const own = this.byUnderlying.get(underlying);
    return own === undefined ? totalsFrom(EMPTY) : own.session.totals();
  }

  /** Underlyings seen so far, in order of first flow. */
  underlyings(): string[] {
    return Array.from(this.byUnderlying.keys());
  }

  private statsFor(underlying: string): UnderlyingStats {
    let own = this.byUnderlying.get(underlying);
    if (own === undefined) {
      own = { rolling: new RollingStats(this.settings), session: new SessionStats() };
      this.byUnderlying.set(underlying, own);
    }
    return own;
  }
}
