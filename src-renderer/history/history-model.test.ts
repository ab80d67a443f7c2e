// HistoryModel over the real bridge and request validation, with a transport whose pushes the
// test writes: pages are taken in order, acknowledged one by one, and only the current search's.
import { describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import { createBridge, type BridgeTransport } from '../../shared/ipc/bridge.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { encodeFlowBatch, type FlowRow } from '../../shared/ipc/flows.ts';
import type { HistoryPage } from '../../shared/ipc/history.ts';
import { api, events } from '../../shared/ipc/index.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { FrameBatcher } from '../state/frame-batcher.ts';
import { HistoryModel } from './history-model.ts';

function harness() {
  const sent: { channel: string; payload: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const transport: BridgeTransport = {
    async invoke(channel, payload) {
      const checked = validateRequest(channel, payload, 'feed');
      if (!checked.ok) return { ok: false, error: checked.error };
      sent.push({ channel, payload });
      if (channel === api.history.search.channel) return { ok: true, value: { searchId: (payload as { searchId: string }).searchId } };
      if (channel === api.history.more.channel) return { ok: true, value: { searchId: (payload as { searchId: string }).searchId, running: true } };
      return { ok: true, value: { cancelled: true } };
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  const failures: string[] = [];
  const hooks: TestHooks = { emit: () => undefined, expose: () => undefined };
  const model = new HistoryModel({ bridge: createBridge(transport, 'feed'), batcher: new FrameBatcher(() => undefined), hooks, now: () => 0, fail: (what) => failures.push(what) });
  model.start();
  const page = (searchId: string, n: number, rows: FlowRow[], done = false): void => {
    const payload: HistoryPage = { searchId, page: n, rows: encodeFlowBatch(rows), seenAt: rows.map((r) => r.time + 5), matched: 0, done, error: null };
    listeners.get(events.history.page.channel)?.forEach((l) => l(payload));
  };
  const of = (channel: string) => sent.filter((s) => s.channel === channel).map((s) => s.payload);
  return { model, page, of, failures };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('HistoryModel', () => {
  it('holds every page of its search in order and acknowledges each one but the last', async () => {
    const h = harness();
    await h.model.search({ underlyings: ['SPY'] });
    const [{ searchId }] = h.of(api.history.search.channel) as [{ searchId: string; query: HistoryQuery }];
    const rows = [flowRow(), flowRow(), flowRow()];
    h.page(searchId, 0, rows.slice(0, 2));
    h.page(searchId, 1, rows.slice(2), true);
    await settle();
    expect(h.model.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(h.model.seenAt.get((rows[2] as FlowRow).id)).toBe((rows[2] as FlowRow).time + 5);
    expect(h.model.state.get()).toMatchObject({ searchId, rows: 3, pages: 2, done: true, error: null, firstPageMs: 0 });
    expect(h.of(api.history.more.channel)).toEqual([{ searchId, page: 0 }]);
  });

  it("ignores another search's pages and a page out of order", async () => {
    const h = harness();
    await h.model.search({});
    const [{ searchId }] = h.of(api.history.search.channel) as [{ searchId: string }];
    h.page('someone-else', 0, [flowRow()]);
    h.page(searchId, 1, [flowRow()]);
    expect(h.model.rows).toHaveLength(0);
    h.page(searchId, 0, [flowRow()]);
    expect(h.model.rows).toHaveLength(1);
  });

  it('a new search cancels the running one and starts from no rows', async () => {
    const h = harness();
    await h.model.search({});
    const [{ searchId: first }] = h.of(api.history.search.channel) as [{ searchId: string }];
    h.page(first, 0, [flowRow()]);
    await h.model.search({ kinds: ['BLOCK'] });
    expect(h.of(api.history.cancel.channel)).toEqual([{ searchId: first }]);
    const second = (h.of(api.history.search.channel)[1] as { searchId: string }).searchId;
    expect(second).not.toBe(first);
    expect(h.model.rows).toHaveLength(0);
    h.page(first, 1, [flowRow()]);
    expect(h.model.rows).toHaveLength(0);
  });

  it('a query the contract refuses is an error of the search, and nothing is sent', async () => {
    const h = harness();
    await h.model.search({ expiryFrom: '2026-02-30' });
    expect(h.model.state.get()).toMatchObject({ done: true, error: expect.stringContaining('YYYY-MM-DD') });
    expect(h.failures).toEqual(['searching the history']);
    expect(h.of(api.history.search.channel)).toEqual([]);
  });
});
