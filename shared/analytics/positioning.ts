// Positioning of one underlying (shared/analytics/FLOW-RULES.md §12): where the session's (or a
// date range's) flows put their premium and contracts, by strike, by expiry and by both, and the
// net premium by strike. Premium is summed in whole cents so totals read the same in any order.
import type { Direction, Sentiment } from '../domain/flow.ts';
import type { Right } from '../domain/market.ts';
import { findStrikeClusters, type StrikeCluster } from './strike-clusters.ts';
import { gammaExposure, type ChainGreeks, type GammaExposure } from './gamma-exposure.ts';

/** The fields of a flow that positioning reads. */
export interface PositioningFlow {
  strike: number;
  expiry: string;
  right: Right;
  /** Dollars. */
  premium: number;
  /** Contracts. */
  size: number;
  direction: Direction;
  sentiment: Sentiment;
  /** A busted trade undid it (FLOW-RULES.md §1): it positions nothing. */
  cancelled?: boolean | undefined;
}

export interface StrikeRow {
  strike: number;
  callPremium: number;
  putPremium: number;
  /** Contracts. */
  callVolume: number;
  putVolume: number;
  bullishPremium: number;
  bearishPremium: number;
  /** Bullish premium minus bearish premium (neutral flows count in neither). */
  netPremium: number;
  flows: number;
}

export interface ExpiryRow {
  expiry: string;
  callPremium: number;
  putPremium: number;
  callVolume: number;
  putVolume: number;
  flows: number;
}

/** One cell of the chain's volume profile: a strike in one expiry. */
export interface ProfileCell {
  strike: number;
  expiry: string;
  premium: number;
  volume: number;
  flows: number;
}

export interface PositioningTotals {
  flows: number;
  /** Cancelled flows left out. */
  cancelled: number;
  premium: number;
  volume: number;
  callPremium: number;
  putPremium: number;
  netPremium: number;
}

export interface Positioning {
  underlying: string;
  totals: PositioningTotals;
  /** Ascending strike. */
  strikes: StrikeRow[];
  /** Ascending expiry. */
  expiries: ExpiryRow[];
  /** Ascending strike, then expiry. */
  cells: ProfileCell[];
  clusters: StrikeCluster[];
  gex: GammaExposure;
}

interface Acc {
  callCents: number;
  putCents: number;
  callVolume: number;
  putVolume: number;
  bullCents: number;
  bearCents: number;
  flows: number;
}

const newAcc = (): Acc => ({ callCents: 0, putCents: 0, callVolume: 0, putVolume: 0, bullCents: 0, bearCents: 0, flows: 0 });

function addTo(acc: Acc, flow: PositioningFlow, cents: number): void {
  if (flow.right === 'C') {
    acc.callCents += cents;
    acc.callVolume += flow.size;
  } else {
    acc.putCents += cents;
    acc.putVolume += flow.size;
  }
  if (flow.sentiment === 'BULLISH') acc.bullCents += cents;
  else if (flow.sentiment === 'BEARISH') acc.bearCents += cents;
  acc.flows++;
}

/** Adds flows one at a time (a store read streams them), then answers the whole view. */
export class PositioningAggregator {
  private readonly byStrike = new Map<number, Acc>();
  private readonly byExpiry = new Map<string, Acc>();
  private readonly byCell = new Map<string, { strike: number; expiry: string; cents: number; volume: number; flows: number }>();
  private readonly all = newAcc();
  private cancelled = 0;

  add(flow: PositioningFlow): void {
    if (flow.cancelled === true) {
      this.cancelled++;
      return;
    }
    if (!Number.isFinite(flow.strike) || !Number.isFinite(flow.premium) || !Number.isFinite(flow.size)) return;
    const cents = Math.round(flow.premium * 100);
    let strike = this.byStrike.get(flow.strike);
    if (!strike) this.byStrike.set(flow.strike, (strike = newAcc()));
    addTo(strike, flow, cents);
    let expiry = this.byExpiry.get(flow.expiry);
    if (!expiry) this.byExpiry.set(flow.expiry, (expiry = newAcc()));
    addTo(expiry, flow, cents);
    const key = `${flow.strike}|${flow.expiry}`;
    let cell = this.byCell.get(key);
    if (!cell) this.byCell.set(key, (cell = { strike: flow.strike, expiry: flow.expiry, cents: 0, volume: 0, flows: 0 }));
    cell.cents += cents;
    cell.volume += flow.size;
    cell.flows++;
    addTo(this.all, flow, cents);
  }

  /** The view, with gamma exposure from the chain's quotes at `spot` (FLOW-RULES.md §12). */
  result(underlying: string, chain: readonly ChainGreeks[], spot: number | null): Positioning {
    const strikes: StrikeRow[] = [...this.byStrike.entries()]
      .sort(([a], [b]) => a - b)
      .map(([strike, acc]) => ({
        strike,
        callPremium: acc.callCents / 100,
        putPremium: acc.putCents / 100,
        callVolume: acc.callVolume,
        putVolume: acc.putVolume,
        bullishPremium: acc.bullCents / 100,
        bearishPremium: acc.bearCents / 100,
        netPremium: (acc.bullCents - acc.bearCents) / 100,
        flows: acc.flows,
      }));
    const expiries: ExpiryRow[] = [...this.byExpiry.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([expiry, acc]) => ({ expiry, callPremium: acc.callCents / 100, putPremium: acc.putCents / 100, callVolume: acc.callVolume, putVolume: acc.putVolume, flows: acc.flows }));
    const cells: ProfileCell[] = [...this.byCell.values()]
      .sort((a, b) => a.strike - b.strike || (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : 0))
      .map((c) => ({ strike: c.strike, expiry: c.expiry, premium: c.cents / 100, volume: c.volume, flows: c.flows }));
    const a = this.all;
    const totals: PositioningTotals = {
      flows: a.flows,
      cancelled: this.cancelled,
      premium: (a.callCents + a.putCents) / 100,
      volume: a.callVolume + a.putVolume,
      callPremium: a.callCents / 100,
      putPremium: a.putCents / 100,
      netPremium: (a.bullCents - a.bearCents) / 100,
    };
    return {
      underlying,
      totals,
      strikes,
      expiries,
      cells,
      clusters: findStrikeClusters(strikes.map((s) => ({ strike: s.strike, premium: s.callPremium + s.putPremium, flows: s.flows })), spot),
      gex: gammaExposure(chain, spot),
    };
  }
}

/** The whole view of `flows` at once (tests, and any caller holding the flows already). */
export function positioningOf(underlying: string, flows: Iterable<PositioningFlow>, chain: readonly ChainGreeks[], spot: number | null): Positioning {
  const agg = new PositioningAggregator();
  for (const flow of flows) agg.add(flow);
  return agg.result(underlying, chain, spot);
}
