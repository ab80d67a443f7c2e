// Lists kept in time order by the engine's windows (spread-legs.ts, strategy-grouper.ts): a new
// entry compares only those within its window, found by bisection instead of a scan.

/** The first index of a list sorted by time whose time is not below `time` (the list's length when none). */
export function firstAtOrAfter(list: readonly { readonly time: number }[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as { time: number }).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
