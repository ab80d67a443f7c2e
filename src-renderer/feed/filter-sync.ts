// Keeps the feed filter and settings.feed in step. The filter applies locally at once; saving
// waits for the trader to pause (a typed premium is one save, not six), and a remote change
// (another window, a settings reset) is adopted only when no local edit is on its way.
import type { FeedFilter } from '../../shared/domain/app-settings.ts';
import { sameFilter } from '../../shared/analytics/flow-filter.ts';

export const SAVE_DELAY_MS = 400;

export interface FilterSyncDeps {
  save(filter: FeedFilter): Promise<unknown>;
  apply(filter: FeedFilter): void;
  onError(error: unknown): void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export class FilterSync {
  private current: FeedFilter;
  private pending: FeedFilter | null = null;
  private timer: unknown = null;
  private saving = 0;
  private readonly deps: FilterSyncDeps;

  constructor(initial: FeedFilter, deps: FilterSyncDeps) {
    this.current = initial;
    this.deps = deps;
  }

  get filter(): FeedFilter {
    return this.current;
  }

  /** A local edit: applies now, saves after a pause. */
  edit(filter: FeedFilter): void {
    this.current = filter;
    this.deps.apply(filter);
    this.pending = filter;
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = this.deps.setTimer(() => void this.flush(), SAVE_DELAY_MS);
  }

  /** The stored filter as main reports it; returns whether it was adopted. */
  remote(filter: FeedFilter): boolean {
    if (this.pending !== null || this.saving > 0) return false;
    if (sameFilter(filter, this.current)) return false;
    this.current = filter;
    this.deps.apply(filter);
    return true;
  }

  /** Saves a pending edit now (e.g. before the page goes away). */
  async flush(): Promise<void> {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    this.timer = null;
    const filter = this.pending;
    if (filter === null) return;
    this.pending = null;
    this.saving++;
    try {
      await this.deps.save(filter);
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.saving--;
    }
  }
}
