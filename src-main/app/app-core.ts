// The running app behind every host: the ingest pipeline (in its worker), the user's settings
// and watchlist, the IPC router with every handler, and the push hub that feeds the windows.
// The Electron shell and the web host both build one of these; neither knows the other exists.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { ConnectionState } from '../../shared/domain/session.ts';
import type { ServiceUsage, Watchlist } from '../../shared/domain/watchlist.ts';
import type { StoreStatus } from '../../shared/ipc/market-data.ts';
import type { ReplayState } from '../../shared/ipc/sessions.ts';
import type { Envelope } from '../../shared/ipc/define.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { loadSettings, loadWatchlist } from '../store/app-state.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { IpcRouter } from '../ipc/router.ts';
import type { IngestPort } from './ingest-port.ts';
import type { IngestBatch, IngestSourceConfig } from './ingest-types.ts';
import { PushHub, type WindowLink } from './push-hub.ts';
import { registerCoreHandlers } from './handlers.ts';
import { DEFAULT_WATCHLIST, WatchlistResolver } from './watchlist-resolver.ts';

export interface AppCoreOptions {
  /** Exports and, unless dbPath says otherwise, the database live here. */
  dataDir: string;
  dbPath?: string;
  clock: Clock;
  logger?: Logger;
  host: 'electron' | 'web';
  version: string;
  source: IngestSourceConfig;
  /** Builds the ingest port (a worker in the app, this thread in tests); batches go to onBatch. */
  createIngest: (onBatch: (batch: IngestBatch) => void, tokens: AccessTokenSource | undefined) => IngestPort;
  /** Live access tokens, owned by main (keychain). */
  tokens?: AccessTokenSource;
  /** Opens a book window (Electron); the web host lets the page open a tab instead. */
  openBook?: (symbol: string) => boolean;
  /** Opens or focuses the feed window (Electron, from a book window); the web host has none. */
  openFeed?: () => boolean;
  /** Keeps the data folder chosen in settings for the next start (the hosts' file paths). */
  rememberDataDir?: (folder: string | null) => void;
  /** Extra handlers from the host (sign-in, external links). */
  registerHandlers?: (router: IpcRouter, core: AppCore) => void;
  /** How often "around the money" watchlist entries are checked against the price. */
  repickEveryMs?: number;
}

export class AppCore {
  readonly router: IpcRouter;
  readonly hub: PushHub;
  readonly options: AppCoreOptions;
  readonly log: Logger;
  db!: Db;
  ingest!: IngestPort;
  settings!: AppSettings;
  watchlist!: Watchlist;
  sessionId: number | null = null;
  status: ConnectionState;
  usage: ServiceUsage[] = [];
  storeStatus: StoreStatus = { failing: false, reason: null, pending: 0 };
  /** A replay stands in for the live market (its status source is 'replay'). */
  replayOpen = false;
  replayState: ReplayState | null = null;
  readonly spots = new Map<string, number>();
  private resolver!: WatchlistResolver;
  private currentSource: IngestSourceConfig;
  private tokens: AccessTokenSource | undefined;
  private repickTimer: TimerHandle | null = null;
  private readonly listeners = new Set<(batch: IngestBatch) => void>();
  private stopped = false;

  constructor(options: AppCoreOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('app');
    this.router = new IpcRouter(this.log);
    this.hub = new PushHub(options.clock);
    this.status = { state: 'connecting', source: options.source.kind, since: options.clock.now() };
    this.currentSource = options.source;
    this.tokens = options.tokens;
  }

  get dbPath(): string {
    return this.options.dbPath ?? join(this.options.dataDir, 'fathom.db');
  }

  /** Where the market comes from now (demo until a sign-in switches it to live). */
  get source(): IngestSourceConfig {
    return this.currentSource;
  }

  async start(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    try {
      this.db = openDatabase(this.dbPath);
    } catch (error) {
      // The market must not depend on the file: run on memory, and say so in every window.
      const reason = (error as Error).message;
      this.log.error('cannot open the database; settings and sessions are kept in memory', { reason });
      this.db = openDatabase(':memory:');
      this.storeStatus = { failing: true, reason, pending: 0 };
    }
    this.settings = loadSettings(this.db);
    this.watchlist = loadWatchlist(this.db, DEFAULT_WATCHLIST);
    this.resolver = new WatchlistResolver((underlying, strikeCount, expiries) => this.ingest.call('chain', { underlying, strikeCount, expiries }));
    registerCoreHandlers(this);
    this.options.registerHandlers?.(this.router, this);
    await this.startIngest();
    this.scheduleRepick();
  }

  /**
   * Moves to another market source (demo to live after a sign-in): the running session is
   * closed and a new one recorded. The windows stay attached and see the new status.
   */
  async switchSource(source: IngestSourceConfig, tokens?: AccessTokenSource): Promise<void> {
    if (this.stopped) return;
    this.log.info('switching market source', { from: this.currentSource.kind, to: source.kind });
    try {
      await this.ingest.call('stop');
    } catch (error) {
      this.log.warn('ingest did not stop cleanly', { reason: (error as Error).message });
    }
    await this.ingest.close();
    this.currentSource = source;
    this.tokens = tokens;
    await this.startIngest();
  }

  private async startIngest(): Promise<void> {
    this.ingest = this.options.createIngest((batch) => this.onBatch(batch), this.tokens);
    const started = await this.ingest.call('start', {
      dbPath: this.dbPath,
      source: this.currentSource,
      settings: this.settings.flow,
      rolling: this.settings.rolling,
      alertRules: this.settings.alerts.rules,
      retentionMb: this.settings.data.retentionMb,
      options: [],
      tickers: this.watchlist.entries.map((e) => e.underlying),
    });
    this.sessionId = started.sessionId;
    await this.applyWatchlist();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.clock.clearTimeout(this.repickTimer);
    try {
      await this.ingest?.call('stop');
    } catch (error) {
      this.log.warn('ingest did not stop cleanly', { reason: (error as Error).message });
    }
    await this.ingest?.close();
    this.db?.close();
  }

  attachWindow(link: WindowLink): () => void {
    const detach = this.hub.attach(link);
    // A window opened now starts from what the others already know.
    const now: [string, unknown][] = [['market:status', this.status], ['market:store', this.storeStatus]];
    if (this.replayState && link.kind === 'feed') now.push(['replay:state', this.replayState]);
    this.hub.direct(link.id, now);
    return () => {
      detach();
      void this.applyWatchlist();
    };
  }

  dispatch(windowId: string, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    const window = this.hub.window(windowId);
    if (!window) return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'unknown window' } });
    return this.router.dispatch(channel, payload, { windowId, kind: window.kind, symbol: window.symbol });
  }

  /** Every batch from the pipeline, for hosts that want more than the windows get (tray). */
  onIngest(listener: (batch: IngestBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Subscribes the watchlist plus every contract an open book window shows. */
  async applyWatchlist(): Promise<void> {
    if (this.stopped) return;
    const books = this.hub.bookSymbols();
    const resolved = await this.resolver.resolve(this.watchlist, this.spots, books);
    await this.ingest.call('setSymbols', resolved);
    await this.ingest.call('watchBooks', books);
  }

  private scheduleRepick(): void {
    this.repickTimer = this.options.clock.setTimeout(() => {
      void this.applyWatchlist().finally(() => {
        if (!this.stopped) this.scheduleRepick();
      });
    }, this.options.repickEveryMs ?? 30_000);
  }

  private onBatch(batch: IngestBatch): void {
    const hub = this.hub;
    if (batch.reset) hub.resetFlows(batch.reset);
    if (batch.flows.length > 0) hub.flows(batch.flows as FlowRow[]);
    for (const alert of batch.alerts) hub.every('alert:fired', alert);
    for (const book of batch.books) hub.toBook('book:update', book.symbol, book);
    for (const quote of batch.quotes) hub.toBook('book:quote', quote.symbol, quote);
    for (const equity of batch.equities) {
      const price = equity.last ?? equity.mark;
      if (price !== undefined) this.spots.set(equity.symbol, price);
    }
    if (batch.bars.length > 0) {
      const bySymbol = new Map<string, typeof batch.bars>();
      for (const bar of batch.bars) bySymbol.set(bar.symbol, [...(bySymbol.get(bar.symbol) ?? []), bar]);
      for (const [symbol, bars] of bySymbol) hub.every('market:bars', { symbol, bars }, ['feed']);
    }
    if (batch.status) {
      this.status = batch.status;
      hub.latest('market:status', batch.status);
    }
    if (batch.gap) hub.every('market:gap', batch.gap, ['feed']);
    if (batch.stats) hub.latest('stats:update', batch.stats, ['feed']);
    if (batch.usage) {
      this.usage = batch.usage;
      hub.latest('market:usage', batch.usage, ['feed']);
    }
    if (batch.replay) {
      this.replayState = batch.replay;
      hub.latest('replay:state', batch.replay, ['feed']);
    }
    if (batch.status) this.replayOpen = batch.status.source === 'replay';
    if (!this.replayOpen) this.replayState = null;
    if (batch.store) {
      const { frames, flows, openError } = batch.store;
      const failing = openError !== null || frames.failing || flows.failing;
      const reason = openError ?? (frames.failing ? frames.lastError : flows.failing ? flows.lastError : null);
      const status = { failing, reason: failing ? reason : null, pending: frames.pending + flows.pending };
      // Only changes travel: the pipeline reports every second.
      if (JSON.stringify(status) !== JSON.stringify(this.storeStatus)) {
        this.storeStatus = status;
        hub.latest('market:store', status);
      }
    }
    for (const listener of this.listeners) listener(batch);
  }
}
