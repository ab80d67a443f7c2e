import { describe, expect, it } from 'vitest';
import { displayIndexOfFlow, layoutFeed, rowAt } from './feed-rows.ts';

// Flows at times 10, 9, ..., 1 (newest first): countSince(t) = flows with time >= t.
const times = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
const countSince = (t: number) => times.filter((x) => x >= t).length;

describe('layoutFeed', () => {
  it('places each gap between the flows after and before it', () => {
    const layout = layoutFeed(10, [{ start: 4.5, end: 6, reason: 'a' }, { start: 8.5, end: 9, reason: 'b' }], countSince);
    expect(layout.total).toBe(12);
    const kinds = Array.from({ length: 12 }, (_, i) => rowAt(layout, i));
    expect(kinds.map((r) => (r.kind === 'gap' ? r.gap.reason : r.flowIndex))).toEqual([0, 1, 'b', 2, 3, 4, 5, 'a', 6, 7, 8, 9]);
  });

  it('maps a flow to its display index and back', () => {
    const layout = layoutFeed(10, [{ start: 4.5, end: 6, reason: 'a' }, { start: 8.5, end: null, reason: 'b' }], countSince);
    for (let f = 0; f < 10; f++) {
      const at = displayIndexOfFlow(layout, f);
      expect(rowAt(layout, at)).toEqual({ kind: 'flow', flowIndex: f });
    }
  });

  it('puts an open gap newer than every flow at the top', () => {
    const layout = layoutFeed(10, [{ start: 11, end: null, reason: 'reconnecting' }], countSince);
    expect(rowAt(layout, 0).kind).toBe('gap');
    expect(rowAt(layout, 1)).toEqual({ kind: 'flow', flowIndex: 0 });
  });
});
