import { describe, expect, it } from 'vitest';
import { contractGex, gammaExposure, GEX_MOVE, GEX_MULTIPLIER, type ChainGreeks } from './gamma-exposure.ts';

const c = (strike: number, right: 'C' | 'P', gamma: number | undefined, openInterest: number | undefined): ChainGreeks => ({ strike, expiry: '2026-12-18', right, gamma, openInterest });

describe('gamma exposure', () => {
  it('is gamma x OI x 100 x spot^2 x 1%, calls positive and puts negative', () => {
    expect(GEX_MULTIPLIER).toBe(100);
    expect(GEX_MOVE).toBe(0.01);
    // 0.05 x 1,000 x 100 x 600^2 x 0.01 = 18,000,000 dollars per 1% move.
    expect(contractGex('C', 0.05, 1_000, 600)).toBeCloseTo(18_000_000, 6);
    expect(contractGex('P', 0.05, 1_000, 600)).toBeCloseTo(-18_000_000, 6);
  });

  it('sums calls and puts of every expiry by strike', () => {
    const gex = gammaExposure([
      c(600, 'C', 0.05, 1_000),
      { ...c(600, 'C', 0.02, 500), expiry: '2027-01-15' },
      c(600, 'P', 0.04, 2_000),
      c(590, 'P', 0.03, 100),
    ], 600);
    const unit = 100 * 600 * 600 * 0.01;
    expect(gex.rows.map((r) => r.strike)).toEqual([590, 600]);
    const [at590, at600] = gex.rows;
    expect(at590?.call).toBe(0);
    expect(at590?.put).toBeCloseTo(-0.03 * 100 * unit, 6);
    expect(at600?.call).toBeCloseTo((0.05 * 1_000 + 0.02 * 500) * unit, 6);
    expect(at600?.put).toBeCloseTo(-0.04 * 2_000 * unit, 6);
    expect(at600?.net).toBeCloseTo((0.05 * 1_000 + 0.02 * 500 - 0.04 * 2_000) * unit, 6);
    expect(at600?.contracts).toBe(3);
    expect(gex.total).toBeCloseTo(gex.callTotal + gex.putTotal, 6);
    expect(gex.putTotal).toBeLessThan(0);
    expect(gex).toMatchObject({ spot: 600, used: 4, noGamma: 0, noOpenInterest: 0, missing: null });
  });

  it('leaves out contracts without gamma or open interest and counts them (zero is a figure, absent is not)', () => {
    const gex = gammaExposure([c(600, 'C', undefined, 1_000), c(600, 'P', 0.04, undefined), c(605, 'C', Number.NaN, 10), c(610, 'C', 0, 0), c(615, 'C', 0.01, 10)], 600);
    expect(gex).toMatchObject({ used: 2, noGamma: 2, noOpenInterest: 1, missing: null });
    expect(gex.rows.map((r) => [r.strike, r.contracts])).toEqual([[610, 1], [615, 1]]);
    expect(gex.rows[0]?.net).toBe(0);
  });

  it('says why there is nothing to show: no spot, no quotes, or no usable contract', () => {
    expect(gammaExposure([c(600, 'C', 0.05, 1_000)], null)).toMatchObject({ spot: null, rows: [], total: 0, used: 0, missing: 'no underlying price received yet' });
    expect(gammaExposure([], 600).missing).toMatch(/no quotes/);
    expect(gammaExposure([c(600, 'C', undefined, 5)], 600).missing).toBe('none of the 1 contracts held has both gamma and open interest');
  });
});
