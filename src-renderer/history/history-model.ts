// A history search as the feed window runs it, outside React: start it under an id of its own,
// take its pushed pages in order, acknowledge each so the worker sends more, and hold every row
// (no cap). Opening a row replays its session at that moment.
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import { decodeFlowBatch, type FlowRow } from '../../shared/ipc/flows.ts';
import type { HistoryPage } from '../../shared/ipc/history.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';

export interface HistoryState {
  searchId: string | null;
  /** Rows held; the array grows in place, `rows` counts them for a re-render. */
  rows: number;
  pages: number;
  done: boolean;
  error: string | null;
  /** Milliseconds from the request to the first page, as this window saw it. */
  firstPageMs: number | null;
}

const IDLE: HistoryState = { searchId: null, rows: 0, pages: 0, done: true, error: null, firstPageMs: null };

export interface HistoryModelDeps {
  bridge: FathomBridge;
  batcher: FrameBatcher;
  hooks: TestHooks;
  now: () => number;
  fail: (what: string, error: unknown) => void;
}

let searches = 0;

export class HistoryModel {
  readonly state: Cell<HistoryState>;
  /** The current search's rows, newest first. */
  readonly rows: FlowRow[] = [];
  /** When each row's first print reached Fathom, by flow id: where a replay shows it. */
  readonly seenAt = new Map<string, number>();
  private readonly deps: HistoryModelDeps;
  private startedAt = 0;

  constructor(deps: HistoryModelDeps) {
    this.deps = deps;
    this.state = new Cell<HistoryState>(IDLE, deps.batcher);
    deps.hooks.expose('history', () => this.rows.map(({ id, sessionId, time, symbol, kind, premium }) => ({ id, sessionId, time, symbol, kind, premium })));
  }

  start(): () => void {
    return this.deps.bridge.on.history.page((page) => this.onPage(page));
  }

  async search(query: HistoryQuery): Promise<void> {
    await this.cancel();
    searches += 1;
    const searchId = `h${searches}-${Math.floor(this.deps.now()).toString(36)}`;
    this.rows.length = 0;
    this.seenAt.clear();
    this.startedAt = this.deps.now();
    this.state.set({ ...IDLE, searchId, done: false });
    this.deps.hooks.emit('history-search', { searchId });
    try {
      await this.deps.bridge.api.history.search({ searchId, query });
    } catch (error) {
      if (this.state.get().searchId === searchId) this.state.set({ ...this.state.get(), done: true, error: (error as Error).message });
      this.deps.fail('searching the history', error);
    }
  }

  /** Stops the running search, if any (the view closed, or a new search replaces it). */
  async cancel(): Promise<void> {
    const { searchId, done } = this.state.get();
    if (searchId === null || done) return;
    this.state.set({ ...this.state.get(), done: true });
    try {
      await this.deps.bridge.api.history.cancel({ searchId });
    } catch {
      // The worker closes a search nobody reads on its own; nothing is lost.
    }
  }

  private onPage(page: HistoryPage): void {
    const state = this.state.get();
    if (page.searchId !== state.searchId || page.page !== state.pages) return;
    const rows = decodeFlowBatch(page.rows);
    rows.forEach((row, i) => {
      this.rows.push(row);
      this.seenAt.set(row.id, page.seenAt[i] ?? row.time);
    });
    const firstPageMs = state.firstPageMs ?? Math.round(this.deps.now() - this.startedAt);
    this.state.set({ searchId: page.searchId, rows: this.rows.length, pages: state.pages + 1, done: page.done || state.done, error: page.error, firstPageMs });
    this.deps.hooks.emit('history-page', { searchId: page.searchId, page: page.page, rows: rows.length, held: this.rows.length, matched: page.matched, done: page.done, error: page.error });
    if (!page.done && !state.done) {
      this.deps.bridge.api.history.more({ searchId: page.searchId, page: page.page }).catch((error: unknown) => this.deps.fail('reading more of the history', error));
    }
  }
}
