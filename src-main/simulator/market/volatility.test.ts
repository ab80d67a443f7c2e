import { describe, expect, it } from 'vitest';
import { smileVol, theoOf, YEAR_MS } from './volatility.ts';

describe('smileVol', () => {
  it('has put skew: lower strikes carry more volatility', () => {
    const years = 30 / 365;
    expect(smileVol(0.2, 100, 90, years)).toBeGreaterThan(smileVol(0.2, 100, 100, years));
    expect(smileVol(0.2, 100, 100, years)).toBeGreaterThan(smileVol(0.2, 100, 105, years));
  });

  it('lifts very short expiries over the base and stays in bounds', () => {
    expect(smileVol(0.14, 680, 680, 0.5 / 365)).toBeGreaterThan(smileVol(0.14, 680, 680, 60 / 365));
    for (const k of [1, 50, 680, 5000]) {
      const v = smileVol(0.14, 680, k, 1 / 365);
      expect(v).toBeGreaterThanOrEqual(0.05);
      expect(v).toBeLessThanOrEqual(3);
    }
  });
});

describe('theoOf', () => {
  it('prices a near-term call and reports IV in percent units', () => {
    const now = 0;
    const theo = theoOf({ strike: 680, right: 'C' }, 680, 7 * 86_400_000, now, 0.14, 680, 0);
    expect(theo.price).toBeGreaterThan(2);
    expect(theo.price).toBeLessThan(15);
    expect(theo.ivPercent).toBeGreaterThan(10);
    expect(theo.ivPercent).toBeLessThan(25);
    expect(theo.delta).toBeCloseTo(0.5, 1);
  });

  it('is intrinsic with zero IV once expired', () => {
    const theo = theoOf({ strike: 100, right: 'P' }, 90, YEAR_MS, YEAR_MS + 1, 0.3, 100, 0);
    expect(theo.price).toBe(10);
    expect(theo.ivPercent).toBe(0);
  });
});
