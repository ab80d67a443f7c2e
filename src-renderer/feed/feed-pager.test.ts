// The feed's bounded window (flow-store.ts) paging with its pager (feed-pager.ts): scrolled down
// to the session's start and back up again, filtered, and with a store that cannot be read. The
// pages are answered as main answers flows.page (src-main/store/flows.ts readFlowPage, tested on
// a real SQLite file in src-main/store/flow-pages.test.ts): the query parsed by the contract's
// schema, the flows of one session by sequence, the batch encoded and decoded.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import { parseFlowId } from '../../shared/domain/flow-id.ts';
import { encodeFlowBatch, flowPageQuerySchema, type FlowPage, type FlowRow } from '../../shared/ipc/flows.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { FeedPager } from './feed-pager.ts';
import { FlowStore } from './flow-store.ts';

const T0 = 1_772_461_800_000;
const FLOWS = 1_000;
const CAPACITY = 200;
const PAGE = 50;
const SESSION = 7;

/** First-print time of flow `seq`: two flows share each time, and every fifth is late (its time is behind later sequences). */
function timeOf(seq: number): number {
  return T0 + Math.floor(seq / 2) * 1_000 + (seq % 5 === 0 ? -2_500 : 0);
}

function flowOf(session: number, seq: number): FlowRow {
  // Every third a block, the rest sweeps: a filter that hides some of every page.
  return flowRow({ id: `${session}-${seq}`, sessionId: String(session), time: timeOf(seq), kind: seq % 3 === 0 ? 'BLOCK' : 'SWEEP', version: 1 });
}

const seqOf = (row: { id: string }): number => parseFlowId(row.id)!.seq;
/** The feed's order, oldest first: first-print time, then sequence. */
const feedOrder = (a: FlowRow, b: FlowRow): number => a.time - b.time || seqOf(a) - seqOf(b);

/** The store's flows: a session before the one under test, then FLOWS of it (more may be added). */
class RecordedFlows {
  readonly rows: FlowRow[] = [flowOf(SESSION - 1, 0), flowOf(SESSION - 1, 1), ...Array.from({ length: FLOWS }, (_, seq) => flowOf(SESSION, seq))];
  readonly asked: unknown[] = [];

  /** As readFlowPage answers (src-main/store/flows.ts): one session, the feed's order from the cursor. */
  readonly read = (query: unknown): Promise<FlowPage> => {
    this.asked.push(query);
    const q = flowPageQuerySchema.parse(query);
    const from = parseFlowId(q.from)!;
    const cursor = { time: q.time, id: q.from } as FlowRow;
    const ofSession = this.rows.filter((r) => parseFlowId(r.id)!.session === from.session).sort(feedOrder);
    const rows =
      q.direction === 'older'
        ? ofSession.filter((r) => feedOrder(r, cursor) < 0).reverse().slice(0, q.limit)
        : ofSession.filter((r) => feedOrder(r, cursor) > 0 && r.time <= q.until).slice(0, q.limit);
    return Promise.resolve({ rows: encodeFlowBatch(rows), end: rows.length < q.limit });
  };

  /** The session's flows newest first, in the feed's order. */
  newestFirst(): string[] {
    return this.rows.filter((r) => parseFlowId(r.id)!.session === SESSION).sort(feedOrder).reverse().map((r) => r.id);
  }

  /** What a subscribe sends a window: the newest `count` flows. */
  backlog(count: number): FlowRow[] {
    return this.rows.filter((r) => parseFlowId(r.id)!.session === SESSION).sort(feedOrder).slice(-count);
  }
}

function shownIds(store: FlowStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.visibleCount; i++) out.push(store.visibleAt(i)!.row.id);
  return out;
}

/** A window that opened on the newest CAPACITY flows of the session (its backlog); `reload` subscribes again. */
function openWindow(recorded: RecordedFlows): { store: FlowStore; pager: FeedPager; reloads: () => number } {
  const store = new FlowStore({ capacity: CAPACITY });
  let reloads = 0;
  const subscribe = (): void => {
    const backlog = recorded.backlog(CAPACITY);
    store.clear();
    pager.reset();
    pager.noteSent(backlog);
    store.apply(backlog, false);
  };
  const pager = new FeedPager({ store, read: recorded.read, reload: () => (reloads++, subscribe()), recording: () => true }, PAGE);
  subscribe();
  return { store, pager, reloads: () => reloads };
}

/** Scrolls to the oldest row shown and lets the pager read, until the session's start is held. */
async function scrollToStart(store: FlowStore, pager: FeedPager): Promise<{ seen: string[]; pages: number }> {
  // What the list showed, top to bottom, as it was scrolled to its oldest row each time.
  const seen = shownIds(store);
  let pages = 0;
  while (!store.startOfSession) {
    store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
    await pager.near({ top: false, bottom: true, reading: true });
    pages++;
    expect(store.size).toBeLessThanOrEqual(CAPACITY);
    const shown = shownIds(store);
    // The new rows sit below the row read.
    const focus = shown.indexOf(seen.at(-1)!);
    expect(focus).toBeGreaterThanOrEqual(0);
    seen.push(...shown.slice(focus + 1));
  }
  return { seen, pages };
}


describe('the feed window paging through the store', () => {
  it('scrolled down, reads every older flow of the session in order, no gap, no duplicate, never more than it holds', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded);
    expect(pager.older).toEqual({ kind: 'more' });
    const { seen, pages } = await scrollToStart(store, pager);
    expect(pages).toBe((FLOWS - CAPACITY) / PAGE + 1);
    expect(seen).toEqual(recorded.newestFirst());
    expect(store.detached).toBe(true);
    expect(pager.older).toEqual({ kind: 'start' });
    // Nothing of the other session came in.
    expect(store.held().every((f) => f.id.startsWith(`${SESSION}-`))).toBe(true);
  });

  it('following the stream (not scrolled), asks for older flows only while it has room', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded);
    await pager.near({ top: true, bottom: true, reading: false });
    expect(recorded.asked).toHaveLength(0);
    store.clear();
    const one = flowOf(SESSION, 500);
    store.apply([one], false);
    await pager.near({ top: true, bottom: true, reading: false });
    expect(recorded.asked).toEqual([{ direction: 'older', from: one.id, time: one.time, limit: PAGE }]);
    expect(store.size).toBe(1 + PAGE);
    // Up to the capacity less a page, never past it (the page would be let go at once).
    for (let i = 0; i < 10; i++) await pager.near({ top: true, bottom: true, reading: false });
    expect(recorded.asked).toHaveLength(3);
    expect(store.size).toBe(1 + 3 * PAGE);
    expect(store.detached).toBe(false);
  });

  it('scrolled back up, pages newer flows up to the store\'s newest, then takes the stream again', async () => {
    const recorded = new RecordedFlows();
    const { store, pager, reloads } = openWindow(recorded);
    for (let i = 0; i < 6; i++) {
      store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
      await pager.near({ top: false, bottom: true, reading: true });
    }
    expect(store.detached).toBe(true);
    // More flows reach the window (and the store) while it reads far down: not held.
    const later = Array.from({ length: 30 }, (_, i) => flowOf(SESSION, FLOWS + i));
    recorded.rows.push(...later);
    pager.noteSent(later);
    expect(store.apply(later).added).toHaveLength(0);
    const seen = shownIds(store);
    while (reloads() === 0) {
      store.setFocus(store.visibleAt(0)!.row.id);
      await pager.near({ top: true, bottom: false, reading: true });
      expect(store.size).toBeLessThanOrEqual(CAPACITY);
      if (reloads() > 0) break;
      const shown = shownIds(store);
      seen.unshift(...shown.slice(0, shown.indexOf(seen[0]!)));
    }
    const all = recorded.newestFirst();
    // Every flow between the one read far down and the store's newest, in order, once.
    expect(seen).toEqual(all.slice(0, all.indexOf(seen.at(-1)!) + 1).slice(all.indexOf(seen[0]!)));
    expect(all.indexOf(seen[0]!)).toBeLessThan(PAGE);
    // Subscribed again: the newest flows, attached, the stream's next flow held.
    expect(store.detached).toBe(false);
    expect(shownIds(store)).toEqual(all.slice(0, CAPACITY));
    const next = { ...flowOf(SESSION, FLOWS + 30), time: timeOf(FLOWS + 40) };
    expect(store.apply([next]).added).toHaveLength(1);
  });

  it('asks for the stream once at the store\'s newest, and nothing more until the reset comes', async () => {
    const recorded = new RecordedFlows();
    const store = new FlowStore({ capacity: CAPACITY });
    let reloads = 0;
    const pager = new FeedPager({ store, read: recorded.read, reload: () => reloads++, recording: () => true }, PAGE);
    const backlog = recorded.backlog(CAPACITY);
    pager.noteSent(backlog);
    store.apply(backlog, false);
    store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
    await pager.near({ top: false, bottom: true, reading: true });
    expect(store.detached).toBe(true);
    for (let i = 0; i < 5; i++) {
      store.setFocus(store.visibleAt(0)!.row.id);
      await pager.near({ top: true, bottom: false, reading: true });
    }
    expect(reloads).toBe(1);
    const asked = recorded.asked.length;
    await pager.near({ top: true, bottom: true, reading: true });
    expect(recorded.asked).toHaveLength(asked);
    pager.reset();
    expect(pager.older).toEqual({ kind: 'more' });
  });

  it('applies the feed filter to the pages as to the stream', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded);
    store.setFilter({ ...DEFAULT_FEED_FILTER, kinds: ['BLOCK'] });
    const { seen } = await scrollToStart(store, pager);
    expect(seen).toEqual(recorded.newestFirst().filter((id) => parseFlowId(id)!.seq % 3 === 0));
  });

  it('a store that cannot be read leaves the window as it is and says why, and asks no more until reset', async () => {
    let asked = 0;
    let unavailable = '';
    const store = new FlowStore({ capacity: CAPACITY });
    const pager = new FeedPager(
      {
        store,
        read: () => {
          asked++;
          return Promise.reject(new Error('flows.page failed: the store is not recording: file is not a database'));
        },
        reload: () => undefined,
        recording: () => true,
        onUnavailable: (reason) => (unavailable = reason),
      },
      PAGE,
    );
    store.apply(Array.from({ length: 50 }, (_, i) => flowOf(SESSION, 100 + i)), false);
    await pager.near({ top: false, bottom: true, reading: true });
    expect(pager.older).toEqual({ kind: 'unavailable', reason: unavailable });
    expect(unavailable).toMatch(/not recording/);
    expect(store.size).toBe(50);
    await pager.near({ top: false, bottom: true, reading: true });
    expect(asked).toBe(1);
    pager.reset();
    expect(pager.older).toEqual({ kind: 'more' });
  });

  it('says older flows are unavailable while the store is not recording, without asking', async () => {
    const recorded = new RecordedFlows();
    const store = new FlowStore({ capacity: CAPACITY });
    const pager = new FeedPager({ store, read: recorded.read, reload: () => undefined, recording: () => false }, PAGE);
    store.apply([flowOf(SESSION, 10)], false);
    await pager.near({ top: false, bottom: true, reading: true });
    expect(recorded.asked).toHaveLength(0);
    expect(pager.older.kind).toBe('unavailable');
  });

  it('drops an answer for a window that was reset meanwhile', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded);
    store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
    const pending = pager.near({ top: false, bottom: true, reading: true });
    pager.reset();
    store.clear();
    await pending;
    expect(store.size).toBe(0);
  });
});
