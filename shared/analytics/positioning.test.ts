import { describe, expect, it } from 'vitest';
import { sentimentOf, type Direction } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
import { PositioningAggregator, positioningOf, type PositioningFlow } from './positioning.ts';

function flow(strike: number, right: Right, direction: Direction, premium: number, size: number, expiry = '2026-12-18', cancelled?: boolean): PositioningFlow {
  return { strike, expiry, right, premium, size, direction, sentiment: sentimentOf(right, direction), ...(cancelled === undefined ? {} : { cancelled }) };
}

describe('positioning: the volume profile', () => {
  const flows = [
    flow(600, 'C', 'BUY', 10_000, 10),
    flow(600, 'P', 'SELL', 2_500.5, 5),
    flow(600, 'C', 'SELL', 4_000, 4, '2026-12-26'),
    flow(590, 'P', 'BUY', 7_000.25, 20),
    flow(610, 'C', 'UNKNOWN', 1_000, 1, '2026-12-26'),
  ];
  const view = positioningOf('SPY', flows, [], null);

  it('sums premium and contracts by strike, calls and puts apart, strikes ascending', () => {
    expect(view.strikes.map((s) => s.strike)).toEqual([590, 600, 610]);
    const at600 = view.strikes[1];
    expect(at600).toMatchObject({ callPremium: 14_000, putPremium: 2_500.5, callVolume: 14, putVolume: 5, flows: 3 });
    expect(view.strikes[0]).toMatchObject({ callPremium: 0, putPremium: 7_000.25, putVolume: 20, flows: 1 });
  });

  it('splits each strike by expiry, and the cells add up to the strikes', () => {
    expect(view.cells.map((c) => [c.strike, c.expiry, c.premium, c.volume])).toEqual([
      [590, '2026-12-18', 7_000.25, 20],
      [600, '2026-12-18', 12_500.5, 15],
      [600, '2026-12-26', 4_000, 4],
      [610, '2026-12-26', 1_000, 1],
    ]);
    for (const s of view.strikes) {
      const cells = view.cells.filter((c) => c.strike === s.strike);
      expect(cells.reduce((sum, c) => sum + c.premium, 0)).toBeCloseTo(s.callPremium + s.putPremium, 6);
    }
  });

  it('totals are the sums of the flows, to the cent', () => {
    expect(view.totals).toMatchObject({ flows: 5, cancelled: 0, premium: 24_500.75, volume: 40, callPremium: 15_000, putPremium: 9_500.75 });
  });

  it('leaves cancelled (busted) flows out and counts them', () => {
    const busted = positioningOf('SPY', [...flows, flow(600, 'C', 'BUY', 50_000, 50, '2026-12-18', true)], [], null);
    expect(busted.totals.premium).toBe(view.totals.premium);
    expect(busted.totals.cancelled).toBe(1);
  });

  it('cent sums do not drift whatever the order', () => {
    const many = Array.from({ length: 1000 }, (_, i) => flow(500 + (i % 7), i % 2 ? 'C' : 'P', 'BUY', 0.1 + (i % 13) * 0.07, 1));
    const a = positioningOf('X', many, [], null);
    const b = positioningOf('X', [...many].reverse(), [], null);
    expect(a.totals.premium).toBe(b.totals.premium);
    expect(a.strikes).toEqual(b.strikes);
  });
});

describe('positioning: net premium by strike', () => {
  it('is bullish minus bearish: calls bought and puts sold are bullish, neutral counts in neither', () => {
    const view = positioningOf('SPY', [
      flow(600, 'C', 'BUY', 10_000, 10), // bullish
      flow(600, 'P', 'SELL', 3_000, 5), // bullish
      flow(600, 'C', 'SELL', 4_000, 4), // bearish
      flow(600, 'P', 'BUY', 1_000, 2), // bearish
      flow(600, 'C', 'UNKNOWN', 99_000, 9), // neutral
    ], [], null);
    const row = view.strikes[0];
    expect(row).toMatchObject({ bullishPremium: 13_000, bearishPremium: 5_000, netPremium: 8_000 });
    expect(view.totals.netPremium).toBe(8_000);
  });
});

describe('positioning: call and put premium by expiry', () => {
  it('sums each expiry, nearest first', () => {
    const agg = new PositioningAggregator();
    agg.add(flow(600, 'C', 'BUY', 1_000, 1, '2027-01-15'));
    agg.add(flow(605, 'P', 'BUY', 2_000, 2, '2026-12-18'));
    agg.add(flow(610, 'C', 'SELL', 3_000, 3, '2026-12-18'));
    const view = agg.result('SPY', [], null);
    expect(view.expiries).toEqual([
      { expiry: '2026-12-18', callPremium: 3_000, putPremium: 2_000, callVolume: 3, putVolume: 2, flows: 2 },
      { expiry: '2027-01-15', callPremium: 1_000, putPremium: 0, callVolume: 1, putVolume: 0, flows: 1 },
    ]);
  });

  it('an empty underlying is an empty view, not an error', () => {
    const view = positioningOf('SPY', [], [], null);
    expect(view.strikes).toEqual([]);
    expect(view.clusters).toEqual([]);
    expect(view.totals.premium).toBe(0);
    expect(view.gex.missing).toMatch(/no underlying price/);
  });
});
