import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import { HISTORY_PAGES_AHEAD, historyEvents, type HistoryPage } from '../../shared/ipc/history.ts';
import { payloadIf, type Push } from '../../shared/ipc/push.ts';
import { openDatabase } from '../store/database.ts';
import { searchFlows } from '../store/flow-search.ts';
import { recordHistory } from '../store/history.testkit.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { HistorySearches, IDLE_MS } from './history-searches.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-searches-'));
const dbPath = join(dir, 'history.db');
const PAGE = 100;
let expectedAll: string[];

beforeAll(() => {
  const db = openDatabase(dbPath);
  recordHistory(db, { sessions: 3, flowsPerSession: 500, seed: 3 });
  expectedAll = [...searchFlows(db, {})].map((r) => r.id);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harness() {
  const clock = new ManualClock(0);
  const pushed: { page: HistoryPage; window: string | undefined }[] = [];
  const send = (item: Push) => {
    const page = payloadIf(item, historyEvents.page);
    if (page) pushed.push({ page, window: item.scope?.window });
  };
  // No CPU budget: pages are cut by rows only, so their sizes do not depend on the machine's load.
  const searches = new HistorySearches({ clock, send, pageRows: PAGE, sliceNow: () => 0 });
  const pagesOf = (searchId: string) => pushed.filter((p) => p.page.searchId === searchId).map((p) => p.page);
  return { clock, searches, pushed, pagesOf };
}

let current: ReturnType<typeof harness> | null = null;
afterEach(() => current?.searches.closeAll());

describe('history searches in the worker', () => {
  it('pushes pages to the window that asked, a few ahead of what it acknowledged, until every row is sent', async () => {
    const h = (current = harness());
    h.searches.start(dbPath, 'w1', 's1', {});
    await vi.waitFor(() => expect(h.pagesOf('s1')).toHaveLength(HISTORY_PAGES_AHEAD));
    // Without an acknowledgement nothing more comes.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.pagesOf('s1')).toHaveLength(HISTORY_PAGES_AHEAD);
    expect(h.pushed.every((p) => p.window === 'w1')).toBe(true);
    // Acknowledging each page as it comes reads the whole history.
    for (let page = 0; ; page++) {
      await vi.waitFor(() => expect(h.pagesOf('s1').length).toBeGreaterThan(page));
      const got = h.pagesOf('s1')[page] as HistoryPage;
      if (got.done) break;
      expect(h.searches.more('w1', 's1', page)).toEqual({ searchId: 's1', running: true });
    }
    const pages = h.pagesOf('s1');
    expect(pages.map((p) => p.page)).toEqual(pages.map((_, i) => i));
    expect(pages.flatMap((p) => decodeFlowBatch(p.rows).map((r) => r.id))).toEqual(expectedAll);
    const last = pages.at(-1) as HistoryPage;
    expect(last).toMatchObject({ done: true, error: null, matched: expectedAll.length });
    expect(pages.slice(0, -1).every((p) => !p.done)).toBe(true);
    expect(h.searches.running).toBe(0);
  });

  it('a small result comes whole in its first page', async () => {
    const h = (current = harness());
    const query: HistoryQuery = { underlyings: ['NVDA'], minPremium: 200_000 };
    h.searches.start(dbPath, 'w1', 'small', query);
    await vi.waitFor(() => expect(h.pagesOf('small')).toHaveLength(1));
    const [page] = h.pagesOf('small');
    const db = openDatabase(dbPath, { readonly: true });
    const expected = [...searchFlows(db, query)].map((r) => r.id);
    db.close();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(PAGE);
    expect(page).toMatchObject({ page: 0, done: true, matched: expected.length });
    expect(decodeFlowBatch((page as HistoryPage).rows).map((r) => r.id)).toEqual(expected);
  });

  it('a new search from the same window closes the previous one; other windows keep theirs', async () => {
    const h = (current = harness());
    h.searches.start(dbPath, 'w1', 'a', {});
    h.searches.start(dbPath, 'w2', 'b', {});
    h.searches.start(dbPath, 'w1', 'c', { kinds: ['BLOCK'] });
    expect(h.searches.running).toBe(2);
    expect(h.searches.more('w1', 'a', 0)).toEqual({ searchId: 'a', running: false });
    await vi.waitFor(() => expect(h.pagesOf('b')).toHaveLength(HISTORY_PAGES_AHEAD));
    await vi.waitFor(() => expect(h.pagesOf('c').length).toBeGreaterThan(0));
    expect(h.pushed.filter((p) => p.page.searchId === 'b').every((p) => p.window === 'w2')).toBe(true);
    expect(decodeFlowBatch((h.pagesOf('c')[0] as HistoryPage).rows).every((r) => r.kind === 'BLOCK')).toBe(true);
  });

  it('a cancelled search says so in a last page and stops', async () => {
    const h = (current = harness());
    h.searches.start(dbPath, 'w1', 's', {});
    await vi.waitFor(() => expect(h.pagesOf('s')).toHaveLength(HISTORY_PAGES_AHEAD));
    expect(h.searches.cancel('w1', 'other')).toEqual({ cancelled: false });
    expect(h.searches.cancel('w1', 's')).toEqual({ cancelled: true });
    expect(h.pagesOf('s').at(-1)).toMatchObject({ done: true, error: 'cancelled', matched: HISTORY_PAGES_AHEAD * PAGE });
    expect(h.searches.running).toBe(0);
    expect(h.searches.more('w1', 's', 3)).toEqual({ searchId: 's', running: false });
  });

  it('a search nobody reads is closed after a minute, which frees its read of the database', async () => {
    const h = (current = harness());
    h.searches.start(dbPath, 'w1', 's', {});
    await vi.waitFor(() => expect(h.pagesOf('s')).toHaveLength(HISTORY_PAGES_AHEAD));
    h.clock.advance(IDLE_MS - 1);
    h.searches.more('w1', 's', 0);
    h.clock.advance(IDLE_MS - 1);
    expect(h.searches.running).toBe(1);
    h.clock.advance(1);
    expect(h.searches.running).toBe(0);
    expect(h.pagesOf('s').at(-1)).toMatchObject({ done: true, error: 'closed after 60 s without a reader' });
  });

  it('a file that is not a database is a clear error, and nothing is left open', () => {
    const h = (current = harness());
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    expect(() => h.searches.start(junk, 'w1', 's', {})).toThrow(/not a database|file is not a database/i);
    expect(h.searches.running).toBe(0);
  });
});
