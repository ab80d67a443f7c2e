// Everything the ingest worker does, behind the requests main may make (ingest-protocol/): it
// owns the database, the live session that always records, the replay that may stand in for
// it on screen, the watchlist and its resolver, exports, and the one conflation stage toward
// main. Which session the windows see is decided here, in `current`, and nowhere else.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { HistoryQuery } from '../../shared/domain/history-search.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { Alert, Session, SessionId } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { budgetProblem, KEYS_PER_SERVICE, type ChainSummary, type Watchlist } from '../../shared/domain/watchlist.ts';
import type { FlowPage, FlowPageQuery, FlowRow } from '../../shared/ipc/flows.ts';
import type { PositioningAnswer } from '../../shared/ipc/positioning.ts';
import { marketEvents, type StoreHealth } from '../../shared/ipc/market-data.ts';
import { push, type Push } from '../../shared/ipc/push.ts';
import { sessionEvents, type ExportProgress, type ReplayState } from '../../shared/ipc/sessions.ts';
import { pickChainSummary } from '../schwab/chain-summary.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import { searchAlerts } from '../store/alerts.ts';
import { backtestRule } from '../replay/alert-backtest.ts';
import type { BacktestResult } from '../../shared/domain/alert-backtest.ts';
import type { AlertQuery, BacktestQuery } from '../../shared/ipc/alerts.ts';
import { loadSettings, loadWatchlist, saveSettings, saveWatchlist } from '../store/app-state.ts';
import { openDatabase, openRecordingDatabase, type Db } from '../store/database.ts';
import { readFlowPage } from '../store/flows.ts';
import { listSessions, sessionRow } from '../store/sessions.ts';
import { offsetClock, type Clock, type TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import type { ExportOrder, IngestStart, IngestStarted, IngestSummary, ReplayAction } from '../ingest-protocol/requests.ts';
import { ConflationStage } from './conflation.ts';
import { exportIdOf, exportSession } from './exports.ts';
import { HistorySearches } from './history-searches.ts';
import { LiveSession } from './live-session.ts';
import { PositioningReader, type PositioningQuery } from './positioning-source.ts';
import type { MarketSession } from './market-session.ts';
import { REPLAY_BACKLOG, ReplaySession } from './replay-session.ts';
import { DEFAULT_WATCHLIST, WatchlistResolver } from './watchlist-resolver.ts';
import { AtmIvContracts } from './atm-iv-contracts.ts';
import type { IvSummary } from '../../shared/domain/volatility.ts';
import { volatilityEvents } from '../../shared/ipc/volatility.ts';

export interface IngestHostOptions {
  clock: Clock;
  logger?: Logger;
  /** Live sessions get access tokens from main, which owns the keychain. */
  tokens?: AccessTokenSource;
  /** Where the coalesced pushes go (main). */
  out: (pushes: Push[]) => void;
}

const HEALTH_EVERY_MS = 1000;

interface Running {
  start: IngestStart;
  db: Db;
  openError: string | null;
  settings: AppSettings;
  watchlist: Watchlist;
  live: LiveSession;
}

export class IngestHost {
  private readonly options: IngestHostOptions;
  private readonly log: Logger;
  private run: Running | null = null;
  private replay: ReplaySession | null = null;
  private stage: ConflationStage | null = null;
  private watched: ReadonlySet<string> = new Set();
  private resolver: WatchlistResolver | null = null;
  private ivContracts: AtmIvContracts | null = null;
  private repickTimer: TimerHandle | null = null;
  private healthTimer: TimerHandle | null = null;
  private lastHealth = '';
  private positioningReader: PositioningReader | null = null;
  /** The last over-budget notice, so a re-pick over the same budget does not say it again. */
  private lastBudgetNotice: string | null = null;
  private readonly searches: HistorySearches;

  constructor(options: IngestHostOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('ingest');
    this.searches = new HistorySearches({ clock: options.clock, send: (item) => this.stage?.add(item) });
  }

  /** The session the windows see: the open replay, else the live session. */
  private get current(): MarketSession {
    return this.replay ?? this.running.live;
  }

  async start(start: IngestStart): Promise<IngestStarted> {
    if (this.run) throw new Error('the ingest worker is already running');
    const { clock } = this.options;
    const stage = new ConflationStage({ clock, flushMs: start.flushMs ?? 16, out: this.options.out });
    this.stage = stage;
    let db: Db;
    let openError: string | null = null;
    try {
      db = openRecordingDatabase(start.dbPath);
    } catch (error) {
      // A corrupt, locked or unreadable file must not stop the market: record in memory, say so.
      openError = (error as Error).message;
      this.log.error('cannot open the database; recording in memory only', { reason: openError });
      db = openDatabase(':memory:');
    }
    const settings = loadSettings(db);
    const { watchlist, dropped } = loadWatchlist(db, DEFAULT_WATCHLIST);
    if (dropped.length > 0) {
      // Dropped for good: the cleaned list is saved, and the trader is told what went.
      this.log.warn('dropped saved watchlist entries the contract no longer accepts', { dropped });
      saveWatchlist(db, watchlist, clock.now());
      stage.add(push(marketEvents.notice, { at: clock.now(), level: 'warning', text: `Dropped from the saved watchlist: ${dropped.join('; ')}` }));
    }
    const daysAgo = start.source.kind === 'demo' ? (start.source.daysAgo ?? 0) : 0;
    const live = await LiveSession.open({
      db,
      openError,
      source: start.source,
      settings,
      // Tests only: a demo session in the past records "yesterday" for the next day's check.
      clock: daysAgo > 0 ? offsetClock(clock, -daysAgo * 86_400_000) : clock,
      logger: this.log,
      ...(this.options.tokens ? { tokens: this.options.tokens } : {}),
      watched: () => this.watched,
      stage,
      ...(start.danglingReason ? { danglingReason: start.danglingReason } : {}),
    });
    this.run = { start, db, openError, settings, watchlist, live };
    this.resolver = new WatchlistResolver((underlying, strikeCount, expiries) => live.chain(underlying, strikeCount, expiries));
    this.ivContracts = new AtmIvContracts((underlying, strikeCount, from, to) => live.datedChain(underlying, strikeCount, from, to), () => clock.now());
    live.view.show(true);
    live.view.status(live.status());
    this.checkHealth();
    await this.apply(watchlist, 'trim').catch((error: unknown) => this.log.warn('the saved watchlist could not be applied', { reason: (error as Error).message }));
    // Once the watchlist streams, the rest of the last trading day's contracts are asked by REST.
    void live.checkNextDayByRest().catch((error: unknown) => this.log.warn('the next day\'s check by REST failed', { reason: (error as Error).message }));
    this.scheduleRepick();
    return { sessionId: openError ? null : live.id, settings, watchlist, simulatorUrl: live.simulatorUrl };
  }

  async stop(): Promise<IngestSummary> {
    const run = this.run;
    const { clock } = this.options;
    clock.clearTimeout(this.repickTimer);
    clock.clearTimeout(this.healthTimer);
    this.closeReplay();
    this.searches.closeAll();
    if (!run) return { sessionId: null, frames: 0, flows: 0, alerts: 0, reconnects: 0, errors: 0 };
    const summary = await run.live.stop();
    // The windows see the last of the session before it ends.
    this.stage?.flush();
    this.positioningReader?.close();
    this.positioningReader = null;
    run.db.close();
    this.run = null;
    return summary;
  }

  async setWatchlist(watchlist: Watchlist): Promise<Watchlist> {
    const run = this.running;
    // Applied before it is saved: a list over Schwab's key budget, or one the streamer refuses,
    // never becomes the saved one.
    await this.apply(watchlist, 'refuse');
    run.watchlist = watchlist;
    // Editing the watchlist is the user's say-so to stream again after another app took the login.
    if (run.live.resume()) this.log.info('streaming again after a takeover, on the user\'s edit');
    saveWatchlist(run.db, watchlist, this.options.clock.now());
    this.stage?.add(push(marketEvents.watchlist, watchlist, { kinds: ['feed'] }));
    return watchlist;
  }

  async watchBooks(symbols: string[]): Promise<{ watching: number }> {
    this.watched = new Set(symbols);
    await this.apply(this.running.watchlist, 'trim');
    return { watching: this.watched.size };
  }

  saveSettings(settings: AppSettings): { saved: true } {
    const run = this.running;
    run.settings = settings;
    saveSettings(run.db, settings, this.options.clock.now());
    run.live.setAlertRules(settings.alerts.rules);
    run.live.setRetention(settings.data.retentionMb);
    run.live.setVolatility(settings.volatility);
    this.stage?.add(push(volatilityEvents.summaries, run.live.iv.summaries(), { kinds: ['feed'] }));
    // Flow thresholds and the statistics window apply to the next session and to replays: a
    // running session keeps the settings it recorded with, so its stored flows and a replay agree.
    return { saved: true };
  }

  backlog(limit: number, symbol: string | null): FlowRow[] {
    return this.current.backlog(limit, symbol);
  }

  evidence(flowId: string): FlowEvidence | null {
    return this.current.evidence(flowId);
  }

  /** IV rank and percentile of every underlying in the IV history (the live market's or the demo's). */
  ivSummaries(): IvSummary[] {
    return this.running.live.iv.summaries();
  }

  /** A page of a session's stored flows for a feed window scrolled past what it holds. */
  flowPage(query: FlowPageQuery): FlowPage {
    const run = this.running;
    if (run.openError) throw new Error(`the store is not recording: ${run.openError}`);
    return readFlowPage(run.db, query);
  }

  recentBars(symbol: string): Bar[] {
    return this.current.view.recentBars(symbol);
  }

  /** The contract's book history in the session on screen (live, demo or replay alike). */
  bookTimeline(symbol: string): BookTimeline {
    return this.current.view.timeline(symbol);
  }

  /** Positioning of one underlying in the session on screen or a date range (FLOW-RULES.md §12). */
  async positioning(query: PositioningQuery): Promise<PositioningAnswer> {
    const run = this.running;
    if (run.openError) throw new Error(`there is no database to read flows from: ${run.openError}`);
    this.positioningReader ??= new PositioningReader(run.start.dbPath);
    return this.positioningReader.read(this.current.positioningSource(), query, this.options.clock.now());
  }

  async chain(underlying: string, strikeCount: number, expiries: number): Promise<ChainSummary> {
    return pickChainSummary(await this.running.live.chain(underlying, strikeCount, expiries), expiries);
  }

  sessions(limit: number): Session[] {
    return listSessions(this.running.db, limit);
  }

  alertHistory(query: AlertQuery): Alert[] {
    return searchAlerts(this.running.db, query);
  }

  /** On a connection of its own, read-only: the live session keeps writing on the main one. */
  async alertBacktest(query: BacktestQuery): Promise<BacktestResult> {
    const run = this.running;
    if (run.openError) throw new Error(`there is no database to read sessions from: ${run.openError}`);
    const db = openDatabase(run.start.dbPath, { readonly: true });
    try {
      const scope = query.sessionId !== undefined ? { sessionId: query.sessionId } : { from: query.from ?? '', to: query.to ?? '' };
      const tickers = new Set(run.watchlist.entries.map((e) => e.underlying));
      return await backtestRule(db, query.rule, scope, { limit: query.limit, watchlist: () => tickers, clock: this.options.clock });
    } finally {
      db.close();
    }
  }

  startExport(order: ExportOrder): ExportProgress {
    const run = this.running;
    const sessionId = sessionRow(order.sessionId);
    const startedAt = this.options.clock.now();
    const first: ExportProgress = { exportId: exportIdOf(sessionId, startedAt), sessionId: order.sessionId, format: order.format, rows: 0, totalRows: 0, done: false, delivered: null, error: null };
    if (run.openError) return { ...first, done: true, error: `the database could not be opened: ${run.openError}` };
    void exportSession({
      dbPath: run.start.dbPath,
      sessionId,
      format: order.format,
      dir: order.dir,
      now: startedAt,
      delivery: order.delivery,
      onProgress: (progress) => this.stage?.add(push(sessionEvents.exportProgress, progress, { kinds: ['feed'] })),
    });
    return first;
  }

  /** A history search over every session in the database, its pages pushed to `window`. */
  search(window: string, searchId: string, query: HistoryQuery): { searchId: string } {
    const run = this.running;
    if (run.openError) throw new Error(`there is no database to search: ${run.openError}`);
    return this.searches.start(run.start.dbPath, window, searchId, query);
  }

  searchMore(window: string, searchId: string, page: number): { searchId: string; running: boolean } {
    return this.searches.more(window, searchId, page);
  }

  searchCancel(window: string, searchId: string): { cancelled: boolean } {
    return this.searches.cancel(window, searchId);
  }

  openReplay(sessionId: SessionId, settings?: Partial<FlowSettings>): ReplayState {
    const run = this.running;
    if (run.openError) throw new Error(`there is no database to replay from: ${run.openError}`);
    this.closeReplay();
    const replay = new ReplaySession({
      dbPath: run.start.dbPath,
      sessionId,
      ...(settings ? { settings } : {}),
      clock: this.options.clock,
      alertRules: () => run.settings.alerts.rules,
      watched: () => this.watched,
      stage: this.stage as ConflationStage,
    });
    this.onScreen(replay);
    this.replay = replay;
    this.log.info('replay opened', { sessionId });
    return replay.show();
  }

  controlReplay(action: ReplayAction): ReplayState {
    if (!this.replay) throw new Error('no replay is open');
    return this.replay.control(action);
  }

  closeReplay(): { closed: boolean } {
    const replay = this.replay;
    if (!replay) return { closed: false };
    replay.close();
    this.replay = null;
    const run = this.run;
    if (run) {
      // Back to the live market: the windows still hold the replay's status and flows.
      const view = this.onScreen(run.live);
      view.send(push(sessionEvents.replay, null, { kinds: ['feed'] }));
      view.status(run.live.status());
      view.resetFlows(run.live.backlog(REPLAY_BACKLOG, null));
      view.resetTimelines();
      view.sendStats(this.options.clock.now());
    }
    return { closed: true };
  }

  /** Puts `session` on screen and takes every other one off; what the other left pending is dropped. */
  private onScreen(session: MarketSession): MarketSession['view'] {
    for (const other of [this.run?.live, this.replay]) if (other && other !== session) other.view.show(false);
    this.stage?.discard();
    session.view.show(true);
    return session.view;
  }

  private get running(): Running {
    if (!this.run) throw new Error('the ingest worker is not running');
    return this.run;
  }

  /**
   * Subscribes the watchlist plus every watched book, within Schwab's key budget
   * (KEYS_PER_SERVICE per service). Over it, a new watchlist is refused with the reason, before
   * anything changes ('refuse'); a saved one or the books the windows open are cut to the budget,
   * open books first, and the windows are told what was left out ('trim').
   */
  private async apply(watchlist: Watchlist, overBudget: 'refuse' | 'trim' = 'trim'): Promise<void> {
    const run = this.running;
    const resolver = this.resolver as WatchlistResolver;
    let { options, tickers } = await resolver.resolve(watchlist, run.live.spotPrices, this.watched);
    const problem = budgetProblem(options.length, tickers.length, this.watched.size);
    if (problem !== null) {
      if (overBudget === 'refuse') throw new Error(`Over Schwab's key budget: ${problem}.`);
      const text = `Streaming the first ${KEYS_PER_SERVICE} only: ${problem}.`;
      if (text !== this.lastBudgetNotice) {
        this.log.warn('subscriptions over the key budget; the rest is left out', { options: options.length, tickers: tickers.length });
        this.stage?.add(push(marketEvents.notice, { at: this.options.clock.now(), level: 'warning', text }));
      }
      this.lastBudgetNotice = text;
      options = options.slice(0, KEYS_PER_SERVICE);
      tickers = tickers.slice(0, KEYS_PER_SERVICE);
    } else {
      this.lastBudgetNotice = null;
    }
    // The IV history's monthly contracts (FLOW-RULES.md §11) take what budget is left: they never
    // refuse or cut what the trader asked for.
    const ivOptions = await (this.ivContracts as AtmIvContracts).resolve(tickers, run.live.spotPrices);
    options = [...new Set([...options, ...ivOptions])].slice(0, KEYS_PER_SERVICE);
    const usage = run.live.setSymbols(options, tickers);
    this.stage?.add(push(marketEvents.usage, usage, { kinds: ['feed'] }));
  }

  private scheduleRepick(): void {
    const every = this.run?.start.repickEveryMs ?? 30_000;
    this.repickTimer = this.options.clock.setTimeout(() => {
      const run = this.run;
      if (!run) return;
      void this.apply(run.watchlist)
        .catch((error: unknown) => this.log.warn('cannot pick the watchlist contracts again', { reason: (error as Error).message }))
        .finally(() => {
          if (this.run) this.scheduleRepick();
        });
    }, every);
  }

  /** Store health travels only when it changes; the writers are asked every second. */
  private checkHealth(): void {
    const run = this.run;
    if (!run) return;
    const health: StoreHealth = run.live.storeHealth();
    const text = JSON.stringify(health);
    if (text !== this.lastHealth) {
      this.lastHealth = text;
      this.stage?.add(push(marketEvents.store, health));
    }
    this.healthTimer = this.options.clock.setTimeout(() => this.checkHealth(), HEALTH_EVERY_MS);
  }
}
