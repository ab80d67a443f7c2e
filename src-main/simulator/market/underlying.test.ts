import { describe, expect, it } from 'vitest';
import { chartDayOf, chartMinuteIndex, etToEpoch } from '../../../shared/time/eastern.ts';
import { seededRandom } from '../../util/random.ts';
import { profileOf } from './profiles.ts';
import { STEP_MS, UnderlyingSim } from './underlying.ts';

const START = etToEpoch(2026, 3, 17, 10, 0, 30, 0);

function run(minutes: number, seed = 1): UnderlyingSim {
  const sim = new UnderlyingSim(profileOf('SPY'), START, seed);
  const random = seededRandom(seed);
  for (let t = START + STEP_MS; t <= START + minutes * 60_000; t += STEP_MS) sim.step(t, random);
  return sim;
}

describe('UnderlyingSim', () => {
  it('starts near the profile price with a sane quote and a non-zero day volume', () => {
    const q = new UnderlyingSim(profileOf('SPY'), START, 3).equityQuote();
    expect(q.last).toBeGreaterThan(600);
    expect(q.last).toBeLessThan(780);
    expect(q.bid).toBeLessThan(q.ask as number);
    expect(q.volume).toBeGreaterThan(0);
    expect(q.securityStatus).toBe('Normal');
  });

  it('is reproducible for a seed and differs between seeds', () => {
    expect(run(3, 5).equityQuote()).toEqual(run(3, 5).equityQuote());
    expect(run(3, 5).spot).not.toBe(run(3, 6).spot);
  });

  it('moves with about the profile volatility', () => {
    // 30 minutes of SPY at 14% a trading year: a standard deviation of ~0.25%.
    const moves: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const sim = run(30, seed);
      moves.push(Math.log(sim.spot / sim.referenceSpot));
    }
    const sd = Math.sqrt(moves.reduce((s, m) => s + m * m, 0) / moves.length);
    expect(sd).toBeGreaterThan(0.0012);
    expect(sd).toBeLessThan(0.005);
  });

  it('keeps volume rising, high >= last >= low and bid < ask', () => {
    const sim = new UnderlyingSim(profileOf('TSLA'), START, 9);
    const random = seededRandom(9);
    let volume = sim.equityQuote().volume as number;
    for (let i = 1; i <= 3000; i++) {
      sim.step(START + i * STEP_MS, random);
      const q = sim.equityQuote();
      expect(q.volume as number).toBeGreaterThanOrEqual(volume);
      volume = q.volume as number;
      expect(q.bid as number).toBeLessThan(q.ask as number);
      expect(q.high as number).toBeGreaterThanOrEqual(q.last as number);
      expect(q.low as number).toBeLessThanOrEqual(q.last as number);
      expect(q.lastSize as number).toBeGreaterThan(0);
    }
  });

  it('completes one bar per minute with increasing seq, ET minute index and chart day', () => {
    const sim = run(10);
    const bars = sim.barsAfter(0);
    expect(bars.length).toBe(10);
    bars.forEach((bar, i) => {
      expect(bar.seq).toBe(i + 1);
      expect(bar.time % 60_000).toBe(0);
      expect(bar.minuteIndex).toBe(chartMinuteIndex(bar.time));
      expect(bar.chartDay).toBe(chartDayOf(START));
      expect(bar.high).toBeGreaterThanOrEqual(Math.max(bar.open, bar.close));
      expect(bar.low).toBeLessThanOrEqual(Math.min(bar.open, bar.close));
      expect(bar.volume).toBeGreaterThan(0);
    });
    // 10:00 ET is minute 180 counted from 07:00.
    expect(bars[0]?.minuteIndex).toBe(180);
    expect(sim.barsAfter(7).map((b) => b.seq)).toEqual([8, 9, 10]);
    expect(sim.barsAfter(10)).toEqual([]);
  });

  it('sends no bars before 07:00 ET', () => {
    const early = etToEpoch(2026, 3, 17, 6, 58, 0, 0);
    const sim = new UnderlyingSim(profileOf('QQQ'), early, 1);
    const random = seededRandom(1);
    for (let t = early + STEP_MS; t <= early + 4 * 60_000; t += STEP_MS) sim.step(t, random);
    expect(sim.barsAfter(0).map((b) => b.minuteIndex)).toEqual([0, 1]);
  });
});
