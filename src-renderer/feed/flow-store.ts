// Every flow this window holds: a map by id and an index by time, with the filtered view kept
// alongside. A batch costs O(batch) in the usual case (newer flows append); a filter change is
// one linear pass. No React here: the UI reads it through `revision`.
import type { FeedFilter } from '../../shared/domain/app-settings.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { FlowPredicate } from '../../shared/analytics/flow-filter.ts';
import { compileFilter } from '../../shared/analytics/flow-filter.ts';
import { shownInView, type FeedView } from './strategy-view.ts';
import type { IvSummaryLookup } from '../../shared/analytics/volatility-filter.ts';
import type { FlowEntry } from './sorted-entries.ts';
import { compareEntries, insertSorted, lowerBoundTime, mergeSorted, removeSorted } from './sorted-entries.ts';

export type { FlowEntry } from './sorted-entries.ts';

/** Flows kept in memory; the oldest go first beyond it. */
export const DEFAULT_CAPACITY = 100_000;

export interface FlowChanges {
  added: FlowRow[];
  /** [previous version, new version] of flows that grew. */
  updated: [FlowRow, FlowRow][];
  evicted: FlowRow[];
}

export interface FlowStoreOptions {
  capacity?: number;
  /** A clock for the "just arrived" flash; performance.now in the browser. */
  now?: () => number;
}

export class FlowStore {
  private readonly byId = new Map<string, FlowEntry>();
  private ordered: FlowEntry[] = [];
  private shown: FlowEntry[] = [];
  private predicate: FlowPredicate = () => true;
  private filterPredicate: FlowPredicate = () => true;
  private shownView: FeedView = 'legs';
  private seq = 0;
  private rev = 0;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly changeListeners = new Set<(changes: FlowChanges) => void>();
  private readonly revisionListeners = new Set<() => void>();

  constructor(options: FlowStoreOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.now = options.now ?? (() => 0);
  }

  /**
   * Applies one decoded batch: new flows are added, a higher version replaces in place.
   * `live: false` (a backlog) marks nothing as just arrived, so a reload does not flash.
   */
  apply(rows: readonly FlowRow[], live = true): FlowChanges {
    const changes: FlowChanges = { added: [], updated: [], evicted: [] };
    const fresh: FlowEntry[] = [];
    const pending = new Set<FlowEntry>();
    const at = live ? this.now() : Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const existing = this.byId.get(row.id);
      if (existing) {
        if (row.version > existing.row.version) {
          changes.updated.push([existing.row, row]);
          if (pending.has(existing)) {
            // Arrived earlier in this same batch: not in the sorted arrays yet, just swap it.
            existing.row = row;
            existing.visible = this.predicate(row);
          } else {
            this.replace(existing, row, at);
          }
        }
        continue;
      }
      const entry: FlowEntry = { row, seq: this.seq++, arrivedAt: at, grewAt: Number.NEGATIVE_INFINITY, visible: this.predicate(row) };
      this.byId.set(row.id, entry);
      fresh.push(entry);
      pending.add(entry);
      changes.added.push(row);
    }
    if (fresh.length > 0) {
      fresh.sort(compareEntries);
      this.ordered = mergeSorted(this.ordered, fresh);
      this.shown = mergeSorted(this.shown, fresh.filter((e) => e.visible));
    }
    this.evictBeyondCapacity(changes);
    if (changes.added.length + changes.updated.length + changes.evicted.length > 0) this.changed(changes);
    return changes;
  }

  /** Recomputes the filtered view over everything held: one pass, fine for 100k flows. */
  setFilter(filter: FeedFilter, ivSummaries?: IvSummaryLookup): void {
    this.filterPredicate = compileFilter(filter, ivSummaries);
    this.recompute();
  }

  /** Legs or strategies (strategy-view.ts): in the strategies view a strategy's legs give way to its row. */
  setView(view: FeedView): void {
    this.shownView = view;
    this.recompute();
  }

  get view(): FeedView {
    return this.shownView;
  }

  private recompute(): void {
    const filter = this.filterPredicate;
    const view = this.shownView;
    this.predicate = view === 'legs' ? filter : (row) => shownInView(row, view) && filter(row);
    const shown: FlowEntry[] = [];
    for (const entry of this.ordered) {
      entry.visible = this.predicate(entry.row);
      if (entry.visible) shown.push(entry);
    }
    this.shown = shown;
    this.changed(null);
  }

  clear(): void {
    const evicted = this.ordered.map((e) => e.row);
    this.byId.clear();
    this.ordered = [];
    this.shown = [];
    this.changed({ added: [], updated: [], evicted });
  }

  get size(): number {
    return this.ordered.length;
  }

  get visibleCount(): number {
    return this.shown.length;
  }

  get revision(): number {
    return this.rev;
  }

  /** The i-th shown flow, newest first. */
  visibleAt(index: number): FlowEntry | undefined {
    return this.shown[this.shown.length - 1 - index];
  }

  /** Every flow held as id and version, sorted by id (for tests; a linear pass). */
  held(): { id: string; version: number }[] {
    return [...this.byId.values()].map((e) => ({ id: e.row.id, version: e.row.version })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): FlowEntry | undefined {
    return this.byId.get(id);
  }

  /** Newest-first index of a shown flow, or -1. */
  visibleIndexOf(id: string): number {
    const entry = this.byId.get(id);
    if (!entry || !entry.visible) return -1;
    let lo = 0;
    let hi = this.shown.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.shown[mid] as FlowEntry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return this.shown[lo] === entry ? this.shown.length - 1 - lo : -1;
  }

  /** How many shown flows started at or after `time` (they sit above it, newest first). */
  visibleCountSince(time: number): number {
    return this.shown.length - lowerBoundTime(this.shown, time);
  }

  /** Every held flow, oldest first. */
  *rows(): Iterable<FlowRow> {
    for (const entry of this.ordered) yield entry.row;
  }

  /** Every held flow of one underlying, oldest first (for charts). */
  *rowsOf(underlying: string): Iterable<FlowRow> {
    for (const entry of this.ordered) if (entry.row.underlying === underlying) yield entry.row;
  }

  onChanges(listener: (changes: FlowChanges) => void): () => void {
    this.changeListeners.add(listener);
    return () => {
      this.changeListeners.delete(listener);
    };
  }

  /** Called after every change (not coalesced: the caller coalesces to frames). */
  onRevision(listener: () => void): () => void {
    this.revisionListeners.add(listener);
    return () => {
      this.revisionListeners.delete(listener);
    };
  }

  private replace(entry: FlowEntry, row: FlowRow, at: number): void {
    const moved = row.time !== entry.row.time;
    if (moved) {
      // The first print's time never changes in the engine; if it ever does, re-sort the entry.
      removeSorted(this.ordered, entry);
      if (entry.visible) removeSorted(this.shown, entry);
    }
    entry.row = row;
    entry.grewAt = at;
    const visible = this.predicate(row);
    if (moved) {
      insertSorted(this.ordered, entry);
      if (visible) insertSorted(this.shown, entry);
    } else if (visible !== entry.visible) {
      if (visible) insertSorted(this.shown, entry);
      else removeSorted(this.shown, entry);
    }
    entry.visible = visible;
  }

  private evictBeyondCapacity(changes: FlowChanges): void {
    const excess = this.ordered.length - this.capacity;
    if (excess <= 0) return;
    // Evict a little extra so a steady stream does not shift the array on every batch.
    const count = Math.min(this.ordered.length, excess + Math.ceil(this.capacity / 50));
    const gone = this.ordered.splice(0, count);
    let shownGone = 0;
    for (const entry of gone) {
      this.byId.delete(entry.row.id);
      changes.evicted.push(entry.row);
      if (entry.visible) shownGone++;
    }
    // The shown view is a subsequence of the ordered one, so its evicted part is a prefix.
    this.shown.splice(0, shownGone);
  }

  private changed(changes: FlowChanges | null): void {
    this.rev++;
    if (changes) for (const listener of this.changeListeners) listener(changes);
    for (const listener of this.revisionListeners) listener();
  }
}
