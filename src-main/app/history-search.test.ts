// History search through the app core: the request is validated against the contract, the worker
// searches the database the app records into (its live demo session too), and the pages reach
// only the window that asked, as fast as it acknowledges them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { decodeFlowBatch } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { HistoryPage } from '../../shared/ipc/history.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import { openDatabase } from '../store/database.ts';
import { searchFlows } from '../store/flow-search.ts';
import { openOfDay } from '../store/history.testkit.ts';
import { startAppOnHistory, type AppHarness, type AppOnHistory } from './app-harness.testkit.ts';

let recorded: AppOnHistory;
let app: AppHarness;

beforeAll(async () => {
  recorded = await startAppOnHistory('history', { sessions: 4, flowsPerSession: 800, seed: 4 });
  app = recorded.app;
}, 120_000);

afterAll(() => recorded.stop());

function window(id: string, kind: 'feed' | 'book' = 'feed') {
  const received: WireEvent[] = [];
  app.core.attachWindow({ id, kind, symbol: kind === 'book' ? 'SPY   261218C00600000' : null, send: (batch) => received.push(...batch) });
  const call = (channel: string, payload: unknown = {}) => app.core.dispatch(id, channel, payload);
  const pages = () => received.filter(([c]) => c === events.history.page.channel).map(([, p]) => p as HistoryPage);
  return { call, pages };
}

describe('history search through the app core', () => {
  it('streams every match to the window that asked, page by page as it acknowledges them', async () => {
    const w1 = window('w1');
    const w2 = window('w2');
    // The recorded days only: the live demo session records on while the test runs.
    const query: HistoryQuery = { from: openOfDay(0), to: openOfDay(4), minPremium: 100 };
    expect(await w1.call(api.history.search.channel, { searchId: 'a', query })).toEqual({ ok: true, value: { searchId: 'a' } });
    for (let acked = -1; ; ) {
      await app.runUntil(() => w1.pages().length > acked + 1, 'a page');
      const last = w1.pages().at(-1) as HistoryPage;
      if (last.done) break;
      acked = last.page;
      // The last pages may already be on their way when the window acknowledges: then it is over.
      expect(await w1.call(api.history.more.channel, { searchId: 'a', page: acked })).toMatchObject({ ok: true, value: { searchId: 'a' } });
    }
    const db = openDatabase(recorded.dbPath, { readonly: true });
    const expected = [...searchFlows(db, query)].map((r) => r.id);
    db.close();
    expect(expected.length).toBeGreaterThan(2500);
    expect(w1.pages().flatMap((p) => decodeFlowBatch(p.rows).map((r) => r.id))).toEqual(expected);
    expect(w1.pages().length).toBeGreaterThan(5);
    expect(w2.pages()).toEqual([]);
  });

  it('refuses a query the contract does not accept, and a window that may not search', async () => {
    const w1 = window('w3');
    const bad = await w1.call(api.history.search.channel, { searchId: 'b', query: { sides: ['UP'] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await w1.call(api.history.search.channel, { searchId: 'b', query: { strategy: 'VERTICAL' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const book = window('b1', 'book');
    expect(await book.call(api.history.search.channel, { searchId: 'c', query: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(w1.pages()).toEqual([]);
  });
});
