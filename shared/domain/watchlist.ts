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
