// Everything a feed window shows besides its flows, read in one round at each handshake
// (feed-model.ts). Only the settings and the connection status must answer: the rest falls back
// to empty, and its push brings it later.
import type { BridgeApi } from '../../shared/ipc/bridge.ts';

export async function readFeedSnapshot(api: BridgeApi) {
  const [settings, status, stats, watchlist, usage, history, ivSummaries] = await Promise.all([
    api.settings.get({}),
    api.marketData.status({}),
    // Main has no statistics until the market's first second; the stats push brings them.
    api.flows.stats({}).catch(() => null),
    api.marketData.getWatchlist({}).catch(() => null),
    api.marketData.usage({}).catch(() => []),
    api.alerts.history({ limit: 200 }).catch(() => []),
    api.volatility.summaries({}).catch(() => []),
  ]);
  return { settings, status, stats, watchlist, usage, history, ivSummaries };
}
