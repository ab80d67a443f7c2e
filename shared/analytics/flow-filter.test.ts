import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../domain/app-settings.ts';
import { compileFilter, isOpenFilter, sameFilter, toggleChoice } from './flow-filter.ts';
import { flowRow } from '../ipc/flow-rows.testkit.ts';

const open: FeedFilter = { ...DEFAULT_FEED_FILTER, rights: ['C', 'P'], kinds: [...DEFAULT_FEED_FILTER.kinds], sides: [...DEFAULT_FEED_FILTER.sides], moneyness: [...DEFAULT_FEED_FILTER.moneyness], symbols: [] };

describe('compileFilter', () => {
  it('passes everything with the default filter, even a flow without moneyness', () => {
    const pass = compileFilter(open);
    expect(pass(flowRow())).toBe(true);
    expect(pass(flowRow({ moneyness: null, otmPercent: null }))).toBe(true);
    expect(isOpenFilter(open)).toBe(true);
  });

  it('narrows by each field', () => {
    const row = flowRow({ premium: 80_000, right: 'P', kind: 'BLOCK', side: 'MID', moneyness: 'ITM', dte: 0, whale: false, underlying: 'QQQ' });
    const check = (patch: Partial<FeedFilter>) => compileFilter({ ...open, ...patch })(row);
    expect(check({ minPremium: 80_000 })).toBe(true);
    expect(check({ minPremium: 80_001 })).toBe(false);
    expect(check({ rights: ['C'] })).toBe(false);
    expect(check({ kinds: ['SWEEP', 'SPLIT'] })).toBe(false);
    expect(check({ sides: ['ASK', 'ABOVE_ASK'] })).toBe(false);
    expect(check({ moneyness: ['OTM', 'ATM'] })).toBe(false);
    expect(check({ dteMin: 1 })).toBe(false);
    expect(check({ dteMax: 0 })).toBe(true);
    expect(check({ whalesOnly: true })).toBe(false);
    expect(check({ symbols: ['spy'] })).toBe(false);
    expect(check({ symbols: ['qqq'] })).toBe(true);
  });

  it('narrows by delta, IV and the underlying\'s IV rank, and is no longer open', () => {
    const row = flowRow({ underlying: 'SPY', delta: -0.42, iv: 31 });
    const volatility = (patch: Partial<FeedFilter['volatility']>): FeedFilter => ({ ...open, volatility: { ...open.volatility, ...patch } });
    expect(compileFilter(volatility({ deltaMin: 0.4, deltaMax: 0.5 }))(row)).toBe(true);
    expect(compileFilter(volatility({ deltaMin: 0.4, deltaMax: 0.5, deltaAbsolute: false }))(row)).toBe(false);
    expect(compileFilter(volatility({ ivMax: 30 }))(row)).toBe(false);
    expect(isOpenFilter(volatility({ ivMax: 30 }))).toBe(false);
    const rank = volatility({ ivRankMin: 50 });
    expect(compileFilter(rank)(row)).toBe(false);
    const summary = { underlying: 'SPY', current: 31, sampledAt: 0, frontExpiry: null, backExpiry: null, days: 40, rank: 60, percentile: 55, missing: null, windowDays: 252, minDays: 20, reason: '' };
    expect(compileFilter(rank, (u) => (u === 'SPY' ? summary : undefined))(row)).toBe(true);
    expect(sameFilter(rank, { ...rank, volatility: { ...rank.volatility } })).toBe(true);
    expect(sameFilter(rank, open)).toBe(false);
  });

  it('hides a flow without moneyness once moneyness is narrowed', () => {
    expect(compileFilter({ ...open, moneyness: ['OTM'] })(flowRow({ moneyness: null }))).toBe(false);
  });
});

describe('filter helpers', () => {
  it('toggles a choice keeping the canonical order', () => {
    expect(toggleChoice(['P'], 'C', ['C', 'P'])).toEqual(['C', 'P']);
    expect(toggleChoice(['C', 'P'], 'C', ['C', 'P'])).toEqual(['P']);
  });

  it('compares filters regardless of order and case', () => {
    expect(sameFilter({ ...open, symbols: ['SPY', 'qqq'] }, { ...open, symbols: ['QQQ', 'spy'] })).toBe(true);
    expect(sameFilter(open, { ...open, minPremium: 1 })).toBe(false);
    expect(isOpenFilter({ ...open, whalesOnly: true })).toBe(false);
  });
});
