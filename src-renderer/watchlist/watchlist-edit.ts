// Watchlist edits as pure functions over the contract's Watchlist, so the panel stays dumb and
// every edit is one setWatchlist call.
import type { Watchlist, WatchlistEntry } from '../../shared/domain/watchlist.ts';
import { tryParseTicker } from '../../shared/symbols/ticker.ts';

export const DEFAULT_STRIKES_AROUND = 5;
export const DEFAULT_EXPIRIES = 2;
export const MAX_ENTRIES = 50;

/** An underlying as the contract accepts it (`spy` -> `SPY`), or null. */
export function normaliseUnderlying(text: string): string | null {
  const parsed = tryParseTicker(text);
  return parsed.ok ? parsed.ticker : null;
}

export function addUnderlying(list: Watchlist, underlying: string): Watchlist {
  if (list.entries.some((e) => e.underlying === underlying) || list.entries.length >= MAX_ENTRIES) return list;
  const entry: WatchlistEntry = { underlying, mode: 'around', contracts: [], strikesAround: DEFAULT_STRIKES_AROUND, expiries: DEFAULT_EXPIRIES };
  return { entries: [...list.entries, entry] };
}

export function removeUnderlying(list: Watchlist, underlying: string): Watchlist {
  return { entries: list.entries.filter((e) => e.underlying !== underlying) };
}

export function updateEntry(list: Watchlist, underlying: string, change: (entry: WatchlistEntry) => WatchlistEntry): Watchlist {
  return { entries: list.entries.map((e) => (e.underlying === underlying ? change(e) : e)) };
}

/** Picks or unpicks one contract; picking switches the entry to hand-picked contracts. */
export function toggleContract(entry: WatchlistEntry, symbol: string): WatchlistEntry {
  const picked = entry.contracts.includes(symbol);
  const contracts = picked ? entry.contracts.filter((c) => c !== symbol) : [...entry.contracts, symbol];
  return { ...entry, contracts, mode: contracts.length > 0 ? 'contracts' : entry.mode };
}

export function describeEntry(entry: WatchlistEntry): string {
  if (entry.mode === 'contracts') return `${entry.contracts.length} contract${entry.contracts.length === 1 ? '' : 's'}`;
  return `±${entry.strikesAround} strikes · ${entry.expiries} exp`;
}
