import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 0))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('adds at most the jitter fraction', () => {
    expect(backoffDelay(1, 0.999)).toBeLessThanOrEqual(300);
    expect(backoffDelay(100, 0.5)).toBe(5500);
  });

  it('treats a nonsense attempt as the first', () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(-3, 0)).toBe(250);
  });
});
