import { describe, expect, it } from 'vitest';
import { depthGrid, gridSignature } from './depth-grid.ts';

const lv = (price: number, size: number) => ({ price, size });

describe('depthGrid', () => {
  it('lays both sides on one cent grid with the spread left empty', () => {
    const grid = depthGrid([lv(1.2, 10), lv(1.18, 5)], [lv(1.23, 4), lv(1.25, 6)]);
    expect(grid.step).toBe(0.01);
    const at = (points: typeof grid.bids, price: number) => points.find((p) => Math.abs(p.time - price) < 1e-9)?.value;
    expect(at(grid.bids, 1.2)).toBe(10);
    expect(at(grid.bids, 1.19)).toBe(10);
    expect(at(grid.bids, 1.18)).toBe(15);
    expect(at(grid.bids, 1.17)).toBe(15);
    expect(at(grid.bids, 1.21)).toBeUndefined();
    expect(at(grid.asks, 1.22)).toBeUndefined();
    expect(at(grid.asks, 1.23)).toBe(4);
    expect(at(grid.asks, 1.24)).toBe(4);
    expect(at(grid.asks, 1.25)).toBe(10);
    expect(at(grid.asks, 1.26)).toBe(10);
    // One shared, strictly increasing horizontal axis.
    expect(grid.bids.map((p) => p.time)).toEqual(grid.asks.map((p) => p.time));
    const times = grid.bids.map((p) => p.time);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] as number))).toBe(true);
  });

  it('coarsens the step for a wide book and stays under the point budget', () => {
    const bids = Array.from({ length: 50 }, (_, i) => lv(40 - i * 0.5, 10));
    const asks = Array.from({ length: 50 }, (_, i) => lv(40.5 + i * 0.5, 10));
    const grid = depthGrid(bids, asks, 300);
    expect(grid.bids.length).toBeLessThanOrEqual(300);
    expect(grid.step).toBeGreaterThan(0.01);
    expect(Math.max(...grid.bids.map((p) => p.value ?? 0))).toBe(500);
    expect(Math.max(...grid.asks.map((p) => p.value ?? 0))).toBe(500);
  });

  it('draws a one-level book as two blocks as wide as the spread', () => {
    // TSLA-like: 5-cent ticks, a 20-cent spread.
    const grid = depthGrid([lv(5.8, 116)], [lv(6, 149)]);
    const shown = (points: typeof grid.bids) => points.filter((p) => p.value !== undefined).map((p) => p.time);
    expect(shown(grid.bids)[0]).toBeCloseTo(5.6, 9);
    expect(shown(grid.bids).at(-1)).toBeCloseTo(5.8, 9);
    expect(shown(grid.asks)[0]).toBeCloseTo(6, 9);
    expect(shown(grid.asks).at(-1)).toBeCloseTo(6.2, 9);
    expect(grid.bids.every((p) => p.value === undefined || p.value === 116)).toBe(true);
    // A penny-wide spread still shows blocks of at least 3 steps.
    const tight = depthGrid([lv(0.7, 595)], [lv(0.71, 632)]);
    expect(tight.bids.filter((p) => p.value !== undefined)).toHaveLength(4);
    expect(tight.asks.filter((p) => p.value !== undefined)).toHaveLength(4);
  });

  it('handles one side, one level, or nothing', () => {
    expect(depthGrid([], [])).toEqual({ bids: [], asks: [], step: 0.01 });
    const one = depthGrid([lv(0.05, 3)], []);
    expect(one.bids.some((p) => p.value === 3)).toBe(true);
    expect(one.asks.every((p) => p.value === undefined)).toBe(true);
    expect(one.bids.every((p) => p.time >= 0)).toBe(true);
  });
});

describe('gridSignature', () => {
  it('is equal for books that draw the same curves and differs when a size moves', () => {
    const a = depthGrid([lv(1.2, 10), lv(1.18, 5)], [lv(1.23, 4)]);
    const same = depthGrid([lv(1.2, 10), lv(1.18, 5)], [lv(1.23, 4)]);
    const moved = depthGrid([lv(1.2, 11), lv(1.18, 5)], [lv(1.23, 4)]);
    expect(gridSignature(a)).toBe(gridSignature(same));
    expect(gridSignature(moved)).not.toBe(gridSignature(a));
  });
});
