import { describe, expect, it } from 'vitest';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import { expiryCloseMs, listedExpiries } from './expiries.ts';

const weekdayOf = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

describe('listedExpiries', () => {
  it('lists ten daily expiries for SPY from today, then Fridays and monthlies', () => {
    const list = listedExpiries({ symbol: 'SPY', dailyExpiries: true }, '2026-03-17');
    expect(list.slice(0, 4)).toEqual(['2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20']);
    expect(list).not.toContain('2026-03-21');
    expect(list).toContain('2026-05-08');
    expect(list).toContain('2026-06-19');
    expect(list).toContain('2026-09-18');
    expect(list).not.toContain('2026-07-10');
    for (const d of list) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(d));
    expect([...list].sort()).toEqual(list);
  });

  it('lists Friday weeklies and third-Friday monthlies for stocks', () => {
    const list = listedExpiries({ symbol: 'AAPL', dailyExpiries: false }, '2026-03-17');
    expect(list[0]).toBe('2026-03-20');
    expect(list).toContain('2026-04-24');
    expect(list).toContain('2026-07-17');
    expect(list).not.toContain('2026-07-10');
    for (const d of list) expect(weekdayOf(d)).toBe(5);
  });

  it('includes a Friday stock expiry on the Friday itself (0DTE)', () => {
    expect(listedExpiries({ symbol: 'NVDA', dailyExpiries: false }, '2026-03-20')[0]).toBe('2026-03-20');
  });

  it('closes contracts at 16:00 ET', () => {
    expect(expiryCloseMs('2026-03-20')).toBe(etToEpoch(2026, 3, 20, 16, 0, 0, 0));
    expect(new Date(expiryCloseMs('2026-01-16')).toISOString()).toBe('2026-01-16T21:00:00.000Z');
  });
});
