import { describe, expect, it } from 'vitest';
import type { IvSummary } from '../../shared/domain/volatility.ts';
import { atmIvText, ivPercentileText, ivRankText, realizedText } from './iv-rank-text.ts';

const base: IvSummary = { underlying: 'SPY', current: 18.25, sampledAt: 0, frontExpiry: null, backExpiry: null, days: 1, rank: null, percentile: null, missing: '1 day < 20', windowDays: 252, minDays: 20, reason: '' };

describe('IV rank text', () => {
  it('says none with the days it has and the minimum', () => {
    expect(ivRankText(base)).toBe('none, 1 day < 20');
    expect(ivPercentileText({ ...base, days: 7, missing: '7 days < 20' })).toBe('none, 7 days < 20');
    expect(ivRankText(undefined)).toBe('none, no IV history');
  });

  it('names the days a figure rests on', () => {
    const s = { ...base, days: 120, rank: 42.4, percentile: 65, missing: null };
    expect(ivRankText(s)).toBe('42 (120 days)');
    expect(ivPercentileText(s)).toBe('65 (120 days)');
    expect(atmIvText(s)).toBe('18.3%');
  });

  it('shows realized volatility once fetched, a dash without enough history', () => {
    expect(realizedText(base)).toBe('…');
    expect(realizedText({ ...base, realized: null })).toBe('—');
    expect(realizedText({ ...base, realized: { vol: 14.24, returns: 20, asOf: '2026-12-02' } })).toBe('14.2%');
  });
});
