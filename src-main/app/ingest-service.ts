// The ingest pipeline of the running app: socket, parse, flow engine, alerts and store writer,
// with what the windows need batched every few milliseconds. It runs inside the ingest worker
// (ingest-worker.ts) so a burst in the market never stalls main; tests also run it in-thread.
import type { Flow, FlowEvidence } from '../../shared/domain/flow.ts';
import type { Bar } from '../../shared/domain/market.ts';
import type { AlertRule, ConnectionState } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { ChainSummary } from '../../shared/domain/watchlist.ts';
import { toFlowRow, type FlowRow, type StatsSnapshot } from '../../shared/ipc/flows.ts';
import { pickChainSummary } from '../core/chain-summary.ts';
import { createStreamer, openDemoSource, type StreamSource } from '../core/stream-source.ts';
import { Recording } from '../market/recording.ts';
import { SymbolSubscriptions } from '../market/symbol-subscriptions.ts';
import { SchwabRest } from '../schwab/rest.ts';
import type { SchwabStreamer } from '../schwab/streamer.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { getFlow } from '../store/flows.ts';
import { StoreMaintenance } from '../store/maintenance.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { BatchBuilder } from './ingest-batch.ts';
import type { DemoFault, IngestBatch, IngestConfig, IngestSummary } from './ingest-types.ts';

export interface IngestServiceOptions {
  clock: Clock;
  logger?: Logger;
  /** Live sessions get tokens from main, which owns the keychain. */
  liveTokens?: AccessTokenSource;
  onBatch: (batch: IngestBatch) => void;
}

const RECENT_PER_SYMBOL = 200;
const BARS_PER_SYMBOL = 390;
const STATS_EVERY_MS = 1000;

export class IngestService {
  private readonly options: IngestServiceOptions;
  private readonly log: Logger;
  private config: IngestConfig | null = null;
  private db: Db | null = null;
  private source: StreamSource | null = null;
  private streamer: SchwabStreamer | null = null;
  private recording: Recording | null = null;
  private subscriptions: SymbolSubscriptions | null = null;
  private readonly batch = new BatchBuilder();
  private flushTimer: TimerHandle | null = null;
  private statsTimer: TimerHandle | null = null;
  private watchedBooks = new Set<string>();
  private readonly recent = new Map<string, FlowRow[]>();
  private readonly bars = new Map<string, Bar[]>();
  private alertRules: AlertRule[] = [];
  private forwarding = true;
  private openError: string | null = null;
  private maintenance: StoreMaintenance | null = null;

  constructor(options: IngestServiceOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('ingest');
  }

  async start(config: IngestConfig): Promise<{ sessionId: number | null }> {
    if (this.config) throw new Error('the ingest pipeline is already running');
    this.config = config;
    this.alertRules = config.alertRules;
    const { clock } = this.options;
    this.source = await this.openSource(config);
    this.streamer = createStreamer(this.source, clock, this.log);
    if (!config.dbPath) throw new Error('the ingest pipeline needs a database to record into');
    try {
      this.db = openDatabase(config.dbPath);
    } catch (error) {
      // A corrupt, locked or unreadable file must not stop the market: record in memory, say so.
      this.openError = (error as Error).message;
      this.log.error('cannot open the database; recording in memory only', { reason: this.openError });
      this.db = openDatabase(':memory:');
    }
    this.recording = new Recording({
      db: this.db,
      streamer: this.streamer,
      source: this.source.kind,
      clock,
      settings: config.settings,
      symbols: [...config.options, ...config.tickers],
      alertRules: () => this.alertRules,
      watchlist: () => new Set(this.subscriptions?.symbols().tickers ?? []),
      logger: this.log,
    });
    this.wire(this.recording, this.streamer);
    this.subscriptions = new SymbolSubscriptions(this.streamer);
    this.subscriptions.set(config.options, config.tickers);
    this.recording.start();
    this.maintenance = new StoreMaintenance({ db: this.db, clock, logger: this.log, retentionMb: config.retentionMb ?? null, keepSessionId: this.recording.sessionId });
    this.maintenance.start();
    this.statsTimer = clock.setTimeout(() => this.onStatsTimer(), STATS_EVERY_MS);
    return { sessionId: this.recording.sessionId };
  }

  async stop(): Promise<IngestSummary> {
    const { clock } = this.options;
    clock.clearTimeout(this.statsTimer);
    clock.clearTimeout(this.flushTimer);
    this.maintenance?.stop();
    const summary = this.recording ? await this.recording.stop() : null;
    await this.source?.close();
    this.db?.close();
    this.config = null;
    return {
      sessionId: summary?.sessionId ?? null,
      frames: summary?.frames ?? 0,
      flows: summary?.flows ?? 0,
      alerts: summary?.alerts ?? 0,
      reconnects: summary?.reconnects ?? 0,
      errors: summary?.errors ?? 0,
    };
  }

  /** Where replays read from: null when the database could not be opened. */
  get dbPath(): string | null {
    return this.openError ? null : (this.config?.dbPath ?? null);
  }

  setSymbols(options: string[], tickers: string[]): { options: number; tickers: number } {
    const subscriptions = this.require(this.subscriptions);
    subscriptions.set(options, tickers);
    this.recording?.symbolsChanged([...options, ...tickers]);
    this.batch.usage(this.require(this.streamer).usage());
    this.scheduleFlush();
    return { options: options.length, tickers: tickers.length };
  }

  setRules(change: { settings?: FlowSettings; alertRules?: AlertRule[]; retentionMb?: number | null }): void {
    if (change.alertRules) this.alertRules = change.alertRules;
    if (change.retentionMb !== undefined) this.maintenance?.setRetention(change.retentionMb);
    // Flow thresholds apply to new sessions and replays: a running session keeps the settings it
    // recorded with, so its stored flows and a replay of it agree.
    if (change.settings && this.config) this.log.info('new flow settings take effect with the next session');
  }

  watchBooks(symbols: string[]): void {
    this.watchedBooks = new Set(symbols);
  }

  status(): ConnectionState {
    return this.require(this.streamer).status();
  }

  evidence(id: string): FlowEvidence | null {
    const live = this.recording?.pipeline.engine.flow(id);
    if (live) return live.evidence;
    const stored = this.db ? safe(() => getFlow(this.require(this.db), id)) : null;
    return stored?.evidence ?? null;
  }

  /** The newest live flows, newest first, from the per-contract memory of recent flows. */
  liveBacklog(limit: number): FlowRow[] {
    return [...this.recent.values()].flat().sort((a, b) => b.time - a.time).slice(0, limit);
  }

  get rules(): AlertRule[] {
    return this.alertRules;
  }

  recentFlows(symbol: string, limit: number): FlowRow[] {
    return (this.recent.get(symbol) ?? []).slice(0, limit);
  }

  recentBars(symbol: string): Bar[] {
    return (this.bars.get(symbol) ?? []).slice();
  }

  async chain(underlying: string, strikeCount: number, expiries: number): Promise<ChainSummary> {
    const source = this.require(this.source);
    const token = await source.tokens.getAccessToken();
    const response = await source.rest.chains(token, underlying, { strikeCount });
    return pickChainSummary(response, expiries);
  }

  /** Demo only: breaks the simulator's stream like a network would (end-to-end tests). */
  fault(kind: DemoFault): { applied: boolean } {
    const sim = this.source?.simulator;
    if (!sim) return { applied: false };
    if (kind === 'cut') sim.faults.cutSockets();
    else if (kind === 'silence') sim.faults.goSilent(60_000);
    else sim.faults.sendGarbage();
    return { applied: true };
  }

  /** While a replay plays, live data keeps recording but is not forwarded to the windows. */
  setForwarding(on: boolean): void {
    const resumed = on && !this.forwarding;
    this.forwarding = on;
    // Back from a replay the windows still hold the replay's status and flows: say the live
    // ones again (the newest live flows this pipeline still holds, newest first).
    if (resumed && this.streamer) {
      this.batch.status(this.streamer.status());
      this.batch.reset(this.liveBacklog(5000));
      this.scheduleFlush();
    }
  }

  private async openSource(config: IngestConfig): Promise<StreamSource> {
    const { clock } = this.options;
    if (config.source.kind === 'demo') {
      return openDemoSource({ clock, logger: this.log, seed: config.source.seed, intensity: config.source.intensity, bookLevels: config.source.bookLevels });
    }
    const tokens = this.options.liveTokens;
    if (!tokens) throw new Error('live streaming needs a token source from main');
    const rest = new SchwabRest(config.source.apiBase ? { apiBase: config.source.apiBase } : {});
    return { kind: 'live', rest, tokens: tokens as StreamSource['tokens'], simulator: null, close: async () => undefined };
  }

  private wire(recording: Recording, streamer: SchwabStreamer): void {
    const events = recording.pipeline.events;
    events.on('flow', ({ flow }) => this.onFlow(flow));
    events.on('alert', (alert) => this.push(() => this.batch.alert(alert)));
    events.on('book', (book) => {
      if (this.watchedBooks.has(book.symbol)) this.push(() => this.batch.book(book));
    });
    events.on('optionQuote', (u) => {
      if (this.watchedBooks.has(u.symbol)) this.push(() => this.batch.quote(u.quote));
    });
    events.on('equityQuote', (u) => this.push(() => this.batch.equity(u.quote)));
    events.on('bar', (bar) => {
      const list = this.bars.get(bar.symbol) ?? [];
      list.push(bar);
      if (list.length > BARS_PER_SYMBOL) list.shift();
      this.bars.set(bar.symbol, list);
      this.push(() => this.batch.bar(bar));
    });
    streamer.on('status', (status) => {
      if (status.state === 'reconnecting') this.batch.gap({ start: status.since, end: null, reason: status.reason });
      if (this.forwarding) this.batch.status(status);
      this.scheduleFlush();
    });
  }

  private onFlow(flow: Flow): void {
    const row = toFlowRow(flow);
    const list = this.recent.get(flow.symbol) ?? [];
    const at = list.findIndex((r) => r.id === row.id);
    if (at >= 0) list[at] = row;
    else {
      list.unshift(row);
      if (list.length > RECENT_PER_SYMBOL) list.pop();
    }
    this.recent.set(flow.symbol, list);
    this.push(() => this.batch.flow(row));
  }

  private push(add: () => void): void {
    if (!this.forwarding) return;
    add();
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= this.options.clock.setTimeout(() => this.flush(), this.config?.batchMs ?? 16);
  }

  flush(): void {
    this.flushTimer = null;
    const batch = this.batch.take();
    if (batch) this.options.onBatch(batch);
  }

  private onStatsTimer(): void {
    const recording = this.recording;
    if (!recording || !this.config) return;
    const now = this.options.clock.now();
    const stats = recording.pipeline.engine.stats;
    const snapshot: StatsSnapshot = {
      at: now,
      windowMs: this.config.rolling.windowMs,
      overall: stats.rolling(now),
      session: stats.session(),
      byUnderlying: stats.underlyings().map((underlying) => ({ underlying, rolling: stats.rolling(now, underlying) })),
    };
    if (this.forwarding) this.batch.stats(snapshot);
    this.batch.store({ ...recording.storeHealth(), openError: this.openError });
    this.scheduleFlush();
    this.statsTimer = this.options.clock.setTimeout(() => this.onStatsTimer(), STATS_EVERY_MS);
  }

  private require<T>(value: T | null): T {
    if (value === null) throw new Error('the ingest pipeline is not running');
    return value;
  }
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}


