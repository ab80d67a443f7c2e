// What the trader follows: underlyings, each with picked contracts or the N strikes around
// the money (re-picked as the price moves).
import type { Right } from './market.ts';

export type WatchMode = 'contracts' | 'around';

export interface WatchlistEntry {
  underlying: string;
  mode: WatchMode;
  /** Schwab 21-character symbols, used when mode is 'contracts'. */
  contracts: string[];
  /** Strikes on each side of the money, used when mode is 'around'. */
  strikesAround: number;
  /** How many of the nearest expiries 'around' follows. */
  expiries: number;
}

export interface Watchlist {
  entries: WatchlistEntry[];
}

export interface ChainContract {
  symbol: string;
  expiry: string;
  strike: number;
  right: Right;
  bid: number | null;
  ask: number | null;
  volume: number | null;
  openInterest: number | null;
  delta: number | null;
  iv: number | null;
}

export interface ChainSummary {
  underlying: string;
  underlyingPrice: number | null;
  expiries: string[];
  contracts: ChainContract[];
}

export interface ServiceUsage {
  service: string;
  keys: number;
  limit: number;
}

/**
 * Keys Schwab streams per service (docs/schwab-streaming.md §6.1, §9): past it a SUBS or ADD is
 * answered code 19 and the extra keys are dropped. Every option contract takes one Level 1 key
 * and one book key, every underlying one Level 1 and one chart key.
 */
export const KEYS_PER_SERVICE = 500;

/** Option contracts an entry subscribes at most: its picks, or 2N strikes × expiries × call and put. */
export function entryOptionKeys(entry: WatchlistEntry): number {
  return entry.mode === 'contracts'
    ? entry.contracts.length
    : entry.strikesAround * 2 * entry.expiries * 2;
}

/** Option contracts a watchlist subscribes at most (picks two entries share count twice). */
export function watchlistOptionKeys(list: Watchlist): number {
  return list.entries.reduce((sum, entry) => sum + entryOptionKeys(entry), 0);
}

/**
 * Why a set of subscriptions does not fit Schwab's budget, in words a trader can act on; null
 * when it fits. `books` of the option contracts are open book windows.
 */
export function budgetProblem(
  optionContracts: number,
  underlyings: number,
  books = 0,
): string | null {
  if (optionContracts > KEYS_PER_SERVICE) {
    const opened = books > 0 ? ` (${books} of them open books)` : '';
    return `this needs ${optionContracts} option contracts${opened}; Schwab streams at most ${KEYS_PER_SERVICE} at a time (each with its quotes and its book): remove strikes, expiries or underlyings`;
  }
  if (underlyings > KEYS_PER_SERVICE) {
    return `this needs ${underlyings} underlyings; Schwab streams at most ${KEYS_PER_SERVICE} at a time: remove some`;
  }
  return null;
}
