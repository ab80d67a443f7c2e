// Watchlist edits as pure functions over the contract's Watchlist, so the panel stays dumb and
// every edit is one setWatchlist call; and Schwab's key budget as the panel and the chain
// picker see it (the worker has the last word: it refuses a list over the budget).
import {
  budgetProblem,
  entryOptionKeys,
  KEYS_PER_SERVICE,
  watchlistOptionKeys,
  type ServiceUsage,
  type Watchlist,
  type WatchlistEntry,
} from '../../shared/domain/watchlist.ts';
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

/** Option contracts streamed now (each takes a Level 1 and a book key). */
export function optionsInUse(usage: readonly ServiceUsage[]): number {
  return Math.max(0, ...usage.filter((u) => u.service === 'LEVELONE_OPTIONS' || u.service === 'OPTIONS_BOOK').map((u) => u.keys));
}

/**
 * Why `next` would not fit Schwab's budget, or null. Counted the way the worker resolves it (an
 * "around" entry as 2N strikes × expiries × call and put), plus what streams beside the
 * watchlist now (open books). A change that streams no more than `current` always passes, so a
 * list over the budget can always be cut down.
 */
export function budgetRefusal(current: Watchlist, next: Watchlist, usage: readonly ServiceUsage[]): string | null {
  const before = watchlistOptionKeys(current);
  const after = watchlistOptionKeys(next);
  if (after <= before && next.entries.length <= current.entries.length) return null;
  const beside = Math.max(0, optionsInUse(usage) - before);
  const problem = budgetProblem(beside + after, next.entries.length, beside);
  return problem === null ? null : `Not changed: ${problem}.`;
}

/** How many contracts this entry may pick: the budget less what the rest streams now. */
export function pickRoom(entry: WatchlistEntry, usage: readonly ServiceUsage[]): number {
  return Math.max(0, KEYS_PER_SERVICE - Math.max(0, optionsInUse(usage) - entryOptionKeys(entry)));
}

/** The picker's refusal when a pick would pass the room, in words. */
export function pickRefusal(room: number): string {
  return `Schwab streams at most ${KEYS_PER_SERVICE} contracts at a time; with the rest of the watchlist and the open books, this one can pick ${room}.`;
}
