import { describe, expect, it } from 'vitest';
import { RowSlots } from './row-slots.ts';

describe('row slots', () => {
  it('when few rows are new: rows that stay keep their keys, new rows get keys never used on screen', () => {
    const slots = new RowSlots();
    expect(slots.assign(['a', 'b', 'c', 'd'])).toEqual([0, 1, 2, 3]);
    expect(slots.assign(['e', 'a', 'b', 'c'])).toEqual([4, 0, 1, 2]);
    expect(slots.assign(['e', 'a', 'b', 'c'])).toEqual([4, 0, 1, 2]);
  });

  it('when most rows are new: new rows take the keys of rows that left, in screen order (no element moves)', () => {
    const slots = new RowSlots();
    slots.assign(['a', 'b', 'c', 'd']);
    expect(slots.assign(['w', 'x', 'y', 'z'])).toEqual([0, 1, 2, 3]);
    // Three new above one that stays: the three that left lend their keys, top to bottom.
    expect(slots.assign(['p', 'q', 'r', 'w'])).toEqual([1, 2, 3, 0]);
  });

  it('grows and shrinks with the window, never giving two rows one key', () => {
    const slots = new RowSlots();
    slots.assign(['a', 'b']);
    const grown = slots.assign(['c', 'a', 'b', 'd', 'e']);
    expect(new Set(grown).size).toBe(5);
    expect(grown.slice(1, 3)).toEqual([0, 1]);
    const shrunk = slots.assign(['f', 'e']);
    expect(shrunk[1]).toBe(grown[4]);
    expect(new Set(slots.assign(['g', 'h', 'i', 'j', 'k', 'l'])).size).toBe(6);
  });
});
