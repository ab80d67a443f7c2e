// Main's answers to the windows' requests, one handler per channel of the contract (auth and
// host-specific channels are registered by their owners). Payloads arrive already validated.
import { join } from 'node:path';
import type { FlowRow, StatsSnapshot } from '../../shared/ipc/flows.ts';
import { api } from '../../shared/ipc/index.ts';
import type { ExportProgress } from '../../shared/ipc/sessions.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { IpcFailure } from '../ipc/router.ts';
import { recentAlerts } from '../store/alerts.ts';
import { saveSettings, saveWatchlist } from '../store/app-state.ts';
import { listSessions } from '../store/sessions.ts';
import { newestFlows } from '../store/flows.ts';
import type { AppCore } from './app-core.ts';
import { exportSession } from './exports.ts';

export function registerCoreHandlers(core: AppCore): void {
  const { router, hub } = core;
  const now = () => core.options.clock.now();
  let lastStats: StatsSnapshot | null = null;
  core.onIngest((batch) => {
    if (batch.stats) lastStats = batch.stats;
  });

  // --- market data ---------------------------------------------------------------------
  router.handle(api.marketData.status, () => core.status);
  router.handle(api.marketData.getWatchlist, () => core.watchlist);
  router.handle(api.marketData.setWatchlist, async (watchlist) => {
    core.watchlist = watchlist;
    saveWatchlist(core.db, watchlist, now());
    hub.latest('market:watchlist', watchlist, ['feed']);
    await core.applyWatchlist();
    return watchlist;
  });
  router.handle(api.marketData.chain, (q) => core.ingest.call('chain', q));
  router.handle(api.marketData.usage, () => core.usage);
  router.handle(api.marketData.bars, ({ symbol }) => core.ingest.call('recentBars', symbol));

  // --- flows ---------------------------------------------------------------------------
  router.handle(api.flows.subscribe, async ({ backlog }, { windowId, kind, symbol }) => {
    hub.subscribeFlows(windowId, true);
    let rows: FlowRow[] = [];
    const replay = backlog > 0 && core.replayOpen ? await core.ingest.call('replayBacklog', backlog) : null;
    if (backlog > 0 && kind === 'book' && symbol) rows = await core.ingest.call('recentFlows', { symbol, limit: Math.min(backlog, 200) });
    else if (replay) rows = replay.flows;
    else if (backlog > 0 && core.sessionId !== null) rows = newestFlows(core.db, core.sessionId, backlog);
    if (rows.length > 0) hub.direct(windowId, [['flows:reset', { format: 'rows', rows }]]);
    return { backlog: rows.length };
  });
  router.handle(api.flows.unsubscribe, (_p, { windowId }) => {
    hub.subscribeFlows(windowId, false);
    return { subscribed: false as const };
  });
  router.handle(api.flows.evidence, async ({ id }) => {
    const evidence = await core.ingest.call('evidence', id);
    if (!evidence) throw new IpcFailure('NOT_FOUND', `no evidence kept for flow ${id}`);
    return evidence;
  });
  router.handle(api.flows.recent, ({ symbol, limit }) => core.ingest.call('recentFlows', { symbol: contract(symbol), limit }));
  router.handle(api.flows.stats, () => {
    if (!lastStats) throw new IpcFailure('UNAVAILABLE', 'no statistics yet');
    return lastStats;
  });

  // --- books ---------------------------------------------------------------------------
  router.handle(api.books.subscribe, async ({ symbol }, { windowId }) => {
    const key = contract(symbol);
    hub.subscribeBook(windowId, key, true);
    await core.applyWatchlist();
    return { symbol: key };
  });
  router.handle(api.books.unsubscribe, async ({ symbol }, { windowId }) => {
    const key = contract(symbol);
    hub.subscribeBook(windowId, key, false);
    await core.applyWatchlist();
    return { symbol: key };
  });

  // --- sessions, replay, export ----------------------------------------------------------
  router.handle(api.sessions.list, ({ limit }) => listSessions(core.db, limit));
  router.handle(api.sessions.openReplay, ({ sessionId, settings }) =>
    core.ingest.call('openReplay', { sessionId: sessionNumber(sessionId), ...(settings ? { settings: definedOnly(settings) } : {}) }),
  );
  router.handle(api.sessions.controlReplay, (action) => core.ingest.call('controlReplay', action));
  router.handle(api.sessions.closeReplay, () => core.ingest.call('closeReplay'));
  router.handle(api.sessions.startExport, ({ sessionId, format }) => {
    const id = sessionNumber(sessionId);
    // One clock reading: the first answer and the progress events must carry the same exportId.
    const at = now();
    const first: ExportProgress = { exportId: `${id}-${at}`, sessionId: String(id), format, rows: 0, totalRows: 0, done: false, location: null, error: null };
    void exportSession({
      dbPath: core.dbPath,
      sessionId: id,
      format,
      dir: join(core.options.dataDir, 'exports'),
      now: at,
      locate: core.options.host === 'web' ? (fileName) => `/exports/${encodeURIComponent(fileName)}` : (_f, fullPath) => fullPath,
      onProgress: (progress) => hub.latest('export:progress', progress, ['feed']),
    });
    return first;
  });

  // --- settings and alerts ---------------------------------------------------------------
  router.handle(api.settings.get, () => core.settings);
  router.handle(api.settings.update, async (patch) => {
    const next = { ...core.settings, ...definedOnly(patch) };
    // The data folder takes effect at the next start; remember it outside the database.
    if (next.data.folder !== core.settings.data.folder) core.options.rememberDataDir?.(next.data.folder);
    core.settings = next;
    saveSettings(core.db, next, now());
    hub.latest('settings:changed', next);
    await core.ingest.call('setRules', { settings: next.flow, alertRules: next.alerts.rules, retentionMb: next.data.retentionMb });
    return next;
  });
  router.handle(api.alerts.history, ({ limit }) => recentAlerts(core.db, limit));
  router.handle(api.alerts.mute, ({ muted }) => {
    core.settings = { ...core.settings, alerts: { ...core.settings.alerts, muted } };
    saveSettings(core.db, core.settings, now());
    hub.latest('settings:changed', core.settings);
    return { muted };
  });

  // --- windows -------------------------------------------------------------------------
  router.handle(api.windows.ready, (_p, { kind, symbol }) => ({ kind, host: core.options.host, symbol, version: core.options.version }));
  router.handle(api.windows.openBook, ({ symbol }) => ({ opened: core.options.openBook?.(contract(symbol)) ?? false }));
  router.handle(api.windows.openFeed, () => ({ opened: core.options.openFeed?.() ?? false }));
}

/** Any accepted option form to Schwab's 21-character symbol, or a clear refusal. */
function contract(symbol: string): string {
  const parsed = tryParseOptionSymbol(symbol);
  if (!parsed.ok) throw new IpcFailure('BAD_REQUEST', parsed.error.message);
  return parsed.contract.symbol;
}

function sessionNumber(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n < 1) throw new IpcFailure('BAD_REQUEST', `not a session id: ${id}`);
  return n;
}

/** Drops keys whose value is undefined (optional schema fields) before merging. */
function definedOnly<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]-?: Exclude<T[K], undefined> };
}
