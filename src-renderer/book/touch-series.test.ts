import { describe, expect, it } from 'vitest';
import { sparkPoints, touchSeries } from './touch-series.ts';
import { T0, touchColumn } from './timeline.testkit.ts';

describe('touchSeries', () => {
  it('reads spread, imbalance, venue counts and notional at the touch of each snapshot', () => {
    const columns = [touchColumn(T0, [1.2, { CBOE: 30, ISEX: 10 }], [1.25, { PHLX: 40 }]), touchColumn(T0 + 1000, [1.2, { CBOE: 30 }], [1.3, { PHLX: 10, MIAX: 20 }])];
    const s = touchSeries(columns);
    expect(s.spread).toEqual([0.05, 0.1]);
    expect(s.imbalance).toEqual([0, 0]);
    expect(s.bidVenues).toEqual([2, 1]);
    expect(s.askVenues).toEqual([1, 2]);
    expect(s.notional[0]).toBeCloseTo((1.2 * 40 + 1.25 * 40) * 100, 6);
    expect(s.latest?.time).toBe(T0 + 1000);
  });

  it('thins a long history evenly and keeps the newest snapshot', () => {
    const columns = Array.from({ length: 301 }, (_, i) => touchColumn(T0 + i * 1000, [1, { CBOE: i + 1 }], [1.1, { CBOE: 1 }]));
    const s = touchSeries(columns, 100);
    expect(s.bidVenues.length).toBeLessThanOrEqual(100);
    expect(s.bidVenues.length).toBeGreaterThan(50);
    expect(s.latest?.bidSize).toBe(301);
    expect(s.imbalance.at(-1)).toBeCloseTo(300 / 302, 9);
  });
});

describe('sparkPoints', () => {
  it('scales into the box, largest at the top, and breaks a gap with a pair of NaN', () => {
    expect(sparkPoints([1, 3, null, 2], 30, 10)).toEqual([0, 10, 10, 0, NaN, NaN, 30, 5]);
  });

  it('draws a flat series across the middle', () => {
    expect(sparkPoints([2, 2], 10, 10)).toEqual([0, 5, 10, 5]);
  });

  it('scales by a fixed range when given one, and puts a single point at the right edge', () => {
    expect(sparkPoints([0], 10, 10, { min: -1, max: 1 })).toEqual([10, 5]);
    expect(sparkPoints([1, -1], 10, 20, { min: -1, max: 1 })).toEqual([0, 0, 10, 20]);
  });

  it('is empty when no value is known', () => {
    expect(sparkPoints([null, null], 10, 10)).toEqual([]);
    expect(sparkPoints([], 10, 10)).toEqual([]);
  });
});
