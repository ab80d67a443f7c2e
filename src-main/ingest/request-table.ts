// Each request main may make of the ingest worker, answered by the ingest host.
import type { IngestHandlers } from '../ingest-protocol/port.ts';
import type { IngestHost } from './ingest-host.ts';

export function requestTable(host: IngestHost): IngestHandlers {
  return {
    start: (start) => host.start(start),
    stop: () => host.stop(),
    setWatchlist: (watchlist) => host.setWatchlist(watchlist),
    watchBooks: (symbols) => host.watchBooks(symbols),
    saveSettings: (settings) => host.saveSettings(settings),
    backlog: ({ limit, symbol }) => host.backlog(limit, symbol),
    evidence: (flowId) => host.evidence(flowId),
    flowPage: (query) => host.flowPage(query),
    recentBars: (symbol) => host.recentBars(symbol),
    bookTimeline: (symbol) => host.bookTimeline(symbol),
    positioning: (query) => host.positioning(query),
    chain: ({ underlying, strikeCount, expiries }) => host.chain(underlying, strikeCount, expiries),
    sessions: (limit) => host.sessions(limit),
    alertHistory: (query) => host.alertHistory(query),
    alertBacktest: (query) => host.alertBacktest(query),
    startExport: (order) => host.startExport(order),
    search: ({ window, searchId, query }) => host.search(window, searchId, query),
    searchMore: ({ window, searchId, page }) => host.searchMore(window, searchId, page),
    searchCancel: ({ window, searchId }) => host.searchCancel(window, searchId),
    openReplay: ({ sessionId, settings }) => host.openReplay(sessionId, settings),
    controlReplay: (action) => host.controlReplay(action),
    closeReplay: () => host.closeReplay(),
    ivSummaries: () => host.ivSummaries(),
  };
}
