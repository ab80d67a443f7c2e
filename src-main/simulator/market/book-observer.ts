// What a venue book (venue-book.ts) tells an observer of every change to a venue's quote.
// Evaluation only: the simulator keeps the ground truth of book events with it (book-truth.ts);
// the product's market never sets one.

export type BookSide = 'bid' | 'ask';

export type RequoteCause = 'repost' | 'refill' | 'pull';

export interface QuoteBest {
  offset: number;
  size: number;
  /** The side's best offset across venues at that moment; -1 when the side is empty. */
  touchOffset: number;
}

/** Offsets, not prices: the contract prices them on its ladder of the moment. */
export interface VenueBookObserver {
  /**
   * A trade took `taken` of the `before` contracts venue v showed at `offset`, when the side's
   * best offset was `touchOffset`.
   */
  taken(side: BookSide, venueIndex: number, offset: number, touchOffset: number, before: number, taken: number, t: number): void;
  /**
   * Venue v's quote on `side` was drawn again at `t` (a re-post or a refill) or pulled: its best
   * entry before and after (offset -1, size 0 when it showed nothing on that side).
   */
  requoted(side: BookSide, venueIndex: number, before: QuoteBest, after: QuoteBest, cause: RequoteCause, t: number): void;
}
