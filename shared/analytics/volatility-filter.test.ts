import { describe, expect, it } from 'vitest';
import type { IvSummary, VolatilityFilter } from '../domain/volatility.ts';
import { OPEN_VOLATILITY_FILTER } from '../domain/volatility.ts';
import { isOpenVolatilityFilter, usesIvHistory, volatilityPredicate } from './volatility-filter.ts';

const f = (patch: Partial<VolatilityFilter>): VolatilityFilter => ({ ...OPEN_VOLATILITY_FILTER, ...patch });
const summary = (underlying: string, rank: number | null, percentile: number | null): IvSummary => ({
  underlying,
  current: 20,
  sampledAt: 0,
  frontExpiry: null,
  backExpiry: null,
  days: rank === null ? 3 : 100,
  rank,
  percentile,
  missing: rank === null ? '3 days < 20' : null,
  windowDays: 252,
  minDays: 20,
  reason: '',
});
const ranks = new Map([
  ['SPY', summary('SPY', 70, 80)],
  ['QQQ', summary('QQQ', null, null)],
]);
const lookup = (u: string) => ranks.get(u);
const put = { underlying: 'SPY', delta: -0.45, iv: 22.5 };
const call = { underlying: 'SPY', delta: 0.3, iv: 18 };

describe('the delta and volatility filter', () => {
  it('passes everything while open', () => {
    expect(isOpenVolatilityFilter(OPEN_VOLATILITY_FILTER)).toBe(true);
    expect(volatilityPredicate(OPEN_VOLATILITY_FILTER, lookup)({ underlying: 'X', delta: null, iv: null })).toBe(true);
  });

  it('reads |delta| when absolute, so a put and a call of the same size of delta pass alike', () => {
    const keep = volatilityPredicate(f({ deltaMin: 0.4, deltaMax: 0.5, deltaAbsolute: true }), lookup);
    expect(keep(put)).toBe(true);
    expect(keep({ ...put, delta: 0.45 })).toBe(true);
    expect(keep(call)).toBe(false);
  });

  it('reads signed delta otherwise, bounds inclusive', () => {
    const keep = volatilityPredicate(f({ deltaMin: -0.5, deltaMax: -0.45, deltaAbsolute: false }), lookup);
    expect(keep(put)).toBe(true);
    expect(keep({ ...put, delta: 0.45 })).toBe(false);
    expect(volatilityPredicate(f({ deltaMin: 0.3, deltaAbsolute: false }), lookup)(call)).toBe(true);
  });

  it('bounds implied volatility in percent', () => {
    const keep = volatilityPredicate(f({ ivMin: 20, ivMax: 25 }), lookup);
    expect(keep(put)).toBe(true);
    expect(keep(call)).toBe(false);
    expect(volatilityPredicate(f({ ivMax: 18 }), lookup)(call)).toBe(true);
  });

  it('hides a flow without the figure a bound asks about', () => {
    expect(volatilityPredicate(f({ deltaMin: 0 }), lookup)({ ...call, delta: null })).toBe(false);
    expect(volatilityPredicate(f({ ivMax: 100 }), lookup)({ ...call, iv: null })).toBe(false);
    // An IV bound says nothing about delta.
    expect(volatilityPredicate(f({ ivMax: 100 }), lookup)({ ...call, delta: null })).toBe(true);
  });

  it("bounds the underlying's IV rank and percentile; an underlying with none is hidden while they are set", () => {
    expect(usesIvHistory(f({ ivRankMin: 50 }))).toBe(true);
    expect(usesIvHistory(f({ ivMin: 50, deltaMin: 0.2 }))).toBe(false);
    expect(volatilityPredicate(f({ ivRankMin: 50 }), lookup)(call)).toBe(true);
    expect(volatilityPredicate(f({ ivRankMax: 69 }), lookup)(call)).toBe(false);
    expect(volatilityPredicate(f({ ivPercentileMin: 80, ivPercentileMax: 80 }), lookup)(call)).toBe(true);
    expect(volatilityPredicate(f({ ivRankMin: 0 }), lookup)({ ...call, underlying: 'QQQ' })).toBe(false);
    expect(volatilityPredicate(f({ ivRankMin: 0 }), lookup)({ ...call, underlying: 'IWM' })).toBe(false);
  });
});
