// Sorted arrays of flow entries, oldest first, so the common case (a newer flow) is a push.
// The feed reads them from the end to show the newest first.
import type { FlowRow } from '../../shared/ipc/flows.ts';

export interface FlowEntry {
  row: FlowRow;
  /** Arrival order: breaks ties between flows with the same first-print time. */
  readonly seq: number;
  /** When the row arrived here and when it last grew (performance-clock ms), for the flash. */
  readonly arrivedAt: number;
  grewAt: number;
  /** Whether the current filter shows it; kept so an update knows what it was. */
  visible: boolean;
}

/** Order by first-print time, then arrival. Never changes for an entry (time is the first print's). */
export function compareEntries(a: FlowEntry, b: FlowEntry): number {
  return a.row.time - b.row.time || a.seq - b.seq;
}

/** Index of the first entry that sorts at or after `probe`. */
export function lowerBound(list: readonly FlowEntry[], probe: FlowEntry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(list[mid] as FlowEntry, probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first entry whose time is at or after `time`. */
export function lowerBoundTime(list: readonly FlowEntry[], time: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as FlowEntry).row.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Merges sorted `additions` into sorted `list`, in place, and returns it. Live flows arrive
 * nearly in order, so only the short tail of `list` that sorts after the earliest addition is
 * merged: a late flow costs O(tail + additions), not a copy of all 100k held.
 */
export function mergeSorted(list: FlowEntry[], additions: readonly FlowEntry[]): FlowEntry[] {
  if (additions.length === 0) return list;
  const from = upperBound(list, additions[0] as FlowEntry);
  if (from === list.length) {
    for (const entry of additions) list.push(entry);
    return list;
  }
  const tail = list.splice(from);
  let i = 0;
  let j = 0;
  while (i < tail.length && j < additions.length) {
    const a = tail[i] as FlowEntry;
    const b = additions[j] as FlowEntry;
    if (compareEntries(a, b) <= 0) {
      list.push(a);
      i++;
    } else {
      list.push(b);
      j++;
    }
  }
  while (i < tail.length) list.push(tail[i++] as FlowEntry);
  while (j < additions.length) list.push(additions[j++] as FlowEntry);
  return list;
}

/** Index of the first entry that sorts after `probe`. */
function upperBound(list: readonly FlowEntry[], probe: FlowEntry): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEntries(list[mid] as FlowEntry, probe) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function insertSorted(list: FlowEntry[], entry: FlowEntry): void {
  list.splice(lowerBound(list, entry), 0, entry);
}

export function removeSorted(list: FlowEntry[], entry: FlowEntry): void {
  const at = lowerBound(list, entry);
  if (list[at] === entry) list.splice(at, 1);
}
