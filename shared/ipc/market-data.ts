// Connection status, watchlist, chains, subscription usage and minute bars.
import { z } from 'zod';
import type { Bar } from '../domain/market.ts';
import type { ConnectionState, Gap } from '../domain/session.ts';
import type { ChainSummary, ServiceUsage, Watchlist } from '../domain/watchlist.ts';
import { defineDomain, event, LIMITS, request } from './define.ts';
import { empty, contractSchema, underlyingSchema } from './common.ts';

export const watchlistEntrySchema = z.strictObject({
  underlying: underlyingSchema,
  mode: z.enum(['contracts', 'around']),
  contracts: z.array(contractSchema).max(LIMITS.list),
  strikesAround: z.number().int().min(1).max(50),
  expiries: z.number().int().min(1).max(8),
});

export const MAX_WATCHLIST_ENTRIES = 50;

export const watchlistSchema = z.strictObject({
  entries: z.array(watchlistEntrySchema).max(MAX_WATCHLIST_ENTRIES),
});

/** Something the trader should know that no other state shows: a dropped watchlist entry, a
 * fault and its recovery. The windows show the latest one. */
export interface Notice {
  at: number;
  level: 'info' | 'warning' | 'error';
  text: string;
}

/** Whether recording works; when it does not, the stream goes on and flows stay in memory. */
export interface StoreHealth {
  failing: boolean;
  reason: string | null;
  /** Rows waiting in memory for the database to accept them. */
  pending: number;
}

const domain = defineDomain(
  'marketData',
  {
    status: request<ConnectionState>()(empty),
    getWatchlist: request<Watchlist>()(empty, ['feed']),
    setWatchlist: request<Watchlist>()(watchlistSchema, ['feed']),
    chain: request<ChainSummary>()(
      z.strictObject({
        underlying: underlyingSchema,
        strikeCount: z.number().int().min(1).max(60),
        expiries: z.number().int().min(1).max(8),
      }),
      ['feed'],
    ),
    usage: request<ServiceUsage[]>()(empty, ['feed']),
    bars: request<Bar[]>()(z.strictObject({ symbol: underlyingSchema }), ['feed']),
  },
  {
    store: event<StoreHealth>('latest'),
    status: event<ConnectionState>('latest'),
    gap: event<Gap>('every'),
    bars: event<{ symbol: string; bars: Bar[] }>('every'),
    usage: event<ServiceUsage[]>('latest'),
    watchlist: event<Watchlist>('latest'),
    notice: event<Notice>('latest'),
  },
);

export const marketData = domain.requests;
export const marketEvents = domain.events;
