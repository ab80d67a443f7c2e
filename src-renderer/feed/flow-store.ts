// Every flow this window holds: a map by id and an index by time, with the filtered view kept
// alongside. A batch costs O(batch) in the usual case (newer flows append); a filter change is
// one linear pass. No React here: the UI reads it through `revision`.
//
// Bounded: it holds at most `capacity` flows, a contiguous stretch of the session; the rest is in
// the store and paged back in as the list is scrolled (feed-pager.ts). Beyond the capacity it
// lets go of the end farther from the row being read (`focus`): the oldest flows while the list
// follows the stream, the newest while the trader reads far down, after which it is `detached`
// (new flows are not held; paging up or jumping to the newest brings them back).
import type { FeedFilter } from '../../shared/domain/app-settings.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { FlowPredicate } from '../../shared/analytics/flow-filter.ts';
import { compileFilter } from '../../shared/analytics/flow-filter.ts';
import { shownInView, type FeedView } from './strategy-view.ts';
import type { IvSummaryLookup } from '../../shared/analytics/volatility-filter.ts';
import type { FlowEntry } from './sorted-entries.ts';
import { compareEntries, insertSorted, lowerBound, lowerBoundTime, mergeSorted, removeSorted } from './sorted-entries.ts';

export type { FlowEntry } from './sorted-entries.ts';

/**
 * Flows a feed window holds in memory: what it shows plus a few screens of history either side.
 * Everything else is read back from the session's store as the list is scrolled (feed-pager.ts).
 */
export const WINDOW_FLOWS = 10_000;
/** The default capacity of a store: the window's. */
export const DEFAULT_CAPACITY = WINDOW_FLOWS;
/** The smallest capacity the page's `feedWindow` parameter may ask (a few screens). */
export const MIN_WINDOW_FLOWS = 100;

/**
 * The window's capacity from its query: `?feedWindow=N` lowers it (the end-to-end tests fill more
 * flows than the window holds without recording 10,000 first); anything else is the default.
 */
export function windowCapacity(search: string): number {
  const asked = Number(new URLSearchParams(search).get('feedWindow') ?? Number.NaN);
  return Number.isInteger(asked) && asked >= MIN_WINDOW_FLOWS && asked < WINDOW_FLOWS ? asked : WINDOW_FLOWS;
}

export interface FlowChanges {
  added: FlowRow[];
  /** [previous version, new version] of flows that grew. */
  updated: [FlowRow, FlowRow][];
  evicted: FlowRow[];
  /** New flows not held because the newest were let go (their first sight here). */
  skipped?: FlowRow[];
  /** Read back from the store (applyPage): flows this window was sent before, or never was. */
  paged?: boolean;
}

/**
 * A change as the stream sent it, for what counts each flow the stream sends once (the chart,
 * net-premium.ts): a page read back from the store adds no flow, and a flow not held because the
 * newest were let go still counts at its first version (its growth does not, while it is not held).
 */
export function streamChanges(changes: FlowChanges): FlowChanges {
  if (changes.paged) return { ...changes, added: [] };
  if (changes.skipped && changes.skipped.length > 0) return { ...changes, added: [...changes.added, ...changes.skipped.filter((row) => row.version === 1)] };
  return changes;
}

/** Which way a page of stored flows goes from those held. */
export type PageDirection = 'older' | 'newer';

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
  /** Arrival order of rows paged in from below: before every live one, so ties sort under. */
  private olderSeq = -1;
  private rev = 0;
  private focusId: string | null = null;
  private detachedTop = false;
  private startHeld = false;
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
    const changes: FlowChanges & { skipped: FlowRow[] } = { added: [], updated: [], evicted: [], skipped: [], paged: false };
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
      // The newest were let go: a flow newer than those held would leave a hole below it (a late
      // one among those held still belongs).
      if (this.detachedTop && row.time > (this.ordered[this.ordered.length - 1]?.row.time ?? Number.NEGATIVE_INFINITY)) {
        changes.skipped.push(row);
        continue;
      }
      pending.add(this.enter(row, this.seq++, at, fresh, changes));
    }
    this.mergeIn(fresh);
    this.evictBeyondCapacity(changes);
    if (changes.added.length + changes.updated.length + changes.evicted.length + changes.skipped.length > 0) this.changed(changes);
    return changes;
  }

  /**
   * Adds a page read from the store next to what is held: `older` rows newest first (they sort
   * below every held flow of the same time), `newer` rows oldest first. `end` says the store has
   * nothing further that way: the session's start is held, or the newest flows are again.
   */
  applyPage(rows: readonly FlowRow[], direction: PageDirection, end: boolean): FlowChanges {
    const changes: FlowChanges = { added: [], updated: [], evicted: [], skipped: [], paged: true };
    const fresh: FlowEntry[] = [];
    for (const row of rows) {
      const existing = this.byId.get(row.id);
      if (existing) {
        if (row.version > existing.row.version) {
          changes.updated.push([existing.row, row]);
          this.replace(existing, row, Number.NEGATIVE_INFINITY);
        }
        continue;
      }
      this.enter(row, direction === 'older' ? this.olderSeq-- : this.seq++, Number.NEGATIVE_INFINITY, fresh, changes);
    }
    this.mergeIn(fresh);
    if (direction === 'older' && end) this.startHeld = true;
    if (direction === 'newer' && end) this.detachedTop = false;
    this.evictBeyondCapacity(changes);
    this.changed(changes);
    return changes;
  }

  /** The flow being read (the list's anchor row), or null when the list follows the newest. */
  setFocus(id: string | null): void {
    this.focusId = id;
  }

  /** The newest flows were let go: new ones are not held until paged back or reloaded. */
  get detached(): boolean {
    return this.detachedTop;
  }

  /** The session's first flow is held: nothing older to page in. */
  get startOfSession(): boolean {
    return this.startHeld;
  }

  get limit(): number {
    return this.capacity;
  }

  /** The oldest and newest held flows (by first-print time), for the pager's cursors. */
  edges(): { oldest: FlowRow; newest: FlowRow } | null {
    const first = this.ordered[0];
    const last = this.ordered[this.ordered.length - 1];
    return first && last ? { oldest: first.row, newest: last.row } : null;
  }

  /** Recomputes the filtered view over everything held: one pass. */
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
    this.detachedTop = false;
    this.startHeld = false;
    this.changed({ added: [], updated: [], evicted, skipped: [], paged: false });
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

  /**
   * Holds a flow not held before: indexed by id at once (a later version in the same batch finds
   * it), queued in `fresh` for mergeIn, and counted as added.
   */
  private enter(row: FlowRow, seq: number, arrivedAt: number, fresh: FlowEntry[], changes: FlowChanges): FlowEntry {
    const entry: FlowEntry = { row, seq, arrivedAt, grewAt: Number.NEGATIVE_INFINITY, visible: this.predicate(row) };
    this.byId.set(row.id, entry);
    fresh.push(entry);
    changes.added.push(row);
    return entry;
  }

  /** Merges the flows entered by a batch or page into the time order and the shown view (sorted-entries.ts mergeSorted). */
  private mergeIn(fresh: FlowEntry[]): void {
    if (fresh.length === 0) return;
    fresh.sort(compareEntries);
    this.ordered = mergeSorted(this.ordered, fresh);
    this.shown = mergeSorted(this.shown, fresh.filter((e) => e.visible));
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
    const focus = this.focusId === null ? undefined : this.byId.get(this.focusId);
    if (!focus) {
      // Following the stream: evict a little extra so it does not shift the array on every batch.
      this.evictOldest(Math.min(this.ordered.length, excess + Math.ceil(this.capacity / 50)), changes);
      return;
    }
    // Reading: keep half the capacity below the row read, and let the newest go for the rest.
    const below = lowerBound(this.ordered, focus);
    const oldest = Math.min(excess, Math.max(0, below - Math.floor(this.capacity / 2)));
    if (oldest > 0) this.evictOldest(oldest, changes);
    const newest = excess - oldest;
    if (newest > 0) this.evictNewest(newest, changes);
  }

  private evictOldest(count: number, changes: FlowChanges): void {
    const gone = this.ordered.splice(0, count);
    let shownGone = 0;
    for (const entry of gone) {
      this.byId.delete(entry.row.id);
      changes.evicted.push(entry.row);
      if (entry.visible) shownGone++;
    }
    // The shown view is a subsequence of the ordered one, so its evicted part is a prefix.
    this.shown.splice(0, shownGone);
    this.startHeld = false;
  }

  private evictNewest(count: number, changes: FlowChanges): void {
    const gone = this.ordered.splice(this.ordered.length - count);
    let shownGone = 0;
    for (const entry of gone) {
      this.byId.delete(entry.row.id);
      changes.evicted.push(entry.row);
      if (entry.visible) shownGone++;
    }
    if (shownGone > 0) this.shown.splice(this.shown.length - shownGone);
    this.detachedTop = true;
  }

  private changed(changes: FlowChanges | null): void {
    this.rev++;
    if (changes) for (const listener of this.changeListeners) listener(changes);
    for (const listener of this.revisionListeners) listener();
  }
}
