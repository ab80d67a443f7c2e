// Turns the watchlist into subscriptions: picked contracts as they are, "around" entries as the
// N strikes around the money of the nearest expiries, picked again when the underlying has moved
// half a strike. Runs in the ingest worker, beside the spot prices it needs.
import type { Watchlist, WatchlistEntry } from '../../shared/domain/watchlist.ts';
import { pickAroundTheMoney } from '../schwab/chain-picker.ts';
import type { SchwabChainResponse } from '../schwab/rest-types.ts';

export interface ResolvedSymbols {
  options: string[];
  tickers: string[];
}

/** An option chain with this many strikes around the money (Schwab's `strikeCount`) of the nearest `expiries`. */
export type ChainLookup = (underlying: string, strikeCount: number, expiries: number) => Promise<SchwabChainResponse>;

export class WatchlistResolver {
  private readonly lookup: ChainLookup;
  /** The spot each "around" entry was last picked at, to know when to pick again. */
  private readonly pickedAt = new Map<string, { spot: number; step: number; symbols: string[] }>();

  constructor(lookup: ChainLookup) {
    this.lookup = lookup;
  }

  async resolve(watchlist: Watchlist, spots: ReadonlyMap<string, number>, extra: Iterable<string> = []): Promise<ResolvedSymbols> {
    const options = new Set<string>(extra);
    const tickers = new Set<string>();
    for (const entry of watchlist.entries) {
      tickers.add(entry.underlying);
      const symbols = entry.mode === 'contracts' ? entry.contracts : await this.around(entry, spots.get(entry.underlying));
      for (const s of symbols) options.add(s);
    }
    return { options: [...options], tickers: [...tickers] };
  }

  private async around(entry: WatchlistEntry, spot: number | undefined): Promise<string[]> {
    const key = `${entry.underlying}|${entry.strikesAround}|${entry.expiries}`;
    const previous = this.pickedAt.get(key);
    // Keep the pick until the price has moved half a strike: no churn on every tick.
    if (previous && (spot === undefined || Math.abs(spot - previous.spot) < previous.step / 2)) return previous.symbols;
    try {
      const chain = await this.lookup(entry.underlying, entry.strikesAround * 2, entry.expiries);
      const centre = spot ?? chain.underlyingPrice ?? 0;
      const symbols = pickAroundTheMoney(chain, { strikes: entry.strikesAround * 2, expiries: entry.expiries, spot: centre });
      this.pickedAt.set(key, { spot: centre, step: strikeStep(chain), symbols });
      return symbols;
    } catch {
      return previous?.symbols ?? [];
    }
  }
}

/** The smallest distance between two listed strikes (1 when there is only one). */
function strikeStep(chain: SchwabChainResponse): number {
  const strikes = new Set<number>();
  for (const map of [chain.callExpDateMap, chain.putExpDateMap]) {
    for (const byStrike of Object.values(map ?? {})) for (const strike of Object.keys(byStrike)) strikes.add(Number(strike));
  }
  const sorted = [...strikes].sort((a, b) => a - b);
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) step = Math.min(step, (sorted[i] as number) - (sorted[i - 1] as number));
  return Number.isFinite(step) ? step : 1;
}

export const DEFAULT_WATCHLIST: Watchlist = {
  entries: [
    { underlying: 'SPY', mode: 'around', contracts: [], strikesAround: 5, expiries: 2 },
    { underlying: 'QQQ', mode: 'around', contracts: [], strikesAround: 4, expiries: 2 },
    { underlying: 'NVDA', mode: 'around', contracts: [], strikesAround: 3, expiries: 2 },
    { underlying: 'TSLA', mode: 'around', contracts: [], strikesAround: 3, expiries: 2 },
    { underlying: 'AAPL', mode: 'around', contracts: [], strikesAround: 3, expiries: 2 },
  ],
};
