import { describe, expect, it } from 'vitest';
import { sentimentOf } from '../../shared/domain/flow.ts';
import { positioningOf, type PositioningFlow } from '../../shared/analytics/positioning.ts';
import { expiryBars, gexBars, heatGrid, netBars, POSITIONING_COLORS, strikeAxis, strikeBars } from './positioning-series.ts';

const f = (strike: number, right: 'C' | 'P', premium: number, size: number, expiry = '2026-12-18', direction: 'BUY' | 'SELL' = 'BUY'): PositioningFlow => ({ strike, right, premium, size, expiry, direction, sentiment: sentimentOf(right, direction) });
const view = positioningOf(
  'SPY',
  [f(600, 'C', 10_000, 10), f(600, 'P', 4_000, 8), f(605, 'P', 2_000, 4, '2026-12-26', 'SELL'), f(595, 'C', 1_000, 1, '2026-12-26', 'SELL')],
  [{ strike: 600, expiry: '2026-12-18', right: 'C', gamma: 0.05, openInterest: 100 }, { strike: 600, expiry: '2026-12-18', right: 'P', gamma: 0.05, openInterest: 300 }],
  601.5,
);

describe('positioning chart series', () => {
  it('draws calls above zero and puts below, by premium or by contracts', () => {
    expect(strikeBars(view, 'premium')).toEqual({
      calls: [{ time: 595, value: 1_000 }, { time: 600, value: 10_000 }, { time: 605, value: 0 }],
      puts: [{ time: 595, value: -0 }, { time: 600, value: -4_000 }, { time: 605, value: -2_000 }],
    });
    expect(strikeBars(view, 'volume').puts.map((b) => b.value)).toEqual([-0, -8, -4]);
  });

  it('colours net premium by its sign', () => {
    expect(netBars(view)).toEqual([
      { time: 595, value: -1_000, color: POSITIONING_COLORS.put },
      { time: 600, value: 6_000, color: POSITIONING_COLORS.call },
      { time: 605, value: 2_000, color: POSITIONING_COLORS.call },
    ]);
  });

  it('gamma exposure: calls up, puts down, and the net line', () => {
    const g = gexBars(view);
    expect(g.calls[0]?.value).toBeGreaterThan(0);
    expect(g.puts[0]?.value).toBeLessThan(0);
    expect(g.net[0]?.value).toBeCloseTo((g.calls[0]?.value ?? 0) + (g.puts[0]?.value ?? 0), 6);
  });

  it('premium by expiry', () => {
    expect(expiryBars(view)).toEqual({ calls: [{ time: '2026-12-18', value: 10_000 }, { time: '2026-12-26', value: 1_000 }], puts: [{ time: '2026-12-18', value: -4_000 }, { time: '2026-12-26', value: -2_000 }] });
  });

  it('puts the spot on the strike axis between its strikes, once', () => {
    expect(strikeAxis([595, 600, 605], 601.5)).toEqual([595, 600, 601.5, 605]);
    expect(strikeAxis([595, 600, 605], 600)).toEqual([595, 600, 605]);
    expect(strikeAxis([595, 600], null)).toEqual([595, 600]);
    expect(strikeAxis([], 600)).toEqual([]);
  });

  it('lays the chain profile out strike by expiry, shaded against the busiest cell', () => {
    const grid = heatGrid(view, 'premium');
    expect(grid.strikes).toEqual([595, 600, 605]);
    expect(grid.expiries).toEqual(['2026-12-18', '2026-12-26']);
    expect(grid.cells[1]?.[0]).toMatchObject({ premium: 14_000, volume: 18, flows: 2, intensity: 1 });
    expect(grid.cells[0]?.[0]).toBeNull();
    expect(grid.cells[2]?.[1]?.intensity).toBeCloseTo(2_000 / 14_000, 9);
    expect(heatGrid(view, 'volume').cells[2]?.[1]?.intensity).toBeCloseTo(4 / 18, 9);
  });
});
