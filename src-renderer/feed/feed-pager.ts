// Pages of the session's stored flows for a feed window that holds only WINDOW_FLOWS of them
// (flow-store.ts): when the list is scrolled to the oldest row held, the next older page is read
// from the store over the request channel (shared/ipc/flows.ts `flows.page`, answered by
// src-main/store/flows.ts readFlowPage in the ingest worker); when the window let the newest go
// and the list is scrolled back up to the newest held, the next newer page, up to the newest
// flow the window was sent, and at the store's end the stream again (a new subscribe: the newest
// flows come as a reset, with those the store has not written yet). Pages are in the feed's order
// (first-print time, then sequence) from the held edge, so none skips or repeats a flow. They
// carry every flow: the window's store filters them with the feed's own filter, as it does live
// ones. One page at a time; an answer for a window that was reset since is dropped.
import { decodeFlowBatch, FEED_PAGE_ROWS, type FlowPage, type FlowPageQuery, type FlowRow } from '../../shared/ipc/flows.ts';
import type { FlowStore, PageDirection } from './flow-store.ts';

export interface FeedPagerDeps {
  store: FlowStore;
  /** The request (flows.page). */
  read: (query: FlowPageQuery) => Promise<FlowPage>;
  /** Paged up to the store's newest: subscribe again (the newest flows, stored or not, come as a reset). */
  reload: () => void;
  /** False while the store is failing (not recording): older flows are then unavailable. */
  recording: () => boolean;
  /** The loading or unavailable state changed. */
  onState?: () => void;
  onPage?: (detail: { direction: PageDirection; added: number; held: number; end: boolean; detached: boolean }) => void;
  onUnavailable?: (reason: string) => void;
}

/** What the list's far edge says. */
export type OlderState = { kind: 'more' } | { kind: 'loading' } | { kind: 'start' } | { kind: 'unavailable'; reason: string };

/** Whether two edge states say the same thing. */
export function sameOlderState(a: OlderState, b: OlderState): boolean {
  return a.kind === b.kind && (a.kind !== 'unavailable' || (b.kind === 'unavailable' && a.reason === b.reason));
}

export class FeedPager {
  private readonly deps: FeedPagerDeps;
  private loading: PageDirection | null = null;
  private generation = 0;
  private unavailable: string | null = null;
  /** The newest first-print time of any flow the window was sent (held or let go). */
  private newestSent = Number.NEGATIVE_INFINITY;
  private readonly limit: number;

  constructor(deps: FeedPagerDeps, limit = FEED_PAGE_ROWS) {
    this.deps = deps;
    this.limit = limit;
  }

  /** Every flow the window was sent, before the store takes (or skips) it. */
  noteSent(rows: readonly FlowRow[]): void {
    for (const row of rows) if (row.time > this.newestSent) this.newestSent = row.time;
  }

  /** The store was replaced (a reset, a replay, back to live): answers in flight are stale. */
  reset(): void {
    this.generation++;
    this.loading = null;
    this.unavailable = null;
    this.newestSent = Number.NEGATIVE_INFINITY;
    this.deps.onState?.();
  }

  get older(): OlderState {
    if (this.unavailable !== null) return { kind: 'unavailable', reason: this.unavailable };
    if (!this.deps.recording()) return { kind: 'unavailable', reason: 'the store is not recording' };
    if (this.loading === 'older') return { kind: 'loading' };
    return this.deps.store.startOfSession ? { kind: 'start' } : { kind: 'more' };
  }

  /**
   * Where the list is: at its oldest row held (`bottom`) or its newest (`top`). Reads the next
   * page that way when there is one. Older pages come when the list is scrolled (it reads there)
   * or while the store has room; otherwise the store would let the page go at once.
   */
  near(edge: { top: boolean; bottom: boolean; reading: boolean }): Promise<void> {
    if (this.loading !== null || this.unavailable !== null || !this.deps.recording()) return Promise.resolve();
    const store = this.deps.store;
    if (edge.bottom && !store.startOfSession && store.size > 0 && (edge.reading || store.size + this.pageRows() <= store.limit)) return this.page('older');
    if (edge.top && store.detached) return this.page('newer');
    return Promise.resolve();
  }

  private async page(direction: PageDirection): Promise<void> {
    const query = this.query(direction);
    if (!query) return;
    const store = this.deps.store;
    const generation = this.generation;
    this.loading = direction;
    this.deps.onState?.();
    let answer: FlowPage;
    try {
      answer = await this.deps.read(query);
    } catch (error) {
      if (generation !== this.generation) return;
      this.loading = null;
      this.unavailable = error instanceof Error ? error.message : String(error);
      this.deps.onUnavailable?.(this.unavailable);
      this.deps.onState?.();
      return;
    }
    if (generation !== this.generation) return;
    if (direction === 'newer' && answer.end) {
      // Up to the store's newest: the newest flows, and those the store has not written yet,
      // come from the stream again. Still loading until that reset (reset()) arrives.
      this.deps.reload();
      return;
    }
    this.loading = null;
    this.deps.onState?.();
    const changes = store.applyPage(decodeFlowBatch(answer.rows), direction, answer.end);
    this.deps.onPage?.({ direction, added: changes.added.length, held: store.size, end: answer.end, detached: store.detached });
  }

  /** A page stays well within what the window holds, or the store would let most of it go at once. */
  private pageRows(): number {
    return Math.max(1, Math.min(this.limit, Math.floor(this.deps.store.limit / 4)));
  }

  /** The cursor: the held flow at that edge, in the feed's order. */
  private query(direction: PageDirection): FlowPageQuery | null {
    const store = this.deps.store;
    const edges = store.edges();
    if (!edges) return null;
    const edge = direction === 'older' ? edges.oldest : edges.newest;
    const limit = this.pageRows();
    if (direction === 'older') return { direction, from: edge.id, time: edge.time, limit };
    return { direction, from: edge.id, time: edge.time, until: Math.max(edge.time, this.newestSent), limit };
  }
}
