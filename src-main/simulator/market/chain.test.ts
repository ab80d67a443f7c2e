import { describe, expect, it } from 'vitest';
import { parseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import type { SchwabChainContract } from './market.ts';
import { strikeGrid, strikeKey } from './chain.ts';
import { profileOf } from './profiles.ts';
import { createSimulatedMarket } from './simulated-market.ts';

const START = etToEpoch(2026, 3, 17, 10, 30, 0, 0);
const market = () => createSimulatedMarket({ seed: 11, start: START, intensity: 0, bookLevels: 5 });
const contracts = (map: Record<string, Record<string, SchwabChainContract[]>>) =>
  Object.values(map).flatMap((byStrike) => Object.values(byStrike).flat());

describe('strike keys and grids', () => {
  it('writes strikes the way Schwab keys them', () => {
    expect(strikeKey(450)).toBe('450.0');
    expect(strikeKey(2.5)).toBe('2.5');
    expect(strikeKey(404.78)).toBe('404.78');
  });

  it('lists strikes on the profile step around spot, wider further out', () => {
    const near = strikeGrid(profileOf('AAPL'), 262, 3);
    expect(near).toContain(262.5);
    expect(near.every((k) => Math.abs((k * 2) % 5) < 1e-9)).toBe(true);
    const far = strikeGrid(profileOf('SPY'), 685, 120);
    expect(far.every((k) => k % 5 === 0)).toBe(true);
    expect(far[far.length - 1] as number).toBeGreaterThan(near[near.length - 1] as number);
  });
});

describe('chain', () => {
  it('returns the Schwab shape with padded symbols that stream verbatim', () => {
    const m = market();
    const chain = m.chain('SPY', { strikeCount: 6, toDate: '2026-03-20' });
    if (!chain) throw new Error('no chain');
    expect(chain).toMatchObject({ symbol: 'SPY', status: 'SUCCESS', isDelayed: false });
    expect(Object.keys(chain.callExpDateMap)).toEqual(['2026-03-17:0', '2026-03-18:1', '2026-03-19:2', '2026-03-20:3']);
    const byStrike = chain.callExpDateMap['2026-03-18:1'] ?? {};
    expect(Object.keys(byStrike)).toHaveLength(6);
    for (const key of Object.keys(byStrike)) expect(key).toMatch(/^\d+\.\d+$/);
    const all = [...contracts(chain.callExpDateMap), ...contracts(chain.putExpDateMap)];
    expect(chain.numberOfContracts).toBe(all.length);
    expect(all).toHaveLength(4 * 6 * 2);
    for (const c of all) {
      expect(c.symbol).toHaveLength(21);
      expect(parseOptionSymbol(c.symbol).symbol).toBe(c.symbol);
      const q = m.optionQuote(c.symbol);
      expect(q?.bid).toBe(c.bid);
      expect(q?.ask).toBe(c.ask);
      expect(q?.volume).toBe(c.totalVolume);
      expect(q?.iv).toBe(c.volatility);
      expect(c.bid).toBeLessThan(c.ask);
      expect(c.multiplier).toBe(100);
      expect(c.expirationDate).toMatch(/^2026-03-\d\dT20:00:00\.000\+00:00$/);
      expect(c.inTheMoney).toBe(c.putCall === 'CALL' ? c.strikePrice < chain.underlyingPrice : c.strikePrice > chain.underlyingPrice);
    }
  });

  it('centres strikeCount on the money', () => {
    const chain = market().chain('NVDA', { strikeCount: 5, contractType: 'CALL' });
    const strikes = Object.keys(Object.values(chain?.callExpDateMap ?? {})[0] ?? {}).map(Number);
    const spot = chain?.underlyingPrice ?? 0;
    expect(strikes).toHaveLength(5);
    expect(strikes[0] as number).toBeLessThan(spot);
    expect(strikes[4] as number).toBeGreaterThan(spot);
    expect(chain?.putExpDateMap).toEqual({});
  });

  it('filters by dates and type, and drops expiries already closed', () => {
    const m = market();
    const puts = m.chain('QQQ', { contractType: 'PUT', fromDate: '2026-03-19', toDate: '2026-03-19', strikeCount: 3 });
    expect(Object.keys(puts?.putExpDateMap ?? {})).toEqual(['2026-03-19:2']);
    expect(puts?.callExpDateMap).toEqual({});
    m.advanceTo(etToEpoch(2026, 3, 17, 16, 0, 0, 1));
    const after = m.chain('QQQ', { strikeCount: 1, toDate: '2026-03-18' });
    expect(Object.keys(after?.callExpDateMap ?? {})).toEqual(['2026-03-18:1']);
  });

  it('is null for an underlying the market does not simulate', () => {
    expect(market().chain('GOOG', {})).toBeNull();
  });
});
