import { describe, expect, it } from 'vitest';
import type { ChainContract } from '../../shared/domain/watchlist.ts';
import { nearestStrikeIndex, strikeRows } from './chain-rows.ts';

function contract(expiry: string, strike: number, right: 'C' | 'P'): ChainContract {
  return { symbol: `X ${expiry} ${strike}${right}`, expiry, strike, right, bid: 1, ask: 1.1, volume: 10, openInterest: 100, delta: 0.5, iv: 20 };
}

describe('strikeRows', () => {
  it('pairs calls and puts per strike for one expiry, low strikes first', () => {
    const chain = {
      underlying: 'X',
      underlyingPrice: 101,
      expiries: ['2024-11-29', '2024-12-06'],
      contracts: [contract('2024-11-29', 105, 'C'), contract('2024-11-29', 100, 'P'), contract('2024-11-29', 100, 'C'), contract('2024-12-06', 100, 'C')],
    };
    const rows = strikeRows(chain, '2024-11-29');
    expect(rows.map((r) => [r.strike, r.call !== null, r.put !== null])).toEqual([
      [100, true, true],
      [105, true, false],
    ]);
    expect(nearestStrikeIndex(rows, 101)).toBe(0);
    expect(nearestStrikeIndex(rows, 104)).toBe(1);
    expect(nearestStrikeIndex(rows, null)).toBe(-1);
  });
});
