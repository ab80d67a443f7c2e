// Pages of the session's stored flows for a feed window that holds only WINDOW_FLOWS of them
// (flow-store.ts): when the list is scrolled to the oldest row held, the next older page is read
// from the store over the request channel (shared/ipc/flows.ts `flows.page`, main's reader is
// src-main/store/flow-pages.ts); when the store let the newest go and the list is scrolled back
// up to the newest held, the next newer page, up to the newest flow the window was sent. The
// pages carry every flow: the store filters them with the feed's own filter, as it does live ones.
// One page at a time; an answer for a store that was reset since is dropped.
import { makeFlowId, parseFlowId } from '../../shared/domain/flow-id.ts';
import { decodeFlowBatch, FEED_PAGE_ROWS, type FlowPage, type FlowPageQuery, type FlowRow } from '../../shared/ipc/flows.ts';
import type { FlowStore, PageDirection } from './flow-store.ts';

export interface FeedPagerDeps {
  store: FlowStore;
  /** The request (flows.page). */
  read: (query: FlowPageQuery) => Promise<FlowPage>;
  /** The store is behind the stream (its newest page stops short of what the window was sent): load the newest again. */
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

export class FeedPager {
  private readonly deps: FeedPagerDeps;
  private loading: PageDirection | null = null;
  private generation = 0;
  private unavailable: string | null = null;
  /** The newest flow sequence the window was sent, by session (held or let go). */
  private readonly newestSent = new Map<number, number>();
  private readonly limit: number;

  constructor(deps: FeedPagerDeps, limit = FEED_PAGE_ROWS) {
    this.deps = deps;
    this.limit = limit;
  }

  /** Every flow the window was sent, before the store takes (or skips) it. */
  noteSent(rows: readonly FlowRow[]): void {
    for (const row of rows) {
      const parts = parseFlowId(row.id);
      if (!parts) continue;
      if (parts.seq > (this.newestSent.get(parts.session) ?? -1)) this.newestSent.set(parts.session, parts.seq);
    }
  }

  /** The store was replaced (a reset, a replay, back to live): answers in flight are stale. */
  reset(): void {
    this.generation++;
    this.loading = null;
    this.unavailable = null;
    this.newestSent.clear();
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
    if (edge.bottom && !store.startOfSession && store.size > 0 && (edge.reading || store.size < store.limit)) return this.page('older');
    if (edge.top && store.detached) return this.page('newer');
    return Promise.resolve();
  }

  private async page(direction: PageDirection): Promise<void> {
    const query = this.query(direction);
    if (!query) return;
    const store = this.deps.store;
    if (query.direction === 'newer' && query.from === query.until) {
      // Everything sent is held: take the stream again.
      store.applyPage([], 'newer', true);
      return;
    }
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
    this.loading = null;
    this.deps.onState?.();
    const rows = decodeFlowBatch(answer.rows);
    let end = answer.end;
    if (direction === 'newer') {
      const last = rows.length > 0 ? parseFlowId((rows[rows.length - 1] as FlowRow).id) : parseFlowId(query.from);
      const session = parseFlowId(query.from)?.session ?? -1;
      const reached = (last?.seq ?? -1) >= (this.newestSent.get(session) ?? -1);
      if (answer.end && !reached) {
        // The store has not written the newest flows yet: load them from the stream instead.
        this.deps.reload();
        return;
      }
      end = answer.end || reached;
    }
    const changes = store.applyPage(rows, direction, end);
    this.deps.onPage?.({ direction, added: changes.added.length, held: store.size, end, detached: store.detached });
  }

  /** The cursor: the lowest (older) or highest (newer) sequence held of the edge row's session. */
  private query(direction: PageDirection): FlowPageQuery | null {
    const store = this.deps.store;
    const edges = store.edges();
    if (!edges) return null;
    const edge = parseFlowId((direction === 'older' ? edges.oldest : edges.newest).id);
    if (!edge) return null;
    let seq = edge.seq;
    for (const row of store.rows()) {
      const parts = parseFlowId(row.id);
      if (!parts || parts.session !== edge.session) continue;
      if (direction === 'older' ? parts.seq < seq : parts.seq > seq) seq = parts.seq;
    }
    const from = makeFlowId(String(edge.session), seq);
    if (direction === 'older') return { direction, from, limit: this.limit };
    const until = Math.max(seq, this.newestSent.get(edge.session) ?? seq);
    return { direction, from, until: makeFlowId(String(edge.session), until), limit: this.limit };
  }
}
