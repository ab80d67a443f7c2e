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

function flowOf(session: number, seq: number): FlowRow {
  // Every third a block, the rest sweeps: a filter that hides some of every page.
  return flowRow({ id: `${session}-${seq}`, sessionId: String(session), time: T0 + seq * 1_000, kind: seq % 3 === 0 ? 'BLOCK' : 'SWEEP', version: 1 });
}

/** The store's flows: a session before the one under test, then FLOWS of it (more may be added). */
class RecordedFlows {
  readonly rows: FlowRow[] = [flowOf(SESSION - 1, 0), flowOf(SESSION - 1, 1), ...Array.from({ length: FLOWS }, (_, seq) => flowOf(SESSION, seq))];
  readonly asked: unknown[] = [];

  readonly read = (query: unknown): Promise<FlowPage> => {
    this.asked.push(query);
    const q = flowPageQuerySchema.parse(query);
    const from = parseFlowId(q.from)!;
    const ofSession = this.rows.filter((r) => parseFlowId(r.id)!.session === from.session);
    const seq = (r: FlowRow): number => parseFlowId(r.id)!.seq;
    const rows =
      q.direction === 'older'
        ? ofSession.filter((r) => seq(r) < from.seq).sort((a, b) => seq(b) - seq(a)).slice(0, q.limit)
        : ofSession.filter((r) => seq(r) > from.seq && seq(r) <= parseFlowId(q.until)!.seq).sort((a, b) => seq(a) - seq(b)).slice(0, q.limit);
    return Promise.resolve({ rows: encodeFlowBatch(rows), end: rows.length < q.limit });
  };
}

function shownIds(store: FlowStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.visibleCount; i++) out.push(store.visibleAt(i)!.row.id);
  return out;
}

/** A window that opened on the newest CAPACITY flows of the session (its backlog). */
function openWindow(read: (query: unknown) => Promise<FlowPage>, reload: () => void = () => undefined): { store: FlowStore; pager: FeedPager } {
  const store = new FlowStore({ capacity: CAPACITY });
  const pager = new FeedPager({ store, read, reload, recording: () => true }, PAGE);
  const backlog = Array.from({ length: CAPACITY }, (_, i) => flowOf(SESSION, FLOWS - CAPACITY + i));
  pager.noteSent(backlog);
  store.apply(backlog, false);
  return { store, pager };
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

const ids = (seqs: number[]): string[] => seqs.map((seq) => `${SESSION}-${seq}`);
const newestFirst = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => to - 1 - i);

describe('the feed window paging through the store', () => {
  it('scrolled down, reads every older flow of the session in order, no gap, no duplicate, never more than it holds', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded.read);
    expect(pager.older).toEqual({ kind: 'more' });
    const { seen, pages } = await scrollToStart(store, pager);
    expect(pages).toBe((FLOWS - CAPACITY) / PAGE + 1);
    expect(seen).toEqual(ids(newestFirst(0, FLOWS)));
    expect(store.detached).toBe(true);
    expect(pager.older).toEqual({ kind: 'start' });
    // Nothing of the other session came in.
    expect(store.held().every((f) => f.id.startsWith(`${SESSION}-`))).toBe(true);
  });

  it('following the stream (not scrolled), asks for older flows only while it has room', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded.read);
    await pager.near({ top: true, bottom: true, reading: false });
    expect(recorded.asked).toHaveLength(0);
    store.clear();
    store.apply([flowOf(SESSION, 500)], false);
    await pager.near({ top: true, bottom: true, reading: false });
    expect(recorded.asked).toEqual([{ direction: 'older', from: `${SESSION}-500`, limit: PAGE }]);
    expect(store.size).toBe(1 + PAGE);
  });

  it('scrolled back up, pages newer flows up to the newest sent and takes the stream again', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded.read);
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
    while (store.detached) {
      store.setFocus(store.visibleAt(0)!.row.id);
      await pager.near({ top: true, bottom: false, reading: true });
      expect(store.size).toBeLessThanOrEqual(CAPACITY);
      const shown = shownIds(store);
      seen.unshift(...shown.slice(0, shown.indexOf(seen[0]!)));
    }
    const oldest = parseFlowId(seen.at(-1)!)!.seq;
    expect(seen).toEqual(ids(newestFirst(oldest, FLOWS + 30)));
    // Taken again: the stream's next flow is held.
    expect(store.apply([flowOf(SESSION, FLOWS + 30)]).added).toHaveLength(1);
  });

  it('when the store has not written the newest flows sent, loads them from the stream instead', async () => {
    const recorded = new RecordedFlows();
    let reloads = 0;
    const { store, pager } = openWindow(recorded.read, () => reloads++);
    store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
    await pager.near({ top: false, bottom: true, reading: true });
    expect(store.detached).toBe(true);
    pager.noteSent([flowOf(SESSION, FLOWS + 5)]);
    let pages = 0;
    while (reloads === 0 && pages++ < 10) {
      store.setFocus(store.visibleAt(0)!.row.id);
      await pager.near({ top: true, bottom: false, reading: true });
    }
    expect(reloads).toBe(1);
    // Up to the store's newest, and still not holding what the stream sent past it.
    expect(store.visibleAt(0)!.row.id).toBe(`${SESSION}-${FLOWS - 1}`);
    expect(store.detached).toBe(true);
  });

  it('applies the feed filter to the pages as to the stream', async () => {
    const recorded = new RecordedFlows();
    const { store, pager } = openWindow(recorded.read);
    store.setFilter({ ...DEFAULT_FEED_FILTER, kinds: ['BLOCK'] });
    const { seen } = await scrollToStart(store, pager);
    expect(seen).toEqual(ids(newestFirst(0, FLOWS).filter((seq) => seq % 3 === 0)));
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
    const { store, pager } = openWindow(recorded.read);
    store.setFocus(store.visibleAt(store.visibleCount - 1)!.row.id);
    const pending = pager.near({ top: false, bottom: true, reading: true });
    pager.reset();
    store.clear();
    await pending;
    expect(store.size).toBe(0);
  });
});
