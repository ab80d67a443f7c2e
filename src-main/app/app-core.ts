// The running app behind every host: a thin broker between the ingest worker (which owns the
// market, the database and the sessions) and the windows. It routes requests (IpcRouter, one
// line each in handlers.ts), pushes what the worker coalesced (PushHub), keeps the user's
// settings for the host's own needs (tray, notifications) and asks the host for what only the
// host can do (open a window, deliver an export). Its state is private; hosts use its intents.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { ConnectionState, SessionId } from '../../shared/domain/session.ts';
import type { ServiceUsage, Watchlist } from '../../shared/domain/watchlist.ts';
import type { Envelope, HostKind } from '../../shared/ipc/define.ts';
import { RECENT_FLOWS_PER_CONTRACT, flowEvents, encodeFlowBatch, type StatsSnapshot } from '../../shared/ipc/flows.ts';
import { marketEvents } from '../../shared/ipc/market-data.ts';
import { push, type Push } from '../../shared/ipc/push.ts';
import { sessionEvents, type ExportFormat, type ExportProgress } from '../../shared/ipc/sessions.ts';
import { settingsEvents, type SettingsPatch } from '../../shared/ipc/settings.ts';
import type { OpenAnswer, WindowHello } from '../../shared/ipc/windows.ts';
import type { IngestPort } from '../ingest-protocol/port.ts';
import type { ExportDeliveryMode, IngestRequestName, IngestRequests, IngestResult, MarketSource } from '../ingest-protocol/requests.ts';
import { IpcFailure, IpcRouter, type CallContext } from '../ipc/router.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { definedOnly, registerAppHandlers, type AppIntents } from './handlers.ts';
import { dataFolderProblem } from './paths.ts';
import { PushHub, type WindowLink } from './push-hub.ts';

/** What only the host can do; each answer says how it was done (shared/ipc/windows.ts). */
export interface HostCapabilities {
  kind: HostKind;
  openBook(symbol: string): OpenAnswer | Promise<OpenAnswer>;
  openFeed(): OpenAnswer | Promise<OpenAnswer>;
  openExternal(url: string): OpenAnswer | Promise<OpenAnswer>;
  /** How finished exports reach the user. */
  exports: { dir: string; delivery: ExportDeliveryMode };
  /** Keeps the data folder chosen in settings for the next start. */
  rememberDataDir?(folder: string | null): void;
  /**
   * Lets the user pick a folder with the host's own picker (null when cancelled). A host
   * without one (the web host) cannot change the data folder: a page never names a path.
   */
  chooseDataFolder?(): Promise<string | null>;
}

export interface AppCoreOptions {
  dbPath: string;
  clock: Clock;
  logger?: Logger;
  version: string;
  host: HostCapabilities;
  source: MarketSource;
  /**
   * Builds the ingest port (a worker in the app, this thread in tests); pushes go to onPushes,
   * and onExit hears when the worker ended without being asked to (it is then restarted).
   */
  createIngest: (onPushes: (pushes: Push[]) => void, tokens: AccessTokenSource | undefined, onExit: (why: string) => void) => IngestPort;
  /** Live access tokens, owned by main (keychain). */
  tokens?: AccessTokenSource;
  /** How often "around the money" watchlist entries are checked against the price. */
  repickEveryMs?: number;
  /** Waits before starting a worker that died again: doubling from the first, up to the last. */
  restartBackoffMs?: { first: number; max: number };
}

const RESTART_BACKOFF = { first: 1_000, max: 30_000 };
/** A worker that has run this long without dying starts the backoff over. */
const STABLE_AFTER_MS = 60_000;

export class AppCore implements AppIntents {
  private readonly options: AppCoreOptions;
  private readonly log: Logger;
  private readonly router: IpcRouter;
  private readonly hub = new PushHub();
  private readonly listeners = new Set<(pushes: readonly Push[]) => void>();
  private ingest: IngestPort | null = null;
  private currentSource: MarketSource;
  private tokens: AccessTokenSource | undefined;
  private appSettings: AppSettings | null = null;
  private currentWatchlist: Watchlist | null = null;
  private simulator: string | null = null;
  private stopped = false;
  private restarts = 0;
  private restartTimer: TimerHandle | null = null;
  private startedAt = 0;

  constructor(options: AppCoreOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('app');
    this.router = new IpcRouter(this.log);
    this.currentSource = options.source;
    this.tokens = options.tokens;
    registerAppHandlers(this.router, this);
  }

  /** Where the market comes from now (demo until a sign-in switches it to live). */
  get source(): MarketSource {
    return this.currentSource;
  }

  /** The demo simulator's REST address while the market is the demo (null on live). */
  get simulatorUrl(): string | null {
    return this.simulator;
  }

  /** Where host-specific requests (sign-in) are registered. */
  get requests(): Pick<IpcRouter, 'handle'> {
    return this.router;
  }

  /** Where host-specific pushes (auth status) go. */
  get pushes(): Pick<PushHub, 'push'> {
    return this.hub;
  }

  async start(): Promise<void> {
    await this.startIngest();
  }

  /**
   * Moves to another market source (demo to live after a sign-in): the running session is
   * closed and a new one recorded. The windows stay attached and see the new status.
   */
  async switchSource(source: MarketSource, tokens?: AccessTokenSource): Promise<void> {
    if (this.stopped) return;
    this.log.info('switching market source', { from: this.currentSource.kind, to: source.kind });
    await this.stopIngest();
    this.currentSource = source;
    this.tokens = tokens;
    await this.startIngest();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.options.clock.clearTimeout(this.restartTimer);
    await this.stopIngest();
  }

  attachWindow(link: WindowLink): () => void {
    const detach = this.hub.attach(link);
    // A book window streams its contract from the start.
    if (link.kind === 'book') void this.watchBooks();
    return () => {
      detach();
      // A closed book window's contract is no longer needed (unless the watchlist has it).
      if (link.kind === 'book') void this.watchBooks();
    };
  }

  dispatch(windowId: string, channel: unknown, payload: unknown): Promise<Envelope<unknown>> {
    const window = this.hub.window(windowId);
    if (!window) return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'unknown window' } });
    return this.router.dispatch(channel, payload, { windowId, kind: window.kind, symbol: window.symbol });
  }

  /** Every push the windows get, for hosts that react to them too (tray, notifications). */
  onPushes(listener: (pushes: readonly Push[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- intents (handlers.ts) -------------------------------------------------------------

  status(): ConnectionState {
    return this.hub.latest(marketEvents.status) ?? { state: 'connecting', source: this.currentSource.kind, since: this.options.clock.now() };
  }

  stats(): StatsSnapshot {
    const stats = this.hub.latest(flowEvents.stats);
    if (!stats) throw new IpcFailure('UNAVAILABLE', 'no statistics yet');
    return stats;
  }

  usage(): ServiceUsage[] {
    return this.hub.latest(marketEvents.usage) ?? [];
  }

  watchlist(): Watchlist {
    return this.require(this.currentWatchlist);
  }

  async setWatchlist(watchlist: Watchlist): Promise<Watchlist> {
    this.currentWatchlist = await this.ask('setWatchlist', watchlist);
    return this.currentWatchlist;
  }

  settings(): AppSettings {
    return this.require(this.appSettings);
  }

  async updateSettings(patch: SettingsPatch): Promise<AppSettings> {
    const current = this.settings();
    if (patch.data && patch.data.folder !== current.data.folder) {
      throw new IpcFailure('BAD_REQUEST', 'the data folder is chosen with the folder picker, not named by a page');
    }
    return this.saveSettings({ ...current, ...definedOnly(patch) });
  }

  async chooseDataFolder(): Promise<AppSettings> {
    const pick = this.options.host.chooseDataFolder;
    if (!pick) {
      throw new IpcFailure('UNAVAILABLE', 'only the desktop app can move the data folder; start `fathom serve` with --db or FATHOM_DATA_DIR instead');
    }
    const folder = await pick();
    const current = this.settings();
    if (folder === null || folder === current.data.folder) return current;
    const problem = dataFolderProblem(folder);
    if (problem) throw new IpcFailure('BAD_REQUEST', problem);
    return this.saveSettings({ ...current, data: { ...current.data, folder } });
  }

  /** Main's own changes to settings (webhook destinations), saved and pushed like a window's. */
  async changeSettings(change: (current: AppSettings) => AppSettings): Promise<AppSettings> {
    return this.saveSettings(change(this.settings()));
  }

  private async saveSettings(next: AppSettings): Promise<AppSettings> {
    const current = this.settings();
    await this.ask('saveSettings', next);
    // The data folder takes effect at the next start; the host remembers it outside the database.
    if (next.data.folder !== current.data.folder) this.options.host.rememberDataDir?.(next.data.folder);
    this.appSettings = next;
    this.hub.push(settingsEvents.changed, next);
    return next;
  }

  async mute(muted: boolean): Promise<{ muted: boolean }> {
    const settings = this.settings();
    await this.updateSettings({ alerts: { ...settings.alerts, muted } });
    return { muted };
  }

  async subscribeFlows(context: CallContext, backlog: number): Promise<{ backlog: number }> {
    this.hub.subscribeFlows(context.windowId);
    if (backlog === 0) return { backlog: 0 };
    const symbol = context.kind === 'book' ? context.symbol : null;
    const rows = await this.ask('backlog', { limit: symbol ? Math.min(backlog, RECENT_FLOWS_PER_CONTRACT) : backlog, symbol });
    if (rows.length > 0) this.hub.publish([push(flowEvents.reset, encodeFlowBatch(rows), { window: context.windowId })]);
    return { backlog: rows.length };
  }

  async subscribeBook(context: CallContext, symbol: string): Promise<{ symbol: string }> {
    this.hub.subscribeBook(context.windowId, symbol);
    await this.watchBooks();
    return { symbol };
  }

  hello(context: CallContext): WindowHello {
    return { kind: context.kind, symbol: context.symbol, version: this.options.version };
  }

  async openBook(symbol: string): Promise<OpenAnswer> {
    return this.options.host.openBook(symbol);
  }

  async openFeed(): Promise<OpenAnswer> {
    return this.options.host.openFeed();
  }

  async openExternal(url: string): Promise<OpenAnswer> {
    return this.options.host.openExternal(url);
  }

  startExport(sessionId: SessionId, format: ExportFormat): Promise<ExportProgress> {
    const { dir, delivery } = this.options.host.exports;
    return this.ask('startExport', { sessionId, format, dir, delivery });
  }

  async ask<N extends IngestRequestName>(name: N, ...args: Parameters<IngestRequests[N]>): Promise<IngestResult<N>> {
    const ingest = this.ingest;
    if (!ingest) throw new IpcFailure('UNAVAILABLE', 'the market worker is restarting; try again in a moment');
    try {
      return await ingest.call(name, ...args);
    } catch (error) {
      // A call the worker took with it when it died is unavailable, not a bug of the request.
      if (this.ingest !== ingest) throw new IpcFailure('UNAVAILABLE', (error as Error).message);
      throw error;
    }
  }

  // --- the worker -----------------------------------------------------------------------

  private async startIngest(danglingReason?: string): Promise<void> {
    // The port reports its own death later, never while it is being built.
    const port: IngestPort = this.options.createIngest(
      (pushes) => this.onPushesFromIngest(pushes),
      this.tokens,
      (why) => this.onIngestDied(port, why),
    );
    this.ingest = port;
    this.startedAt = this.options.clock.now();
    const started = await port.call('start', {
      dbPath: this.options.dbPath,
      source: this.currentSource,
      ...(this.options.repickEveryMs ? { repickEveryMs: this.options.repickEveryMs } : {}),
      ...(danglingReason ? { danglingReason } : {}),
    });
    this.appSettings = started.settings;
    this.currentWatchlist = started.watchlist;
    this.simulator = started.simulatorUrl;
    this.hub.push(settingsEvents.changed, started.settings);
    this.hub.push(marketEvents.watchlist, started.watchlist, { kinds: ['feed'] });
    await this.watchBooks();
  }

  /**
   * The worker died (an exit, a crash, a hang): the windows hear at once, and a new worker
   * starts after a capped backoff. It closes the dead one's session with a gap saying why and
   * brings back the saved watchlist; main still knows the books the windows show.
   */
  private onIngestDied(port: IngestPort, why: string): void {
    if (this.stopped || port !== this.ingest) return;
    this.ingest = null;
    const now = this.options.clock.now();
    if (now - this.startedAt >= STABLE_AFTER_MS) this.restarts = 0;
    this.restarts++;
    const backoff = this.options.restartBackoffMs ?? RESTART_BACKOFF;
    const delay = Math.min(backoff.max, backoff.first * 2 ** (this.restarts - 1));
    const reason = `the market worker stopped (${why}); restarting`;
    this.log.error('the market worker stopped; restarting it', { why, attempt: this.restarts, delayMs: delay });
    void port.close().catch(() => undefined);
    this.hub.push(marketEvents.status, { state: 'reconnecting', source: this.currentSource.kind, since: now, attempt: this.restarts, nextDelayMs: delay, reason });
    this.hub.push(sessionEvents.replay, null, { kinds: ['feed'] });
    this.hub.push(marketEvents.notice, { at: now, level: 'error', text: `The market worker stopped (${why}). Restarting it in ${Math.round(delay / 1000)} s.` });
    this.restartTimer = this.options.clock.setTimeout(() => void this.restartIngest(why), delay);
  }

  private async restartIngest(why: string): Promise<void> {
    this.restartTimer = null;
    if (this.stopped) return;
    try {
      await this.startIngest(`the market worker stopped (${why})`);
      this.hub.push(marketEvents.notice, { at: this.options.clock.now(), level: 'info', text: 'The market worker is running again; the watchlist is back.' });
    } catch (error) {
      // A start that failed counts as another death: the backoff grows.
      const port = this.ingest;
      if (port) this.onIngestDied(port, `it could not start: ${(error as Error).message}`);
    }
  }

  private async stopIngest(): Promise<void> {
    const ingest = this.ingest;
    if (!ingest) return;
    try {
      await ingest.call('stop');
    } catch (error) {
      this.log.warn('the market did not stop cleanly', { reason: (error as Error).message });
    }
    await ingest.close();
    this.ingest = null;
  }

  private async watchBooks(): Promise<void> {
    if (this.stopped || !this.ingest) return;
    try {
      await this.ingest.call('watchBooks', this.hub.bookSymbols());
    } catch (error) {
      this.log.warn('cannot subscribe the books the windows show', { reason: (error as Error).message });
    }
  }

  private onPushesFromIngest(pushes: Push[]): void {
    this.hub.publish(pushes);
    for (const listener of this.listeners) listener(pushes);
  }

  private require<T>(value: T | null): T {
    if (value === null) throw new IpcFailure('UNAVAILABLE', 'the app is still starting');
    return value;
  }
}
