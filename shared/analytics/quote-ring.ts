// The short per-contract history of quotes that a print is judged against
// (shared/analytics/FLOW-RULES.md §1-§2): the side of a trade uses the quote in force
// strictly before the trade time.
import type { QuoteEvidence } from '../domain/flow.ts';

/**
 * A fixed-capacity ring of recent quotes, kept sorted by time.
 *
 * Ordering, so that the same frames always give the same answer:
 * - Quotes are kept in (time, arrival) order. A quote with a time equal to kept ones goes after
 *   them: at one instant the later update is the more current book.
 * - A quote that arrives out of order is inserted at its place by time (a short shift from the
 *   newest end; in-order pushes shift nothing).
 * - When full, the ring keeps the `capacity` newest quotes by (time, arrival): the oldest one is
 *   evicted, and a late quote older than everything kept is dropped.
 * - A quote with a non-finite time is dropped.
 *
 * Fields are copied into typed arrays, so push never allocates and a caller may reuse or mutate
 * the object it pushed. `before` allocates the returned evidence (once per print, not per quote).
 */
export class QuoteRing {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly bids: Float64Array;
  private readonly asks: Float64Array;
  private readonly bidSizes: Float64Array;
  private readonly askSizes: Float64Array;
  /** Physical index of the oldest kept quote. */
  private head = 0;
  private count = 0;

  /** `capacity` is FlowSettings.quoteRingSize. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`quote ring capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.bids = new Float64Array(capacity);
    this.asks = new Float64Array(capacity);
    this.bidSizes = new Float64Array(capacity);
    this.askSizes = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Records a quote; returns false when it was dropped (see the ordering rules above). */
  push(q: QuoteEvidence): boolean {
    return this.pushValues(q.time, q.bid, q.ask, q.bidSize, q.askSize);
  }

  /** push without an evidence object: the engine pushes on every Level 1 update and book. */
  pushValues(time: number, bid: number, ask: number, bidSize: number, askSize: number): boolean {
    if (!Number.isFinite(time)) return false;
    if (this.count === this.capacity) {
      if (time < this.timeAt(0)) return false;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    // Walk back from the newest slot, shifting every strictly later quote one place up.
    let i = this.count;
    while (i > 0 && this.timeAt(i - 1) > time) {
      this.copy(this.physical(i - 1), this.physical(i));
      i--;
    }
    const at = this.physical(i);
    this.times[at] = time;
    this.bids[at] = bid;
    this.asks[at] = ask;
    this.bidSizes[at] = bidSize;
    this.askSizes[at] = askSize;
    this.count++;
    return true;
  }

  /**
   * The latest quote with time strictly less than `t` (ties: the last to arrive), or null.
   * Strictly less, so the quote carried by the trade's own update never judges that trade.
   */
  before(t: number): QuoteEvidence | null {
    for (let i = this.count - 1; i >= 0; i--) {
      const at = this.physical(i);
      const time = this.times[at] as number;
      if (time < t) {
        return {
          time,
          bid: this.bids[at] as number,
          ask: this.asks[at] as number,
          bidSize: this.bidSizes[at] as number,
          askSize: this.askSizes[at] as number,
        };
      }
    }
    return null;
  }

  /** Forgets every quote (after a reconnect the old book says nothing about the new one). */
  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  /** Logical index 0 is the oldest kept quote. */
  private physical(logical: number): number {
    // head < capacity and logical <= capacity: one subtraction does what % did, without a division.
    const at = this.head + logical;
    return at >= this.capacity ? at - this.capacity : at;
  }

  private timeAt(logical: number): number {
    return this.times[this.physical(logical)] as number;
  }

  private copy(from: number, to: number): void {
    this.times[to] = this.times[from] as number;
    this.bids[to] = this.bids[from] as number;
    this.asks[to] = this.asks[from] as number;
    this.bidSizes[to] = this.bidSizes[from] as number;
    this.askSizes[to] = this.askSizes[from] as number;
  }
}
