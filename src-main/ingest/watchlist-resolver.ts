// Turns the watchlist into subscriptions: picked contracts as they are, "around" entries as the
// N strikes around the money of the nearest expiries, re-picked when the underlying moves.
import type { ChainSummary, Watchlist, WatchlistEntry } from '../../shared/domain/watchlist.ts';

export interface ResolvedSymbols {
  options: string[];
  tickers: string[];
}

export type ChainLookup = (underlying: string, strikeCount: number, expiries: number) => Promise<ChainSummary>;

export class WatchlistResolver {
  private readonly lookup: ChainLookup;
  /** The spot each "around" entry was last picked at, to know when to pick again. */
  private readonly pickedAt = new Map<string, { spot: number; step: number; symbols: string[] }>();

  constructor(lookup: ChainLookup) {
    this.lookup = lookup;
  }

  async resolve(watchlist: Watchlist, spots: ReadonlyMap<string, number>, extra: readonly string[] = []): Promise<ResolvedSymbols> {
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
    if (previous && spot !== undefined && Math.abs(spot - previous.spot) < previous.step / 2) return previous.symbols;
    if (previous && spot === undefined) return previous.symbols;
    try {
      const chain = await this.lookup(entry.underlying, entry.strikesAround * 2, entry.expiries);
      const centre = spot ?? chain.underlyingPrice ?? 0;
      const symbols: string[] = [];
      for (const expiry of chain.expiries.slice(0, entry.expiries)) {
        const strikes = [...new Set(chain.contracts.filter((c) => c.expiry === expiry).map((c) => c.strike))].sort((a, b) => a - b);
        const chosen = new Set(
          [...strikes].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b).slice(0, entry.strikesAround * 2),
        );
        for (const c of chain.contracts) if (c.expiry === expiry && chosen.has(c.strike)) symbols.push(c.symbol);
      }
      const strikes = [...new Set(chain.contracts.map((c) => c.strike))].sort((a, b) => a - b);
      const step = strikes.length > 1 ? Math.min(...strikes.slice(1).map((s, i) => s - (strikes[i] as number))) : 1;
      this.pickedAt.set(key, { spot: centre, step, symbols });
      return symbols;
    } catch {
      return previous?.symbols ?? [];
    }
  }
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
