import { describe, expect, it } from 'vitest';
import { blackScholes, normCdf } from './black-scholes.ts';
import type { BlackScholesInput } from './black-scholes.ts';

const base: Omit<BlackScholesInput, 'right'> = { spot: 100, strike: 100, years: 0.25, vol: 0.2, rate: 0.04 };

describe('normCdf', () => {
  it('matches known values', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 12);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 10);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 10);
    expect(normCdf(-40)).toBe(0);
  });
});

describe('blackScholes', () => {
  it('matches a textbook value (Hull: S=42 K=40 r=10% vol=20% T=0.5)', () => {
    const input = { spot: 42, strike: 40, years: 0.5, vol: 0.2, rate: 0.1 };
    expect(blackScholes({ ...input, right: 'C' }).price).toBeCloseTo(4.76, 2);
    expect(blackScholes({ ...input, right: 'P' }).price).toBeCloseTo(0.81, 2);
  });

  it('satisfies put-call parity across strikes and expiries', () => {
    for (const strike of [60, 90, 100, 110, 160]) {
      for (const years of [1 / 365, 0.1, 1, 3]) {
        const input = { ...base, strike, years };
        const call = blackScholes({ ...input, right: 'C' });
        const put = blackScholes({ ...input, right: 'P' });
        const parity = base.spot - strike * Math.exp(-base.rate * years);
        expect(call.price - put.price).toBeCloseTo(parity, 9);
        expect(call.delta - put.delta).toBeCloseTo(1, 12);
        expect(call.gamma).toBeCloseTo(put.gamma, 12);
        expect(call.vega).toBeCloseTo(put.vega, 12);
      }
    }
  });

  it('has greeks with the right signs', () => {
    const call = blackScholes({ ...base, right: 'C' });
    const put = blackScholes({ ...base, right: 'P' });
    expect(call.delta).toBeGreaterThan(0);
    expect(call.delta).toBeLessThan(1);
    expect(put.delta).toBeLessThan(0);
    expect(put.delta).toBeGreaterThan(-1);
    expect(call.gamma).toBeGreaterThan(0);
    expect(call.vega).toBeGreaterThan(0);
    expect(call.theta).toBeLessThan(0);
    expect(put.theta).toBeLessThan(0);
  });

  it('agrees with finite differences for delta, gamma and vega', () => {
    const h = 0.01;
    const price = (over: Partial<BlackScholesInput>) => blackScholes({ ...base, right: 'C', ...over }).price;
    const v = blackScholes({ ...base, right: 'C' });
    expect(v.delta).toBeCloseTo((price({ spot: 100 + h }) - price({ spot: 100 - h })) / (2 * h), 5);
    expect(v.gamma).toBeCloseTo((price({ spot: 100 + h }) - 2 * price({}) + price({ spot: 100 - h })) / (h * h), 3);
    expect(v.vega).toBeCloseTo((price({ vol: 0.21 }) - price({ vol: 0.19 })) / 2, 4);
    const day = 1 / 365;
    expect(v.theta).toBeCloseTo(price({ years: base.years - day }) - price({}), 3);
  });

  it('is worth intrinsic value at expiry', () => {
    expect(blackScholes({ ...base, spot: 105, years: 0, right: 'C' })).toMatchObject({ price: 5, delta: 1, gamma: 0 });
    expect(blackScholes({ ...base, spot: 105, years: 0, right: 'P' })).toMatchObject({ price: 0, delta: 0 });
  });
});
