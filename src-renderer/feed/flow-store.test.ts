import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { decodeFlowBatch, encodeFlowBatch } from '../../shared/ipc/flows.ts';
import { FlowStore, WINDOW_FLOWS, windowCapacity } from './flow-store.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';

const T0 = 1_732_890_000_000;

function ids(store: FlowStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.visibleCount; i++) out.push(store.visibleAt(i)!.row.id);
  return out;
}

describe('FlowStore', () => {
  it('shows flows newest first whatever order they arrive in', () => {
    const store = new FlowStore();
    store.apply([flowRow({ id: 'b', time: T0 + 2 }), flowRow({ id: 'a', time: T0 + 1 })]);
    store.apply([flowRow({ id: 'd', time: T0 + 4 })]);
    store.apply([flowRow({ id: 'c', time: T0 + 3 }), flowRow({ id: 'e', time: T0 + 5 })]);
    expect(ids(store)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(store.visibleIndexOf('c')).toBe(2);
  });

  it('updates a growing flow in place and ignores stale versions', () => {
    const store = new FlowStore();
    store.apply([flowRow({ id: 'a', time: T0 }), flowRow({ id: 'sweep', time: T0 + 1, size: 10 }), flowRow({ id: 'b', time: T0 + 2 })]);
    const grown = store.apply([flowRow({ id: 'sweep', time: T0 + 1, size: 40, version: 3 })]);
    expect(grown.updated).toHaveLength(1);
    const stale = store.apply([flowRow({ id: 'sweep', time: T0 + 1, size: 20, version: 2 })]);
    expect(stale.updated).toHaveLength(0);
    expect(ids(store)).toEqual(['b', 'sweep', 'a']);
    expect(store.get('sweep')!.row.size).toBe(40);
    expect(store.size).toBe(3);
  });

  it('applies a filter at once to what is loaded, and to updates that cross it', () => {
    const store = new FlowStore();
    store.apply([
      flowRow({ id: 'small', time: T0, premium: 5_000 }),
      flowRow({ id: 'grows', time: T0 + 1, premium: 60_000 }),
      flowRow({ id: 'whale', time: T0 + 2, premium: 250_000, whale: true }),
    ]);
    store.setFilter({ ...DEFAULT_FEED_FILTER, minPremium: 100_000 });
    expect(ids(store)).toEqual(['whale']);
    store.apply([flowRow({ id: 'grows', time: T0 + 1, premium: 120_000, version: 2 })]);
    expect(ids(store)).toEqual(['whale', 'grows']);
    store.apply([flowRow({ id: 'late', time: T0 - 5, premium: 500_000 })]);
    expect(ids(store)).toEqual(['whale', 'grows', 'late']);
    store.setFilter({ ...DEFAULT_FEED_FILTER });
    expect(ids(store)).toEqual(['whale', 'grows', 'small', 'late']);
  });

  it('handles a flow that arrives and grows inside one batch', () => {
    const store = new FlowStore();
    store.setFilter({ ...DEFAULT_FEED_FILTER, minPremium: 100 });
    store.apply([flowRow({ id: 'x', time: T0, premium: 50 }), flowRow({ id: 'x', time: T0, premium: 500, version: 2 })]);
    expect(ids(store)).toEqual(['x']);
    expect(store.size).toBe(1);
  });

  it('evicts the oldest beyond its capacity and reports them', () => {
    const store = new FlowStore({ capacity: 100 });
    const rows = Array.from({ length: 150 }, (_, i) => flowRow({ id: `r${i}`, time: T0 + i }));
    const changes = store.apply(rows);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(store.size).toBeGreaterThan(90);
    expect(changes.evicted[0]!.id).toBe('r0');
    expect(store.get('r0')).toBeUndefined();
    expect(store.visibleAt(0)!.row.id).toBe('r149');
    expect(store.visibleCount).toBe(store.size);
  });

  it('counts shown flows since a time (for gap rows)', () => {
    const store = new FlowStore();
    store.apply([1, 2, 3, 4].map((n) => flowRow({ id: `n${n}`, time: T0 + n * 1000 })));
    expect(store.visibleCountSince(T0 + 2500)).toBe(2);
    expect(store.visibleCountSince(T0)).toBe(4);
    expect(store.visibleCountSince(T0 + 9000)).toBe(0);
  });

  // How fast is the bench's to say (ui.batch_decode, ui.feed_frame); wall-clock bounds here
  // failed on a loaded machine, not on slower code.
  it('holds 100k flows and filters them', () => {
    const store = new FlowStore({ capacity: 100_000 });
    const rows: FlowRow[] = [];
    for (let i = 0; i < 100_000; i++) {
      rows.push(flowRow({ id: `k${i}`, time: T0 + i * 10, premium: (i % 1000) * 1000, whale: i % 1000 >= 100 }));
    }
    const batches: FlowRow[][] = [];
    for (let i = 0; i < rows.length; i += 500) batches.push(decodeFlowBatch(encodeFlowBatch(rows.slice(i, i + 500))));
    for (const batch of batches) store.apply(batch);
    expect(store.size).toBe(100_000);
    store.setFilter({ ...DEFAULT_FEED_FILTER, whalesOnly: true, minPremium: 500_000 });
    expect(store.visibleCount).toBe(50_000);
  });

  describe('bounded to a window of the session', () => {
    const live = (from: number, to: number): FlowRow[] => {
      const rows: FlowRow[] = [];
      for (let i = from; i < to; i++) rows.push(flowRow({ id: `1-${i}`, time: T0 + i * 10 }));
      return rows;
    };
    /** Older rows as the store sends them: newest first. */
    const olderPage = (from: number, to: number): FlowRow[] => live(from, to).reverse();

    it('holds at most WINDOW_FLOWS by default, the newest, while it follows the stream', () => {
      const store = new FlowStore();
      for (let i = 0; i < WINDOW_FLOWS + 600; i += 200) store.apply(live(i, i + 200));
      expect(store.size).toBeLessThanOrEqual(WINDOW_FLOWS);
      expect(store.visibleAt(0)!.row.id).toBe(`1-${WINDOW_FLOWS + 599}`);
      expect(store.detached).toBe(false);
      expect(store.startOfSession).toBe(false);
    });

    it('takes a `feedWindow` query only within bounds', () => {
      expect(windowCapacity('?feedWindow=300')).toBe(300);
      expect(windowCapacity('?feedWindow=5')).toBe(WINDOW_FLOWS);
      expect(windowCapacity('?feedWindow=1e9')).toBe(WINDOW_FLOWS);
      expect(windowCapacity('?feedWindow=abc')).toBe(WINDOW_FLOWS);
      expect(windowCapacity('')).toBe(WINDOW_FLOWS);
    });

    it('reading far down, pages of older flows come in below and the newest are let go', () => {
      const store = new FlowStore({ capacity: 100 });
      store.apply(live(200, 300));
      store.setFocus('1-210');
      const changes = store.applyPage(olderPage(150, 200), 'older', false);
      expect(changes.added).toHaveLength(50);
      // Half the capacity stays below the row read; the rest of the excess is the newest.
      expect(store.size).toBe(100);
      expect(store.detached).toBe(true);
      const shown = ids(store);
      expect(shown[0]).toBe('1-259');
      expect(shown.at(-1)).toBe('1-160');
      expect(shown).toEqual(live(160, 260).map((r) => r.id).reverse());
      // Detached: a new flow is not held (it would leave a hole), a held one still grows.
      const next = store.apply([flowRow({ id: '1-400', time: T0 + 4000 }), flowRow({ id: '1-220', time: T0 + 2200, version: 2, size: 99 })]);
      expect(next.added).toHaveLength(0);
      expect(next.updated).toHaveLength(1);
      expect(store.get('1-400')).toBeUndefined();
      // The newer page that reaches the newest sent takes the stream again.
      store.setFocus('1-255');
      store.applyPage(live(260, 300), 'newer', true);
      expect(store.detached).toBe(false);
      expect(store.size).toBe(100);
      expect(ids(store)[0]).toBe('1-299');
      expect(store.apply([flowRow({ id: '1-300', time: T0 + 3000 })]).added).toHaveLength(1);
    });

    it('says when the session start is held, until the oldest flows are let go again', () => {
      const store = new FlowStore({ capacity: 100 });
      store.apply(live(10, 60));
      store.applyPage(olderPage(0, 10), 'older', true);
      expect(store.startOfSession).toBe(true);
      expect(ids(store).at(-1)).toBe('1-0');
      store.apply(live(60, 200));
      expect(store.startOfSession).toBe(false);
      store.clear();
      expect(store.startOfSession).toBe(false);
    });

    it('sorts an older row of the same time below the held ones, and filters pages as it filters the stream', () => {
      const store = new FlowStore({ capacity: 100 });
      store.setFilter({ ...DEFAULT_FEED_FILTER, kinds: ['SWEEP'] });
      store.apply([flowRow({ id: '1-5', time: T0, kind: 'SWEEP' }), flowRow({ id: '1-6', time: T0 + 1, kind: 'SWEEP' })]);
      store.applyPage([flowRow({ id: '1-4', time: T0, kind: 'SWEEP' }), flowRow({ id: '1-3', time: T0 - 1, kind: 'BLOCK' })], 'older', false);
      expect(ids(store)).toEqual(['1-6', '1-5', '1-4']);
      expect(store.size).toBe(4);
    });
  });
});
