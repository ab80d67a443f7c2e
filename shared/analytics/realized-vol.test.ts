import { describe, expect, it } from 'vitest';
import { realizedVol, REALIZED_VOL_DAYS, type DailyClose } from './realized-vol.ts';

const days = (closes: number[]): DailyClose[] => closes.map((close, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, close }));

describe('realized volatility', () => {
  it('is the annualised sample deviation of the last 20 log returns, in percent', () => {
    // Alternating +1% and -1% moves: log returns ±r, mean ~0.
    const closes = [100];
    for (let i = 0; i < 25; i++) closes.push((closes[i] as number) * (i % 2 === 0 ? 1.01 : 1 / 1.01));
    const r = Math.log(1.01);
    const last = closes.slice(-21);
    const returns = last.slice(1).map((c, i) => Math.log(c / (last[i] as number)));
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const expected = Math.sqrt(returns.reduce((a, x) => a + (x - mean) ** 2, 0) / 19 * 252) * 100;
    const rv = realizedVol(days(closes), '2026-12-01');
    expect(rv?.returns).toBe(REALIZED_VOL_DAYS);
    expect(rv?.vol).toBeCloseTo(expected, 1);
    expect(rv?.vol).toBeCloseTo(r * Math.sqrt(252) * 100 * Math.sqrt(20 / 19), 0);
    expect(rv?.asOf).toBe('2026-11-26');
  });

  it('is zero for a steady trend and none with too few closes', () => {
    const steady = Array.from({ length: 21 }, (_, i) => 100 * 1.001 ** i);
    expect(realizedVol(days(steady), '2026-12-01')?.vol).toBe(0);
    expect(realizedVol(days(steady.slice(1)), '2026-12-01')).toBeNull();
  });

  it("leaves out today's candle and any bad close", () => {
    const closes = days(Array.from({ length: 21 }, (_, i) => 100 + (i % 2)));
    const withToday = [...closes, { day: '2026-11-22', close: 500 }];
    expect(realizedVol(withToday, '2026-11-22')).toEqual(realizedVol(closes, '2026-11-22'));
    expect(realizedVol([...closes.slice(1), { day: '2026-10-31', close: 0 }], '2026-12-01')).toBeNull();
  });
});
