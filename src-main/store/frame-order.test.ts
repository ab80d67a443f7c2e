import { describe, expect, it } from 'vitest';
import { KeyOrder, MAX_ORDER } from './frame-order.ts';

/** An order whose last value gave `previous`, begun again. */
function after(previous: readonly string[]): KeyOrder {
  const order = new KeyOrder().begin();
  for (const key of previous) order.took(key);
  return order.begin();
}

/** The keys a decoder would read back for `keys`, told against `previous` as the encoder tells them. */
function told(previous: string[], keys: string[]): { ranks: (number | string)[]; next: readonly string[] } {
  const order = after(previous);
  const reader = after(previous);
  const ranks = keys.map((key) => {
    const rank = order.rankOf(key);
    order.took(key);
    const back = rank >= 0 ? reader.atRank(rank) : key;
    expect(back).toBe(key);
    reader.took(key);
    return rank >= 0 ? rank : key;
  });
  expect(reader.keys).toEqual(order.keys);
  return { ranks, next: order.keys };
}

describe('KeyOrder', () => {
  it('predicts the old order: a venue that moved up costs one rank, one that moved down two ranks, a new one its name', () => {
    const old = ['A', 'B', 'C', 'D', 'E'];
    expect(told(old, old).ranks).toEqual([0, 0, 0, 0, 0]);
    // E grows past the others.
    expect(told(old, ['E', 'A', 'B', 'C', 'D']).ranks).toEqual([4, 0, 0, 0, 0]);
    // A shrinks below C.
    expect(told(old, ['B', 'C', 'A', 'D', 'E']).ranks).toEqual([1, 0, 2, 0, 0]);
    // C leaves, X comes.
    expect(told(old, ['A', 'B', 'X', 'D', 'E']).ranks).toEqual([0, 0, 'X', 1, 0]);
  });

  it('keeps at most MAX_ORDER keys, and a key given twice marks its old places in turn', () => {
    const many = Array.from({ length: MAX_ORDER + 5 }, (_, i) => `K${i}`);
    expect(told([], many).next).toEqual(many.slice(0, MAX_ORDER));
    expect(told(['A', 'B', 'A'], ['A', 'A', 'B']).ranks).toEqual([0, 1, 0]);
    expect(after(['A']).atRank(1)).toBeNull();
    expect(after(['A', 'B']).begin().keys).toEqual([]);
  });
});
