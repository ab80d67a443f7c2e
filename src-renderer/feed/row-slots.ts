// Keys for the flow rows on screen that let a row's DOM serve another flow when the stream is
// fast. At 2,000 new flows a second every row on screen is a new flow every frame; keyed by flow
// id, React would remove every row and build every one again (a thousand elements a frame, each
// styled and laid out anew). So when most rows of a frame are new, a new flow takes the key of a
// row that left and React updates that element's text and attributes in place; freed keys go to
// new flows in screen order, so the reused elements keep their order and none moves.
// When few rows are new (the usual stream), new flows get keys of their own: reusing the element
// of a row that left the bottom would move it to the top, and React's reconciliation then moves
// every row between (it keeps the longest run in old order, here the reused one alone).
// A row that stays on screen keeps its key either way, so it is not rendered again.
export class RowSlots {
  private byId = new Map<string, number>();
  private next = 0;

  /** A key for each id (ids in screen order, no repeats). */
  assign(ids: readonly string[]): number[] {
    const kept = new Map<string, number>();
    for (const id of ids) {
      const key = this.byId.get(id);
      if (key !== undefined) kept.set(id, key);
    }
    const reuse = (ids.length - kept.size) * 2 > ids.length;
    const free: number[] = [];
    if (reuse) for (const [id, key] of this.byId) if (!kept.has(id)) free.push(key);
    let nextFree = 0;
    const keys = ids.map((id) => {
      let key = kept.get(id);
      if (key === undefined) {
        key = nextFree < free.length ? (free[nextFree++] as number) : this.next++;
        kept.set(id, key);
      }
      return key;
    });
    this.byId = kept;
    return keys;
  }
}
