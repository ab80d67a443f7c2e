// What the positioning charts draw, from the worker's answer: bars by strike (calls above zero,
// puts below, so a glance shows which side a strike leans), net premium and gamma exposure by
// strike coloured by sign, call and put premium by expiry, and where the spot falls between strikes.
import type { Positioning } from '../../shared/analytics/positioning.ts';

export const POSITIONING_COLORS = {
  call: '#3fb68b',
  put: '#e5646e',
  callSoft: 'rgba(63,182,139,0.75)',
  putSoft: 'rgba(229,100,110,0.75)',
  net: '#d7dde8',
  spot: '#e3a44b',
  cluster: '#7fa7e8',
} as const;

/** A bar at a strike (or expiry); `color` only where the bar's sign picks it. */
export interface Bar<X> {
  time: X;
  value: number;
  color?: string;
}

export type Measure = 'premium' | 'volume';

export interface SidedBars<X> {
  calls: Bar<X>[];
  puts: Bar<X>[];
}

/**
 * Calls up and puts down at each strike. The strike axis of the chart spaces points evenly, so
 * the spot, when it falls between strikes, gets a place of its own (a bar-less point) where the
 * spot line is drawn.
 */
export function strikeBars(view: Positioning, measure: Measure): SidedBars<number> {
  const calls = view.strikes.map((s) => ({ time: s.strike, value: measure === 'premium' ? s.callPremium : s.callVolume }));
  const puts = view.strikes.map((s) => ({ time: s.strike, value: -(measure === 'premium' ? s.putPremium : s.putVolume) }));
  return { calls, puts };
}

/** Net premium (bullish minus bearish) per strike, green above zero and red below. */
export function netBars(view: Positioning): Bar<number>[] {
  return view.strikes.map((s) => ({ time: s.strike, value: s.netPremium, color: s.netPremium >= 0 ? POSITIONING_COLORS.call : POSITIONING_COLORS.put }));
}

export interface GexSeries extends SidedBars<number> {
  net: Bar<number>[];
}

export function gexBars(view: Positioning): GexSeries {
  const rows = view.gex.rows;
  return {
    calls: rows.map((r) => ({ time: r.strike, value: r.call })),
    puts: rows.map((r) => ({ time: r.strike, value: r.put })),
    net: rows.map((r) => ({ time: r.strike, value: r.net })),
  };
}

/** Call premium up and put premium down per expiry (YYYY-MM-DD, a business day to the chart). */
export function expiryBars(view: Positioning): SidedBars<string> {
  return {
    calls: view.expiries.map((e) => ({ time: e.expiry, value: e.callPremium })),
    puts: view.expiries.map((e) => ({ time: e.expiry, value: -e.putPremium })),
  };
}

/**
 * The horizontal points of a strike chart: the strikes, and the spot where it is not one of them
 * (ascending, each once). Empty without strikes: no axis to mark the spot on.
 */
export function strikeAxis(strikes: readonly number[], spot: number | null): number[] {
  if (strikes.length === 0) return [];
  const points = new Set(strikes);
  if (spot !== null && Number.isFinite(spot)) points.add(spot);
  return [...points].sort((a, b) => a - b);
}

/** Premium and contracts of a strike in one expiry, as a share of the busiest cell (0..1). */
export interface HeatCell {
  premium: number;
  volume: number;
  flows: number;
  intensity: number;
}

export interface HeatGrid {
  strikes: number[];
  expiries: string[];
  /** cells[strike index][expiry index]; null where nothing printed. */
  cells: (HeatCell | null)[][];
}

/** The chain's volume profile as a grid, strikes down and expiries across. */
export function heatGrid(view: Positioning, measure: Measure): HeatGrid {
  const strikes = view.strikes.map((s) => s.strike);
  const expiries = view.expiries.map((e) => e.expiry);
  const strikeAt = new Map(strikes.map((s, i) => [s, i]));
  const expiryAt = new Map(expiries.map((e, i) => [e, i]));
  const cells: (HeatCell | null)[][] = strikes.map(() => expiries.map(() => null));
  const top = Math.max(0, ...view.cells.map((c) => (measure === 'premium' ? c.premium : c.volume)));
  for (const c of view.cells) {
    const row = cells[strikeAt.get(c.strike) ?? -1];
    const col = expiryAt.get(c.expiry);
    if (!row || col === undefined) continue;
    const value = measure === 'premium' ? c.premium : c.volume;
    row[col] = { premium: c.premium, volume: c.volume, flows: c.flows, intensity: top > 0 ? value / top : 0 };
  }
  return { strikes, expiries, cells };
}
