import { describe, expect, it } from 'vitest';
import { firstAtOrAfter } from './time-ordered.ts';

describe('firstAtOrAfter', () => {
  const list = [10, 20, 20, 30].map((time) => ({ time }));

  it('finds the first entry at or after a time, the first of equal times', () => {
    expect(firstAtOrAfter(list, 5)).toBe(0);
    expect(firstAtOrAfter(list, 10)).toBe(0);
    expect(firstAtOrAfter(list, 11)).toBe(1);
    expect(firstAtOrAfter(list, 20)).toBe(1);
    expect(firstAtOrAfter(list, 30)).toBe(3);
  });

  it('gives the length past the last entry, and 0 for an empty list', () => {
    expect(firstAtOrAfter(list, 31)).toBe(4);
    expect(firstAtOrAfter([], 1)).toBe(0);
  });
});
