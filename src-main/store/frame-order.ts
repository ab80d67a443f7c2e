// Version 3 of the frame codec (frame-codec.ts): the order of a keyed array's elements (a book's
// venues by name) told against the order the same array had last on the same contract. A book
// lists its venues largest first, so one venue whose size changes moves, and every venue between
// its old and new places shifts by one; by place, each of those is a new name. Predicted instead
// as "the next venue of the old order not given yet", a venue that moved up costs one name (the
// ones it passed follow as before) and one that moved down two. Encoder and decoder run the same
// predictions, so only the names that differ from them are stored: one of the old order as how
// many not given yet it passed (KEY_SKIP), a new one as its text.

/** Keys of an array remembered per contract, at most: 32 fits the marks of which were given in one integer. */
export const MAX_ORDER = 32;

/** One array's order on one contract, kept on the array's slot and begun again at each of its values. */
export class KeyOrder {
  /** The keys given this time, in order (at most MAX_ORDER): the next time's `previous`. */
  private next: string[] = [];
  private previous: string[] = [];
  /** Bit j: previous[j] was given this time. */
  private given = 0;
  /** The old place of the key given last (-1 before any). */
  private last = -1;
  /** The old place of the key `predict` gave last. */
  private predicted = -1;

  /** Starts the array's next value: the keys given last time are the old order. */
  begin(): this {
    const previous = this.previous;
    this.previous = this.next;
    this.next = previous;
    previous.length = 0;
    this.given = 0;
    this.last = -1;
    return this;
  }

  /** The keys given since `begin`. */
  get keys(): readonly string[] {
    return this.next;
  }

  /** Whether there is an old order to predict from (else a key is told against its place's last key). */
  get active(): boolean {
    return this.previous.length > 0;
  }

  /** The key expected next: the first of the old order not given yet after the last one given, else the first not given at all; null when all were. */
  predict(): string | null {
    const previous = this.previous;
    for (let j = this.last + 1; j < previous.length; j++) if ((this.given & (1 << j)) === 0) return previous[(this.predicted = j)] as string;
    for (let j = 0; j <= this.last; j++) if ((this.given & (1 << j)) === 0) return previous[(this.predicted = j)] as string;
    return null;
  }

  /** The element's key was the one `predict` just gave. */
  tookPredicted(key: string): void {
    if (this.next.length < MAX_ORDER) this.next.push(key);
    this.given |= 1 << this.predicted;
    this.last = this.predicted;
  }

  /**
   * Where `key` comes among the keys not given yet, in the order `predict` looks at them (0: the
   * predicted one); -1 when it is not among them. A venue that moved tells how many it passed.
   */
  rankOf(key: string): number {
    const previous = this.previous;
    let rank = 0;
    for (let j = this.last + 1; j < previous.length; j++) {
      if ((this.given & (1 << j)) !== 0) continue;
      if (previous[j] === key) return rank;
      rank++;
    }
    for (let j = 0; j <= this.last; j++) {
      if ((this.given & (1 << j)) !== 0) continue;
      if (previous[j] === key) return rank;
      rank++;
    }
    return -1;
  }

  /** The key at `rank` (see rankOf); null past the last. */
  atRank(rank: number): string | null {
    const previous = this.previous;
    for (let j = this.last + 1; j < previous.length; j++) if ((this.given & (1 << j)) === 0 && rank-- === 0) return previous[j] as string;
    for (let j = 0; j <= this.last; j++) if ((this.given & (1 << j)) === 0 && rank-- === 0) return previous[j] as string;
    return null;
  }

  /** The element's key was `key`. */
  took(key: string): void {
    if (this.next.length < MAX_ORDER) this.next.push(key);
    const previous = this.previous;
    for (let j = 0; j < previous.length; j++) {
      if (previous[j] === key && (this.given & (1 << j)) === 0) {
        this.given |= 1 << j;
        this.last = j;
        return;
      }
    }
  }
}
