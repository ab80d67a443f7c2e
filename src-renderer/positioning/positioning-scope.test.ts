import { describe, expect, it } from 'vitest';
import { lastDays, scopeOf, shiftDate } from './positioning-scope.ts';

describe('positioning scope', () => {
  it('a range runs from midnight New York time on its first day to midnight after its last', () => {
    // 2026-12-01 is in EST (UTC-5).
    expect(scopeOf({ kind: 'range', from: '2026-12-01', to: '2026-12-03' })).toEqual({ kind: 'range', from: Date.UTC(2026, 11, 1, 5), to: Date.UTC(2026, 11, 4, 5) });
    // Across the March switch to EDT the day is 23 hours long, and the end is 04:00 UTC.
    expect(scopeOf({ kind: 'range', from: '2026-03-08', to: '2026-03-08' })).toEqual({ kind: 'range', from: Date.UTC(2026, 2, 8, 5), to: Date.UTC(2026, 2, 9, 4) });
  });

  it('refuses a range that ends before it starts, or a date that is not one', () => {
    expect(() => scopeOf({ kind: 'range', from: '2026-12-03', to: '2026-12-01' })).toThrow(/ends \(2026-12-01\) before it starts \(2026-12-03\)/);
    expect(() => scopeOf({ kind: 'range', from: '2026-02-30', to: '2026-03-01' })).toThrow(RangeError);
  });

  it('the session needs no dates', () => {
    expect(scopeOf({ kind: 'session' })).toEqual({ kind: 'session' });
  });

  it('the last N days end on the New York day of now', () => {
    // 03:00 UTC on Dec 4 is still Dec 3 in New York.
    expect(lastDays(Date.UTC(2026, 11, 4, 3), 5)).toEqual({ kind: 'range', from: '2026-11-29', to: '2026-12-03' });
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDate('2024-03-01', -1)).toBe('2024-02-29');
  });
});
