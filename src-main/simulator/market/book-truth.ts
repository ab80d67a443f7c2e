// Ground truth of book events for the evaluation (tools/eval): what each venue at a contract's
// touch really did, told by the venue book itself (VenueBookObserver). The product's market never
// makes one, and the detector never reads it. A venue's quote is caught up whenever its contract
// is read, so the market that keeps this truth reads its watched contracts every step.
import type { BookTruthEvent } from './market.ts';
import type { BookSide, QuoteBest, RequoteCause, VenueBookObserver } from './book-observer.ts';

/** What the truth needs of the contract: its name, venue codes and the price of a ladder step now. */
export interface PricedBook {
  readonly symbol: string;
  readonly venues: readonly string[];
  /** Dollars of a ladder step of one side, on the ladder of the moment. */
  priceOf(side: BookSide, offset: number): number;
}

interface PendingTake {
  offset: number;
  price: number;
  /** The venue's size there before the first take. */
  before: number;
  taken: number;
  at: number;
}

export class BookTruthTracker implements VenueBookObserver {
  private readonly book: PricedBook;
  private readonly out: BookTruthEvent[];
  /** Takes at the touch waiting for the venue's next quote, by side and venue index. */
  private readonly pending = new Map<string, PendingTake>();
  /** Venues (by side and index) whose next event the fault endpoint made. */
  private readonly scripted = new Set<string>();

  constructor(book: PricedBook, out: BookTruthEvent[]) {
    this.book = book;
    this.out = out;
  }

  /** The venue's next event on this side is the fault endpoint's. */
  markScripted(side: BookSide, venueIndex: number): void {
    this.scripted.add(`${side}${venueIndex}`);
  }

  taken(side: BookSide, venueIndex: number, offset: number, touchOffset: number, before: number, taken: number, t: number): void {
    const key = `${side}${venueIndex}`;
    const known = this.pending.get(key);
    if (known && known.offset === offset) {
      known.taken += taken;
      return;
    }
    // Only takes at the touch price: a refill behind the touch is no event at the touch.
    if (offset !== touchOffset) return;
    this.pending.set(key, { offset, price: this.book.priceOf(side, offset), before, taken, at: t });
  }

  requoted(side: BookSide, venueIndex: number, before: QuoteBest, after: QuoteBest, cause: RequoteCause, t: number): void {
    const key = `${side}${venueIndex}`;
    const venue = this.book.venues[venueIndex] ?? '?';
    const scripted = this.scripted.delete(key);
    const take = this.pending.get(key);
    if (take && cause !== 'pull') {
      this.pending.delete(key);
      const sizeAfter = after.offset === take.offset ? after.size : 0;
      this.out.push({ kind: 'refill', symbol: this.book.symbol, side, venue, price: take.price, time: t, sizeBefore: take.before, sizeAfter, taken: take.taken, takenAt: take.at, ...(scripted ? { scripted } : {}) });
      return;
    }
    if (take) this.pending.delete(key);
    // A pull: the venue showed size at the touch and shows less there now, without moving ahead of it.
    if (before.offset < 0 || before.offset !== before.touchOffset) return;
    if (after.offset >= 0 && after.offset < before.offset) return;
    const sizeAfter = after.offset === before.offset ? after.size : 0;
    if (sizeAfter >= before.size) return;
    this.out.push({ kind: 'pull', symbol: this.book.symbol, side, venue, price: this.book.priceOf(side, before.offset), time: t, sizeBefore: before.size, sizeAfter, ...(scripted ? { scripted } : {}) });
  }
}
