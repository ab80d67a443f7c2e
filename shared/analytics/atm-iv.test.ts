import { describe, expect, it } from 'vitest';
import { etToEpoch } from '../time/eastern.ts';
import { ATM_MAX_DISTANCE, ATM_QUOTE_MAX_AGE_MS, atmIvOfExpiry, atmIvSample, constantMaturityIv, daysToClose, isStandardMonthly, IV_TARGET_DAYS, nextMonthlies, type AtmQuote } from './atm-iv.ts';

const q = (expiry: string, strike: number, right: 'C' | 'P', iv: number, at = 0): AtmQuote => ({ expiry, strike, right, iv, at });

describe('standard monthly expiries', () => {
  it('is the third Friday of the month, whatever weekday the month starts on', () => {
    expect(['2026-12-18', '2027-01-15', '2026-11-20', '2027-05-21', '2026-05-15'].every(isStandardMonthly)).toBe(true);
    // Fridays that are not the third, and a third Thursday.
    expect(['2026-12-11', '2026-12-25', '2027-01-08', '2026-12-17'].some(isStandardMonthly)).toBe(false);
  });

  it('takes the next two strictly after today: on expiry day the month is skipped, and December rolls into January', () => {
    expect(nextMonthlies('2026-12-03')).toEqual(['2026-12-18', '2027-01-15']);
    expect(nextMonthlies('2026-12-18')).toEqual(['2027-01-15', '2027-02-19']);
    expect(nextMonthlies('2026-12-17', 3)).toEqual(['2026-12-18', '2027-01-15', '2027-02-19']);
  });

  it('counts days to the 16:00 ET close', () => {
    expect(daysToClose('2026-12-18', etToEpoch(2026, 12, 17, 16))).toBeCloseTo(1, 9);
    expect(daysToClose('2026-12-18', etToEpoch(2026, 12, 18, 4))).toBeCloseTo(0.5, 9);
  });
});

describe('the ATM IV of one expiry', () => {
  it('averages call and put at a strike and interpolates linearly in strike to the spot', () => {
    const quotes = [q('x', 600, 'C', 20), q('x', 600, 'P', 22), q('x', 605, 'C', 18), q('x', 605, 'P', 18)];
    // 601 is a fifth of the way from 600 (21) to 605 (18).
    expect(atmIvOfExpiry(quotes, 601)?.iv).toBeCloseTo(21 - 0.2 * 3, 9);
    expect(atmIvOfExpiry(quotes, 601)?.strikes).toEqual([600, 605]);
    expect(atmIvOfExpiry(quotes, 605)).toEqual({ iv: 18, strikes: [605] });
  });

  it('uses whichever side is quoted, and leaves out quotes without an IV', () => {
    expect(atmIvOfExpiry([q('x', 100, 'P', 30), q('x', 100, 'C', 0), q('x', 110, 'C', Number.NaN)], 100)).toEqual({ iv: 30, strikes: [100] });
    expect(atmIvOfExpiry([q('x', 100, 'C', 0)], 100)).toBeNull();
  });

  it('takes the nearest strike when the spot is outside the quoted ones, only within ATM_MAX_DISTANCE', () => {
    const quotes = [q('x', 100, 'C', 25), q('x', 95, 'C', 27)];
    expect(atmIvOfExpiry(quotes, 100 * (1 + ATM_MAX_DISTANCE) - 0.01)?.iv).toBe(25);
    expect(atmIvOfExpiry(quotes, 100 * (1 + ATM_MAX_DISTANCE) + 0.5)).toBeNull();
    expect(atmIvOfExpiry(quotes, 0)).toBeNull();
  });
});

describe('the 30-day constant maturity', () => {
  it('interpolates total variance between the expiries', () => {
    const front = { iv: 20, days: 15 };
    const back = { iv: 30, days: 45 };
    const iv = constantMaturityIv(front, back);
    // Total variance at 30 days sits halfway between 20²·15 and 30²·45.
    expect(iv * iv * IV_TARGET_DAYS).toBeCloseTo((400 * 15 + 900 * 45) / 2, 6);
    expect(constantMaturityIv({ iv: 25, days: 10 }, { iv: 25, days: 40 })).toBeCloseTo(25, 9);
  });

  it('never extrapolates: a front past the target stands alone, as does a back before it', () => {
    expect(constantMaturityIv({ iv: 20, days: 31 }, { iv: 30, days: 60 })).toBe(20);
    expect(constantMaturityIv({ iv: 20, days: 5 }, { iv: 30, days: 28 })).toBe(30);
  });
});

describe('a sample', () => {
  const at = etToEpoch(2026, 12, 3, 11, 0);
  const front = '2026-12-18';
  const back = '2027-01-15';

  it('reads only the two monthlies, interpolated to 30 days, with both expiries named', () => {
    const quotes = [q(front, 600, 'C', 20, at), q(front, 600, 'P', 20, at), q(back, 600, 'C', 24, at), q(back, 600, 'P', 24, at), q('2026-12-04', 600, 'C', 90, at)];
    const sample = atmIvSample('SPY', quotes, 600, at);
    const expected = constantMaturityIv({ iv: 20, days: daysToClose(front, at) }, { iv: 24, days: daysToClose(back, at) });
    expect(sample).toMatchObject({ underlying: 'SPY', time: at, day: '2026-12-03', spot: 600, frontExpiry: front, frontIv: 20, backExpiry: back, backIv: 24 });
    expect(sample?.iv).toBeCloseTo(expected, 3);
    expect(sample?.iv).toBeGreaterThan(20);
    expect(sample?.iv).toBeLessThan(24);
  });

  it('uses one monthly alone when the other has no ATM quote, and none at all without either', () => {
    expect(atmIvSample('SPY', [q(back, 600, 'C', 24, at)], 600, at)).toMatchObject({ iv: 24, frontExpiry: null, backExpiry: back });
    expect(atmIvSample('SPY', [q('2026-12-04', 600, 'C', 24, at)], 600, at)).toBeNull();
  });

  it('leaves out quotes older than ATM_QUOTE_MAX_AGE_MS', () => {
    const stale = q(front, 600, 'C', 50, at - ATM_QUOTE_MAX_AGE_MS - 1);
    expect(atmIvSample('SPY', [stale], 600, at)).toBeNull();
    expect(atmIvSample('SPY', [stale, q(front, 600, 'P', 21, at - ATM_QUOTE_MAX_AGE_MS)], 600, at)?.frontIv).toBe(21);
  });
});
