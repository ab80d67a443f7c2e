// Connection status, watchlist, chains, subscription usage and minute bars.
import { z } from 'zod';
import type { Bar } from '../domain/market.ts';
import type { ConnectionState, Gap } from '../domain/session.ts';
import type { ChainSummary, ServiceUsage, Watchlist } from '../domain/watchlist.ts';
import { event, LIMITS, request } from './define.ts';
import { empty, symbolSchema, underlyingSchema } from './common.ts';

export const watchlistEntrySchema = z.strictObject({
  underlying: underlyingSchema,
  mode: z.enum(['contracts', 'around']),
  contracts: z.array(symbolSchema).max(LIMITS.list),
  strikesAround: z.number().int().min(1).max(50),
  expiries: z.number().int().min(1).max(8),
});

export const watchlistSchema = z.strictObject({
  entries: z.array(watchlistEntrySchema).max(50),
});

export const marketData = {
  status: request<ConnectionState>()('market:status', empty),
  getWatchlist: request<Watchlist>()('market:watchlist:get', empty, ['feed']),
  setWatchlist: request<Watchlist>()('market:watchlist:set', watchlistSchema, ['feed']),
  chain: request<ChainSummary>()(
    'market:chain',
    z.strictObject({
      underlying: underlyingSchema,
      strikeCount: z.number().int().min(1).max(60),
      expiries: z.number().int().min(1).max(8),
    }),
    ['feed'],
  ),
  usage: request<ServiceUsage[]>()('market:usage', empty, ['feed']),
  bars: request<Bar[]>()('market:bars', z.strictObject({ symbol: underlyingSchema }), ['feed']),
} as const;

/** Whether recording works; when it does not, the stream goes on and flows stay in memory. */
export interface StoreStatus {
  failing: boolean;
  reason: string | null;
  /** Rows waiting in memory for the database to accept them. */
  pending: number;
}

export const marketEvents = {
  store: event<StoreStatus>()('market:store'),
  status: event<ConnectionState>()('market:status'),
  gap: event<Gap>()('market:gap'),
  bars: event<{ symbol: string; bars: Bar[] }>()('market:bars'),
  usage: event<ServiceUsage[]>()('market:usage'),
  watchlist: event<Watchlist>()('market:watchlist'),
} as const;
