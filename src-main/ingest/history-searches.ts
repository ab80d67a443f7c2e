// History searches in the worker: each on its own read-only connection (a cursor stays open while
// its pages travel), pushed to the window that asked a page at a time, never more than
// HISTORY_PAGES_AHEAD pages beyond the last one it acknowledged. A window has one search at a
// time; a search nobody acknowledges for IDLE_MS is closed, since its open read keeps the WAL from
// being checkpointed past it.
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { encodeFlowBatch, type FlowRow } from '../../shared/ipc/flows.ts';
import { HISTORY_PAGE_ROWS, HISTORY_PAGES_AHEAD, historyEvents, type HistoryPage } from '../../shared/ipc/history.ts';
import { push, type Push } from '../../shared/ipc/push.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { searchHits, type SearchHit } from '../store/flow-search.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';

/** A search whose pages nobody acknowledges for this long is closed. */
export const IDLE_MS = 60_000;
/**
 * Reading a page stops this long after its first row and sends what it has, so sparse matches
 * never stall the market (the wait for the first row is SQLite's: one step of the statement).
 */
const SLICE_MS = 40;

export interface HistorySearchesOptions {
  clock: Clock;
  send: (item: Push) => void;
  /** The clock that bounds a page's reading (performance.now by default; tests pass a still one). */
  sliceNow?: () => number;
  pageRows?: number;
}

interface Search {
  window: string;
  searchId: string;
  db: Db;
  hits: Iterator<SearchHit>;
  sent: number;
  acked: number;
  matched: number;
  done: boolean;
  pumping: boolean;
  idle: TimerHandle | null;
}

export class HistorySearches {
  private readonly options: HistorySearchesOptions;
  /** By window: each has at most one search. */
  private readonly searches = new Map<string, Search>();

  constructor(options: HistorySearchesOptions) {
    this.options = options;
  }

  /** Starts a search for `window` (closing its previous one); throws when the database cannot be read. */
  start(dbPath: string, window: string, searchId: string, query: HistoryQuery): { searchId: string } {
    this.close(window, null);
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const hits = searchHits(db, query);
      const search: Search = { window, searchId, db, hits, sent: 0, acked: -1, matched: 0, done: false, pumping: false, idle: null };
      this.searches.set(window, search);
      this.touch(search);
      void this.pump(search);
      return { searchId };
    } catch (error) {
      db.close();
      throw error;
    }
  }

  more(window: string, searchId: string, page: number): { searchId: string; running: boolean } {
    const search = this.searches.get(window);
    if (!search || search.searchId !== searchId) return { searchId, running: false };
    search.acked = Math.max(search.acked, page);
    this.touch(search);
    void this.pump(search);
    return { searchId, running: true };
  }

  cancel(window: string, searchId: string): { cancelled: boolean } {
    const search = this.searches.get(window);
    if (!search || search.searchId !== searchId) return { cancelled: false };
    this.close(window, 'cancelled');
    return { cancelled: true };
  }

  /** Closes every search (the worker stops). */
  closeAll(): void {
    for (const window of [...this.searches.keys()]) this.close(window, 'the market worker stopped');
  }

  get running(): number {
    return this.searches.size;
  }

  private async pump(search: Search): Promise<void> {
    if (search.pumping) return;
    search.pumping = true;
    try {
      while (!search.done && this.searches.get(search.window) === search && search.sent - search.acked <= HISTORY_PAGES_AHEAD) {
        this.sendPage(search);
        // Let the market run between pages.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      search.pumping = false;
    }
  }

  private sendPage(search: Search): void {
    const limit = this.options.pageRows ?? HISTORY_PAGE_ROWS;
    const sliceNow = this.options.sliceNow ?? (() => performance.now());
    let started: number | null = null;
    const rows: FlowRow[] = [];
    const seenAt: number[] = [];
    let error: string | null = null;
    try {
      while (rows.length < limit) {
        const next = search.hits.next();
        if (next.done) {
          search.done = true;
          break;
        }
        rows.push(next.value.row);
        seenAt.push(next.value.seenAt);
        if (started === null) started = sliceNow();
        else if (sliceNow() - started > SLICE_MS) break;
      }
    } catch (failure) {
      error = (failure as Error).message;
      search.done = true;
    }
    search.matched += rows.length;
    const page: HistoryPage = { searchId: search.searchId, page: search.sent, rows: encodeFlowBatch(rows), seenAt, matched: search.matched, done: search.done, error };
    search.sent++;
    this.options.send(push(historyEvents.page, page, { window: search.window }));
    if (search.done) this.close(search.window, null);
  }

  private touch(search: Search): void {
    const { clock } = this.options;
    clock.clearTimeout(search.idle);
    search.idle = clock.setTimeout(() => {
      if (this.searches.get(search.window) === search) this.close(search.window, `closed after ${IDLE_MS / 1000} s without a reader`);
    }, IDLE_MS);
  }

  /** Ends `window`'s search; with a reason, the window is told in a last page. */
  private close(window: string, reason: string | null): void {
    const search = this.searches.get(window);
    if (!search) return;
    this.searches.delete(window);
    this.options.clock.clearTimeout(search.idle);
    search.hits.return?.(undefined);
    search.db.close();
    if (reason !== null && !search.done) {
      search.done = true;
      const page: HistoryPage = { searchId: search.searchId, page: search.sent++, rows: encodeFlowBatch([]), seenAt: [], matched: search.matched, done: true, error: reason };
      this.options.send(push(historyEvents.page, page, { window }));
    }
  }
}
