// Main's answer to each request of the contract (auth is registered by its owner): one line
// each, from the app's intents. Payloads arrive already validated by the router, contracts and
// tickers already in their one form (shared/ipc/common.ts).
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { ConnectionState, SessionId } from '../../shared/domain/session.ts';
import type { ServiceUsage, Watchlist } from '../../shared/domain/watchlist.ts';
import type { StatsSnapshot } from '../../shared/ipc/flows.ts';
import { api } from '../../shared/ipc/index.ts';
import type { ExportFormat, ExportProgress } from '../../shared/ipc/sessions.ts';
import type { SettingsPatch } from '../../shared/ipc/settings.ts';
import type { OpenAnswer, WindowHello } from '../../shared/ipc/windows.ts';
import type { IngestRequestName, IngestRequests, IngestResult } from '../ingest-protocol/requests.ts';
import { IpcFailure, type CallContext, type IpcRouter } from '../ipc/router.ts';

/** What the app can be asked to do; AppCore is the one implementation. */
export interface AppIntents {
  status(): ConnectionState;
  stats(): StatsSnapshot;
  usage(): ServiceUsage[];
  watchlist(): Watchlist;
  setWatchlist(watchlist: Watchlist): Promise<Watchlist>;
  settings(): AppSettings;
  updateSettings(patch: SettingsPatch): Promise<AppSettings>;
  chooseDataFolder(): Promise<AppSettings>;
  mute(muted: boolean): Promise<{ muted: boolean }>;
  subscribeFlows(context: CallContext, backlog: number): Promise<{ backlog: number }>;
  subscribeBook(context: CallContext, symbol: string): Promise<{ symbol: string }>;
  hello(context: CallContext): WindowHello;
  openBook(symbol: string): Promise<OpenAnswer>;
  openFeed(): Promise<OpenAnswer>;
  openExternal(url: string): Promise<OpenAnswer>;
  startExport(sessionId: SessionId, format: ExportFormat): Promise<ExportProgress>;
  /** A request answered by the ingest worker as it is. */
  ask<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>>;
}

export function registerAppHandlers(router: IpcRouter, app: AppIntents): void {
  router.handle(api.marketData.status, () => app.status());
  router.handle(api.marketData.getWatchlist, () => app.watchlist());
  router.handle(api.marketData.setWatchlist, (watchlist) => app.setWatchlist(watchlist));
  router.handle(api.marketData.chain, (query) => app.ask('chain', query));
  router.handle(api.marketData.usage, () => app.usage());
  router.handle(api.marketData.bars, ({ symbol }) => app.ask('recentBars', symbol));

  router.handle(api.flows.subscribe, ({ backlog }, context) => app.subscribeFlows(context, backlog));
  router.handle(api.flows.evidence, async ({ id }) => found(await app.ask('evidence', id), `no evidence kept for flow ${id}`));
  router.handle(api.flows.recent, ({ symbol, limit }) => app.ask('backlog', { limit, symbol }));
  router.handle(api.flows.stats, () => app.stats());
  router.handle(api.flows.page, (query) => app.ask('flowPage', query));

  router.handle(api.books.subscribe, ({ symbol }, context) => app.subscribeBook(context, symbol));
  router.handle(api.books.timeline, ({ symbol }) => app.ask('bookTimeline', symbol));

  router.handle(api.positioning.get, (query) => app.ask('positioning', query));

  router.handle(api.sessions.list, ({ limit }) => app.ask('sessions', limit));
  router.handle(api.sessions.openReplay, ({ sessionId, settings }) => app.ask('openReplay', { sessionId, ...(settings ? { settings: definedOnly(settings) } : {}) }));
  router.handle(api.sessions.controlReplay, (action) => app.ask('controlReplay', action));
  router.handle(api.sessions.closeReplay, () => app.ask('closeReplay'));
  router.handle(api.sessions.startExport, ({ sessionId, format }) => app.startExport(sessionId, format));

  router.handle(api.history.search, ({ searchId, query }, context) => app.ask('search', { window: context.windowId, searchId, query: definedOnly(query) }));
  router.handle(api.history.more, ({ searchId, page }, context) => app.ask('searchMore', { window: context.windowId, searchId, page }));
  router.handle(api.history.cancel, ({ searchId }, context) => app.ask('searchCancel', { window: context.windowId, searchId }));

  router.handle(api.settings.get, () => app.settings());
  router.handle(api.settings.update, (patch) => app.updateSettings(patch));
  router.handle(api.settings.chooseDataFolder, () => app.chooseDataFolder());
  router.handle(api.alerts.history, (query) => app.ask('alertHistory', definedOnly(query)));
  router.handle(api.alerts.backtest, (query) => app.ask('alertBacktest', definedOnly(query)));
  router.handle(api.alerts.mute, ({ muted }) => app.mute(muted));

  router.handle(api.windows.ready, (_payload, context) => app.hello(context));
  router.handle(api.windows.openBook, ({ symbol }) => app.openBook(symbol));
  router.handle(api.windows.openFeed, () => app.openFeed());
  router.handle(api.windows.openExternal, ({ url }) => app.openExternal(url));
  router.handle(api.volatility.summaries, () => app.ask('ivSummaries'));
}

function found<T>(value: T | null, missing: string): T {
  if (value === null) throw new IpcFailure('NOT_FOUND', missing);
  return value;
}

/** Drops keys whose value is undefined (optional schema fields) before merging. */
export function definedOnly<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}
