// The session that is always recording: a Schwab (or simulator) connection, the parse stage in
// the streamer, the market pipeline, the store writers and the session's view. It keeps
// recording while a replay is on screen; only its pushes pause.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { AlertRule, ConnectionState, SessionId } from '../../shared/domain/session.ts';
import type { ServiceUsage } from '../../shared/domain/watchlist.ts';
import { toFlowRow, type FlowRow } from '../../shared/ipc/flows.ts';
import type { StoreHealth } from '../../shared/ipc/market-data.ts';
import { NextDayConfirmer } from '../market/next-day-confirmer.ts';
import { Recording } from '../market/recording.ts';
import { createStreamer, openDemoSource, type StreamSource } from '../market/stream-source.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import type { SchwabChainResponse } from '../schwab/rest-types.ts';
import { SchwabRest } from '../schwab/rest.ts';
import type { SchwabStreamer } from '../schwab/streamer.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import type { Db } from '../store/database.ts';
import { contractFlowsBefore, getFlow, newestFlows } from '../store/flows.ts';
import { checkedFlowsOf } from '../store/next-day.ts';
import { StoreMaintenance } from '../store/maintenance.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import type { Logger } from '../util/log.ts';
import type { ConflationStage } from './conflation.ts';
import type { MarketSession } from './market-session.ts';
import { contractBacklog } from './recent-flows.ts';
import type { PositioningSource } from './positioning-source.ts';
import type { IngestSummary, MarketSource } from '../ingest-protocol/requests.ts';
import { SessionView, STATS_EVERY_MS } from './session-view.ts';
import { IvHistory } from './iv-history.ts';
import { etDateString } from '../../shared/time/eastern.ts';

export interface LiveSessionOptions {
  db: Db;
  /** Why the database could not be opened (it then records into memory only). */
  openError: string | null;
  source: MarketSource;
  settings: AppSettings;
  clock: Clock;
  logger: Logger;
  /** Live sessions get access tokens from main, which owns the keychain. */
  tokens?: AccessTokenSource;
  watched: () => ReadonlySet<string>;
  stage: ConflationStage;
  /** Why a session left open is closed (a restarted worker says the old one died). */
  danglingReason?: string;
}

export class LiveSession implements MarketSession {
  readonly id: SessionId;
  readonly view: SessionView;
  private readonly options: LiveSessionOptions;
  private readonly source: StreamSource;
  private readonly streamer: SchwabStreamer;
  private readonly recording: Recording;
  private readonly subscriptions: SymbolSubscriptions;
  private readonly maintenance: StoreMaintenance;
  private readonly spots = new Map<string, number>();
  private readonly offs: Unsubscribe[] = [];
  private tickers: ReadonlySet<string> = new Set();
  private alertRules: AlertRule[];
  private volatility: AppSettings['volatility'];
  private lastFrameAt = Number.NEGATIVE_INFINITY;
  private statsTimer: TimerHandle | null = null;
  /** ATM IV samples of this session, stored as IV history (FLOW-RULES.md §11). */
  readonly iv: IvHistory;
  private readonly nextDay: NextDayConfirmer;
  /** The trading day whose flows this session checks against its open interest (FLOW-RULES.md §10). */
  private readonly nextDayDate: string | null;

  static async open(options: LiveSessionOptions): Promise<LiveSession> {
    return new LiveSession(options, await openSource(options));
  }

  private constructor(options: LiveSessionOptions, source: StreamSource) {
    this.options = options;
    this.source = source;
    const { clock, logger, db, settings } = options;
    this.alertRules = settings.alerts.rules;
    this.volatility = settings.volatility;
    this.streamer = createStreamer(source, clock, logger);
    this.recording = new Recording({
      db,
      streamer: this.streamer,
      source: source.kind,
      clock,
      settings: settings.flow,
      rolling: settings.rolling,
      symbols: [],
      alertRules: () => this.alertRules,
      watchlist: () => this.tickers,
      watched: options.watched,
      logger,
      ...(options.danglingReason ? { danglingReason: options.danglingReason } : {}),
    });
    this.id = String(this.recording.sessionId);
    this.view = new SessionView({ pipeline: this.recording.pipeline, rolling: settings.rolling, watched: options.watched, stage: options.stage });
    this.subscriptions = new SymbolSubscriptions(this.streamer);
    this.maintenance = new StoreMaintenance({ db, clock, logger, retentionMb: settings.data.retentionMb, keepSessionId: this.recording.sessionId });
    this.offs.push(
      this.streamer.on('frame', ({ receivedAt }) => {
        this.lastFrameAt = receivedAt;
        this.view.streamTime(receivedAt);
      }),
      this.streamer.on('status', (status) => {
        if (status.state === 'reconnecting') this.view.gap({ start: status.since, end: null, reason: status.reason });
        this.view.status(status);
      }),
      this.recording.pipeline.events.on('equityQuote', (u) => {
        const price = u.quote.last ?? u.quote.mark;
        if (price !== undefined) this.spots.set(u.symbol, price);
      }),
    );
    this.iv = new IvHistory({
      db,
      source: source.kind === 'demo' ? 'demo' : 'live',
      settings: () => this.volatility,
      clock,
      logger,
      stage: options.stage,
      pipeline: this.recording.pipeline,
      dailyCloses: async (underlying) => {
        const candles = await source.rest.dailyPriceHistory(await source.tokens.getAccessToken(), underlying);
        return candles.map((c) => ({ day: etDateString(c.datetime), close: c.close }));
      },
    });
    this.nextDay = new NextDayConfirmer({
      db,
      clock,
      logger,
      // Yesterday's flows join the feed with their check, below today's (they are older).
      onChecked: (flows) => {
        if (!this.view.shown) return;
        for (const flow of flows) options.stage.flow(toFlowRow(flow));
      },
    });
    this.nextDayDate = this.nextDay.day;
    this.offs.push(this.recording.pipeline.events.on('optionQuote', (u) => this.nextDay.observe(u.symbol, u.quote.openInterest, u.receivedAt)));
    this.recording.start();
    this.maintenance.start();
    this.scheduleQuietStats();
  }

  status(): ConnectionState {
    return this.streamer.status();
  }

  /** Subscribes exactly these contracts and tickers (only the difference travels). */
  setSymbols(options: readonly string[], tickers: readonly string[]): ServiceUsage[] {
    this.subscriptions.set(options, tickers);
    this.tickers = new Set(tickers);
    this.recording.symbolsChanged([...options, ...tickers]);
    return this.streamer.usage();
  }

  /** The demo simulator's REST address; null on the live market. */
  get simulatorUrl(): string | null {
    return this.source.simulator?.apiBase ?? null;
  }

  /** The last traded (or mark) price of each ticker this session streams. */
  get spotPrices(): ReadonlyMap<string, number> {
    return this.spots;
  }

  /** A chain limited to `strikeCount` strikes of the nearest `expiries` expiries (never the whole chain). */
  async chain(underlying: string, strikeCount: number, expiries: number): Promise<SchwabChainResponse> {
    const token = await this.source.tokens.getAccessToken();
    return this.source.rest.chains(token, underlying, { strikeCount, expiries });
  }

  /** A chain of `strikeCount` strikes around the money with expiries from `fromDate` to `toDate`. */
  async datedChain(underlying: string, strikeCount: number, fromDate: string, toDate: string): Promise<SchwabChainResponse> {
    const token = await this.source.tokens.getAccessToken();
    return this.source.rest.chains(token, underlying, { strikeCount, fromDate, toDate });
  }

  /** The IV-history settings in force (the window and minimum apply at once, sampling to the next session). */
  setVolatility(settings: AppSettings['volatility']): void {
    this.volatility = settings;
  }

  /**
   * REST quotes, at start-up, for the contracts whose flows of the last trading day wait for
   * today's open interest and that this session does not stream; resolves with the flows checked.
   */
  async checkNextDayByRest(): Promise<number> {
    const streamed = new Set(this.subscriptions.symbols().options);
    return this.nextDay.checkByRest(async (symbols) => this.source.rest.quotes(await this.source.tokens.getAccessToken(), symbols), streamed);
  }

  /** The user's say-so to stream again after another application took the login over (code 12). */
  resume(): boolean {
    return this.streamer.resume();
  }

  setAlertRules(rules: AlertRule[]): void {
    this.alertRules = rules;
  }

  setRetention(retentionMb: number | null): void {
    this.maintenance.setRetention(retentionMb);
  }

  backlog(limit: number, symbol: string | null): FlowRow[] {
    if (symbol !== null) return contractBacklog(this.view.recentFlows(symbol, limit), () => this.storedFlowsOf(symbol, limit), limit);
    // The store is written about once a second: the view holds the newest versions.
    const byId = new Map<string, FlowRow>();
    try {
      for (const row of newestFlows(this.options.db, this.recording.sessionId, limit)) byId.set(row.id, row);
    } catch (error) {
      this.options.logger.warn('cannot read stored flows; the backlog is what memory holds', { reason: (error as Error).message });
    }
    for (const row of this.view.newestFlows(limit)) byId.set(row.id, row);
    const today = [...byId.values()].sort((a, b) => b.time - a.time).slice(0, limit);
    return [...today, ...this.checkedYesterday(limit)];
  }

  private storedFlowsOf(symbol: string, limit: number): FlowRow[] {
    try {
      return contractFlowsBefore(this.options.db, this.recording.sessionId, symbol, limit);
    } catch (error) {
      this.options.logger.warn('cannot read the contract\'s stored flows; its list is what memory holds', { symbol, reason: (error as Error).message });
      return [];
    }
  }

  /** The last trading day's flows already checked against today's open interest, newest first. */
  private checkedYesterday(limit: number): FlowRow[] {
    if (this.nextDayDate === null) return [];
    try {
      return checkedFlowsOf(this.options.db, this.nextDayDate, limit).map(toFlowRow);
    } catch (error) {
      this.options.logger.warn('cannot read the flows checked against today\'s open interest', { reason: (error as Error).message });
      return [];
    }
  }

  evidence(flowId: string): FlowEvidence | null {
    const live = this.recording.pipeline.engine.flow(flowId);
    if (live) return live.evidence;
    try {
      return getFlow(this.options.db, flowId)?.evidence ?? null;
    } catch {
      return null;
    }
  }

  positioningSource(): PositioningSource {
    const pipeline = this.recording.pipeline;
    return { sessionId: this.id, source: this.source.kind, quotes: pipeline.quotes, held: () => pipeline.engine.held(), beforeSeq: null, before: null, note: null };
  }

  storeHealth(): StoreHealth {
    const { frames, flows } = this.recording.writers();
    const openError = this.options.openError;
    const failing = openError !== null || frames.failing || flows.failing;
    const reason = openError ?? (frames.failing ? frames.lastError : flows.failing ? flows.lastError : null);
    return { failing, reason: failing ? reason : null, pending: frames.pending + flows.pending };
  }

  /** Stops streaming, writes what is buffered and closes the session row. */
  async stop(): Promise<IngestSummary> {
    this.options.clock.clearTimeout(this.statsTimer);
    this.maintenance.stop();
    const summary = await this.recording.stop();
    for (const off of this.offs.splice(0)) off();
    this.iv.detach();
    this.view.detach();
    await this.source.close();
    return {
      sessionId: this.id,
      frames: summary.frames,
      flows: summary.flows,
      alerts: summary.alerts,
      reconnects: summary.reconnects,
      errors: summary.errors,
    };
  }

  /** A silent stream still needs fresh statistics: the rolling window moves on with the clock. */
  private scheduleQuietStats(): void {
    this.statsTimer = this.options.clock.setTimeout(() => {
      const now = this.options.clock.now();
      if (now - this.lastFrameAt >= STATS_EVERY_MS) this.view.sendStats(now);
      this.scheduleQuietStats();
    }, STATS_EVERY_MS);
  }
}

async function openSource(options: LiveSessionOptions): Promise<StreamSource> {
  const { source, clock, logger } = options;
  if (source.kind === 'demo') {
    return openDemoSource({
      clock,
      logger,
      seed: source.seed,
      intensity: source.intensity,
      bookLevels: source.bookLevels,
      ...(source.faultEndpoint ? { faultEndpoint: true } : {}),
      ...(source.dayFile ? { dayFile: source.dayFile } : {}),
    });
  }
  const tokens = options.tokens;
  if (!tokens) throw new Error('live streaming needs a token source from main');
  const rest = new SchwabRest({ ...(source.apiBase ? { apiBase: source.apiBase } : {}), clock });
  return { kind: 'live', rest, tokens: tokens as StreamSource['tokens'], simulator: null, close: async () => undefined };
}
