import { describe, expect, it } from 'vitest';
import { addUnderlying, describeEntry, normaliseUnderlying, removeUnderlying, toggleContract, updateEntry } from './watchlist-edit.ts';

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
