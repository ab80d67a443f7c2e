// GET /marketdata/v1/pricehistory over real HTTP, through the app's own REST client, on the
// seeded simulated market: daily candles before today, the same for the same day, at the
// underlying's volatility, and inside the REST budget like every market-data route.
import { afterEach, describe, expect, it } from 'vitest';
import { realizedVol } from '../../../shared/analytics/realized-vol.ts';
import { etDateString } from '../../../shared/time/eastern.ts';
import { startDemoHarness, type DemoHarness } from '../../market/demo-harness.testkit.ts';
import { SchwabRestError } from '../../schwab/rest.ts';
import { profileOf } from '../market/profiles.ts';

let h: DemoHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

describe('daily price history', () => {
  it('answers the weekdays before today, oldest first, ending next to the price, the same each time', async () => {
    h = await startDemoHarness({ seed: 3, intensity: 0, bookLevels: 1 });
    const token = await h.tokens.getAccessToken();
    const candles = await h.rest.dailyPriceHistory(token, 'SPY', 2);
    expect(candles).toHaveLength(42);
    const days = candles.map((c) => etDateString(c.datetime));
    expect([...days].sort()).toEqual(days);
    expect(days.every((d) => d < etDateString(h!.clock.now()))).toBe(true);
    expect(days.every((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))).toBe(true);
    for (const c of candles) expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
    const spot = h.sim.market.equityQuote('SPY')?.last as number;
    expect(Math.abs((candles.at(-1)?.close as number) / spot - 1)).toBeLessThan(0.05);
    expect(await h.rest.dailyPriceHistory(token, 'SPY', 2)).toEqual(candles);
    // 41 returns at SPY's 14%: the realized figure lands near it.
    const rv = realizedVol(candles.map((c) => ({ day: etDateString(c.datetime), close: c.close })), etDateString(h.clock.now()), 41);
    expect(rv?.vol).toBeGreaterThan(profileOf('SPY').vol * 100 * 0.6);
    expect(rv?.vol).toBeLessThan(profileOf('SPY').vol * 100 * 1.5);
  });

  it('refuses an unknown symbol (404) and candles other than daily (400)', async () => {
    h = await startDemoHarness({ seed: 3, intensity: 0, bookLevels: 1 });
    const token = await h.tokens.getAccessToken();
    await expect(h.rest.dailyPriceHistory(token, 'NOPE')).rejects.toBeInstanceOf(SchwabRestError);
    const minute = await fetch(`${h.sim.apiBase}/marketdata/v1/pricehistory?symbol=SPY&frequencyType=minute`, { headers: { Authorization: `Bearer ${token}` } });
    expect(minute.status).toBe(400);
    expect(await minute.json()).toMatchObject({ errors: [{ status: '400', detail: 'the simulator serves daily candles only (frequencyType=daily, frequency=1)' }] });
  });

  it('counts in the REST budget like every market-data route', async () => {
    h = await startDemoHarness({ seed: 3, intensity: 0, bookLevels: 1, restPerMinute: 3 });
    const token = await h.tokens.getAccessToken();
    const ask = () => fetch(`${h!.sim.apiBase}/marketdata/v1/pricehistory?symbol=SPY&periodType=month&period=1&frequencyType=daily&frequency=1`, { headers: { Authorization: `Bearer ${token}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask()).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses[0]).toBe(200);
  });
});
