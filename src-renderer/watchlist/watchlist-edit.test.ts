import { describe, expect, it } from 'vitest';
import type { ServiceUsage, Watchlist } from '../../shared/domain/watchlist.ts';
import { addUnderlying, budgetRefusal, describeEntry, normaliseUnderlying, pickRefusal, pickRoom, removeUnderlying, toggleContract, updateEntry } from './watchlist-edit.ts';

describe('watchlist edits', () => {
  it('normalises tickers the way the contract does', () => {
    expect(normaliseUnderlying(' spy ')).toBe('SPY');
    expect(normaliseUnderlying('$spx')).toBe('$SPX');
    expect(normaliseUnderlying('BRK.B')).toBe('BRK.B');
    expect(normaliseUnderlying('1abc')).toBeNull();
    expect(normaliseUnderlying('')).toBeNull();
  });

  it('adds once, in around mode, and removes', () => {
    let list = addUnderlying({ entries: [] }, 'SPY');
    list = addUnderlying(list, 'SPY');
    expect(list.entries).toHaveLength(1);
    expect(list.entries[0]).toMatchObject({ underlying: 'SPY', mode: 'around' });
    expect(describeEntry(list.entries[0]!)).toBe('±5 strikes · 2 exp');
    expect(removeUnderlying(list, 'SPY').entries).toEqual([]);
  });

  it('picking a contract switches to contracts mode; unpicking the last keeps the mode', () => {
    const list = addUnderlying({ entries: [] }, 'QQQ');
    const picked = updateEntry(list, 'QQQ', (e) => toggleContract(e, 'QQQ   241129C00500000'));
    expect(picked.entries[0]).toMatchObject({ mode: 'contracts', contracts: ['QQQ   241129C00500000'] });
    expect(describeEntry(picked.entries[0]!)).toBe('1 contract');
    const unpicked = toggleContract(picked.entries[0]!, 'QQQ   241129C00500000');
    expect(unpicked.contracts).toEqual([]);
  });
});

describe("Schwab's key budget (500 per service)", () => {
  const usage = (options: number): ServiceUsage[] => [
    { service: 'LEVELONE_OPTIONS', keys: options, limit: 500 },
    { service: 'OPTIONS_BOOK', keys: options, limit: 500 },
    { service: 'LEVELONE_EQUITIES', keys: 1, limit: 500 },
    { service: 'CHART_EQUITY', keys: 1, limit: 500 },
  ];
  const spy = (strikesAround: number, expiries: number): Watchlist => ({ entries: [{ underlying: 'SPY', mode: 'around', contracts: [], strikesAround, expiries }] });

  it('refuses a change past the budget with the reason, counting what streams beside the watchlist (open books)', () => {
    // ±40 strikes of 3 expiries: 80 × 3 × 2 = 480 contracts.
    expect(budgetRefusal(spy(40, 2), spy(40, 3), usage(320))).toBeNull();
    // With 30 books open beside the 320, 480 + 30 = 510.
    expect(budgetRefusal(spy(40, 2), spy(40, 3), usage(350))).toBe(
      'Not changed: this needs 510 option contracts (30 of them open books); Schwab streams at most 500 at a time (each with its quotes and its book): remove strikes, expiries or underlyings.',
    );
    expect(budgetRefusal(spy(40, 2), spy(50, 3), usage(320))).toMatch(/^Not changed: this needs 600 option contracts;/);
  });

  it('always lets a list over the budget be cut down', () => {
    expect(budgetRefusal(spy(50, 8), spy(50, 7), usage(500))).toBeNull();
    expect(budgetRefusal(spy(50, 8), removeUnderlying(spy(50, 8), 'SPY'), usage(500))).toBeNull();
  });

  it('lets the chain picker pick what is left of the budget', () => {
    const picked = { underlying: 'QQQ', mode: 'contracts' as const, contracts: ['QQQ   241129C00500000', 'QQQ   241129P00500000'], strikesAround: 5, expiries: 2 };
    // 490 stream now, 2 of them this entry's: 488 beside it, 12 left for it.
    expect(pickRoom(picked, usage(490))).toBe(12);
    expect(pickRoom(picked, [])).toBe(500);
    expect(pickRefusal(12)).toBe('Schwab streams at most 500 contracts at a time; with the rest of the watchlist and the open books, this one can pick 12.');
  });
});
