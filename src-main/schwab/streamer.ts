// The Schwab streamer client: a connection plus a subscription manager. It connects, logs in,
// keeps the keys the callers asked for (reference-counted; each subscribe* returns its own
// unsubscribe), reconnects with backoff and resubscribes exactly the current set. Its frames go
// through one FrameProcessor, whose market data events are exposed once, as `data`: listeners
// filter by symbol themselves, so a subscription costs no listener and no work per update.
//
// Schwab's quirks (docs/schwab-streaming.md §9) it copes with: the status says `delayed` when the
// data does; userPreference is retried in place with backoff; an empty stream (which Schwab
// closes after about 30 s) goes idle instead of reconnecting until there is something to
// subscribe; a takeover (code 12) is said in words and never fought; VIEW is never sent (the
// service is subscribed again with the new fields).
import type { ConnectionState } from '../../shared/domain/session.ts';
import { KEYS_PER_SERVICE, type ServiceUsage } from '../../shared/domain/watchlist.ts';
import { parseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { parseTicker } from '../../shared/symbols/ticker.ts';
import type { TimerHandle } from '../util/clock.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';
import { actionFor, describeCode } from './codes.ts';
import { StreamConnection } from './connection.ts';
import { DelayedKeys } from './delayed-keys.ts';
import { FrameProcessor, type MarketDataEvents } from './frame-processor.ts';
import type { MarketService } from './protocol.ts';
import { MARKET_SERVICES } from './protocol.ts';
import type { StreamerInfo } from './rest-types.ts';
import { SchwabRestError } from './rest.ts';
import { PREFERENCE_BACKOFF, startSession, StoppableWait } from './session-start.ts';
import { IDLE_REASON, TAKEOVER_REASON, type MarketData, type RequestOutcome, type StreamerEvents, type StreamerOptions, type StreamerStats } from './streamer-types.ts';
import { SubscriptionSync } from './subscription-sync.ts';
import { NeedsSignInError } from './token-manager.ts';

export { PREFERENCE_BACKOFF } from './session-start.ts';
export { IDLE_REASON, TAKEOVER_REASON } from './streamer-types.ts';
export type { MarketData, MarketDataEvents, RequestOutcome, StreamerEvents, StreamerOptions, StreamerStats } from './streamer-types.ts';

type Phase = 'idle' | 'connecting' | 'live' | 'waiting' | 'stopped';

export class SchwabStreamer {
  private readonly events = new Emitter<StreamerEvents>((event, error) => {
    this.log.warn('listener threw', { event: String(event), reason: (error as Error)?.message });
  });
  private readonly processor = new FrameProcessor();
  readonly data: MarketData;
  private readonly subscriptions: SubscriptionSync;
  private readonly options: StreamerOptions;
  private readonly log: Logger;
  private connection: StreamConnection | null = null;
  private phase: Phase = 'idle';
  private state: ConnectionState;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private forceRefresh = false;
  private deniedInARow = 0;
  private connectionCount = 0;
  private counters = { reconnects: 0, loginsDenied: 0, framesSent: 0 };
  /** Why the stream is stopped when it may start again: nothing to stream, or another app took it. */
  private stoppedFor: 'idle' | 'takeover' | null = null;
  private readonly delayed = new DelayedKeys();
  /** The waits between userPreference tries, which a stop ends early. */
  private readonly waits: StoppableWait;

  constructor(options: StreamerOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('streamer');
    this.state = { state: 'stopped', source: options.source, since: options.clock.now(), reason: 'not started' };
    this.waits = new StoppableWait(options.clock);
    this.subscriptions = new SubscriptionSync({
      log: this.log,
      connection: () => this.connection,
      isLive: () => this.phase === 'live',
      // A stream stopped for want of keys starts again when it has some; its login syncs.
      wakeIfIdle: () => {
        if (this.phase !== 'stopped' || this.stoppedFor !== 'idle' || this.subscriptions.desired.isEmpty()) return false;
        this.start();
        return true;
      },
      forgotten: (service, keys) => {
        this.delayed.forget(service, keys);
        this.showDelayed();
      },
      replaced: (service, kept) => {
        this.delayed.forgetAllBut(service, kept);
        this.showDelayed();
      },
      answered: (outcome) => this.events.emit('request', outcome),
    });
    const p = this.processor.events;
    this.data = Object.freeze({
      on: <K extends keyof MarketDataEvents>(event: K, listener: (payload: MarketDataEvents[K]) => void) => p.on(event, listener),
      listenerCount: (event: keyof MarketDataEvents) => p.listenerCount(event),
    });
    p.on('problem', (problem) => {
      this.log.warn('protocol problem', { kind: problem.kind, detail: problem.detail });
      this.events.emit('problem', problem);
    });
    p.on('admin', ({ item }) => this.onAdmin(item.content.code, item.content.msg));
    p.on('delayed', ({ service, key, delayed }) => this.onDelayed(service, key, delayed));
  }

  on<K extends keyof StreamerEvents>(event: K, listener: (payload: StreamerEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  status(): ConnectionState {
    return this.state;
  }

  stats(): StreamerStats {
    return { ...this.processor.stats(), connections: this.connectionCount, ...this.counters, requestFailures: this.subscriptions.failures };
  }

  usage(): ServiceUsage[] {
    const limit = this.options.symbolLimit ?? KEYS_PER_SERVICE;
    return MARKET_SERVICES.map((service) => ({ service, keys: this.subscriptions.desired.keys(service).length, limit }));
  }

  get negotiatedExtensions(): string {
    return this.connection?.negotiatedExtensions ?? '';
  }

  start(): void {
    if (this.phase !== 'idle' && this.phase !== 'stopped') return;
    this.attempt = 0;
    this.deniedInARow = 0;
    this.stoppedFor = null;
    void this.connect();
  }

  /**
   * A user's say-so to stream again after another application took the login over (code 12):
   * the streamer never does it on its own. True when it starts.
   */
  resume(): boolean {
    if (this.phase !== 'stopped' || this.stoppedFor !== 'takeover') return false;
    this.start();
    return true;
  }

  async stop(): Promise<void> {
    const wasLive = this.phase === 'live';
    this.phase = 'stopped';
    this.stoppedFor = null;
    this.options.clock.clearTimeout(this.retryTimer);
    this.waits.end();
    const connection = this.connection;
    this.connection = null;
    if (connection && wasLive && connection.isOpen) {
      await connection.request('ADMIN', 'LOGOUT').catch(() => undefined);
    }
    connection?.close('stopped');
    this.setState({ state: 'stopped', source: this.options.source, since: this.options.clock.now(), reason: 'stopped' });
  }

  /** Level 1 for option contracts; the updates arrive on `data` as `optionQuote`. */
  subscribeLevelOneOptions(symbols: readonly string[]): Unsubscribe {
    return this.subscribe('LEVELONE_OPTIONS', symbols.map((s) => parseOptionSymbol(s).symbol));
  }

  /** Option books; they arrive on `data` as `book`. */
  subscribeOptionsBook(symbols: readonly string[]): Unsubscribe {
    return this.subscribe('OPTIONS_BOOK', symbols.map((s) => parseOptionSymbol(s).symbol));
  }

  /** Level 1 for tickers; the updates arrive on `data` as `equityQuote`. */
  subscribeLevelOneEquities(symbols: readonly string[]): Unsubscribe {
    return this.subscribe('LEVELONE_EQUITIES', symbols.map(normalizeTicker));
  }

  /** Minute bars for tickers; they arrive on `data` as `bar`. */
  subscribeChartEquity(symbols: readonly string[]): Unsubscribe {
    return this.subscribe('CHART_EQUITY', symbols.map(normalizeTicker));
  }

  /**
   * Changes the field list of a service for all its keys. Schwab's VIEW is unreliable
   * (docs/schwab-streaming.md §9; Schwabdev does not use it), so it is never sent: the service's
   * keys are subscribed again with the new list (SUBS replaces the keys and the list, and brings
   * a fresh snapshot), and every later SUBS or ADD of the service, reconnects included, carries
   * it. Resolves with that SUBS's outcome, or null when nothing is subscribed to send it for
   * (the list applies to the next subscription).
   */
  view(service: MarketService, fields: string): Promise<RequestOutcome | null> {
    return this.subscriptions.view(service, fields);
  }

  private subscribe(service: MarketService, keys: readonly string[]): Unsubscribe {
    return this.subscriptions.subscribe(service, keys);
  }

  private async connect(): Promise<void> {
    this.phase = 'connecting';
    const { clock, source } = this.options;
    this.setState({ state: 'connecting', source, since: clock.now() });
    let token: string;
    let info: StreamerInfo;
    try {
      ({ token, info } = await startSession({
        tokens: this.options.tokens,
        streamerInfo: this.options.streamerInfo,
        random: this.options.random,
        log: this.log,
        forceRefresh: this.forceRefresh,
        tokenTaken: () => (this.forceRefresh = false),
        tries: this.options.preferenceTries ?? 4,
        backoff: this.options.preferenceBackoff ?? PREFERENCE_BACKOFF,
        waits: this.waits,
        isStopped: () => this.isStopped(),
        retrying: (reason) => this.setState({ state: 'connecting', source, since: clock.now(), reason }),
      }));
    } catch (error) {
      if (this.isStopped()) return;
      if (error instanceof NeedsSignInError) return this.fail(error.message);
      // An address Fathom will not send the token to stays so: retrying cannot help.
      if (error instanceof SchwabRestError && error.kind === 'insecure-url') return this.fail(`cannot start a session: ${error.message}`);
      return this.retry(`cannot start a session: ${(error as Error).message}`);
    }
    if (this.isStopped()) return;
    const connectionId = ++this.connectionCount;
    const connection = new StreamConnection({
      info,
      accessToken: token,
      clock,
      processor: this.processor,
      logger: this.log.child(`c${connectionId}`),
      livenessTimeoutMs: this.options.livenessTimeoutMs ?? 45_000,
      pingIntervalMs: this.options.pingIntervalMs ?? 20_000,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 10_000,
      perMessageDeflate: this.options.perMessageDeflate ?? true,
      onFrame: (text, receivedAt) => this.events.emit('frame', { text, receivedAt, connection: connectionId }),
      onClose: (reason) => this.onConnectionClosed(connection, reason),
      onSent: () => this.counters.framesSent++,
    });
    this.connection = connection;
    let login;
    try {
      login = await connection.login();
    } catch (error) {
      if (this.connection === connection) this.connection = null;
      connection.terminate('login failed');
      if (this.isStopped()) return;
      return this.retry(`login failed: ${(error as Error).message}`);
    }
    if (this.connection !== connection || this.isStopped()) return;
    if (!login.ok) return this.onLoginDenied(connection, login.code, login.message);
    this.deniedInARow = 0;
    this.phase = 'live';
    this.subscriptions.server.clear();
    this.log.info('logged in', { message: login.message, extensions: connection.negotiatedExtensions });
    // The entitlement is the login's: the last connection's answer holds until this one's data says.
    this.setState({ state: 'live', source, since: clock.now(), delayed: this.delayed.any });
    // A connection that stays up this long has earned a fresh backoff schedule.
    clock.setTimeout(() => {
      if (this.connection === connection && this.phase === 'live') this.attempt = 0;
    }, 30_000);
    this.subscriptions.request();
  }

  private onLoginDenied(connection: StreamConnection, code: number, message: string): void {
    this.counters.loginsDenied++;
    this.deniedInARow++;
    this.connection = null;
    connection.close('login denied');
    const reason = describeCode(code, message);
    if (this.deniedInARow >= 2) return this.fail(`login denied twice with a fresh token: ${reason}`);
    this.forceRefresh = true;
    this.retry(reason);
  }

  private onConnectionClosed(connection: StreamConnection, reason: string): void {
    if (this.connection !== connection) return;
    this.connection = null;
    if (this.phase === 'stopped' || this.phase === 'waiting') return;
    // Any close (1000, 1006, 1011 keepalive ping timeout) is retried, unless there is nothing to
    // stream: Schwab would close an empty stream again in 30 s, so it waits for something.
    if (this.phase === 'live' && this.subscriptions.desired.isEmpty()) return this.goIdle(reason);
    this.retry(reason);
  }

  private onAdmin(code: number, msg: string): void {
    const action = actionFor(code);
    const reason = describeCode(code, msg);
    this.log.warn('server notice', { reason });
    if (action !== 'takeover' && action !== 'stop' && action !== 'reconnect' && action !== 'relogin') return;
    // Detach first so the close that follows is not taken for an unexpected drop.
    const connection = this.connection;
    this.connection = null;
    connection?.terminate(reason);
    if (action === 'takeover') {
      // Schwab allows one streamer per login; reconnecting would just kick the other one out.
      this.fail(`${TAKEOVER_REASON} (Schwab code ${code})`);
      this.stoppedFor = 'takeover';
    } else if (action === 'stop' && this.subscriptions.desired.isEmpty()) {
      this.goIdle(reason);
    } else {
      this.retry(reason);
    }
  }

  /** Nothing to stream: no reconnect until something is subscribed (a subscription request starts it). */
  private goIdle(why: string): void {
    this.log.info('idle: nothing to stream', { why });
    this.phase = 'stopped';
    this.stoppedFor = 'idle';
    this.options.clock.clearTimeout(this.retryTimer);
    this.setState({ state: 'stopped', source: this.options.source, since: this.options.clock.now(), reason: IDLE_REASON });
  }

  /** The status follows the data: delayed while any subscribed key's latest data says so. */
  private onDelayed(service: string, key: string, delayed: boolean): void {
    if (this.delayed.set(service, key, delayed)) this.showDelayed();
  }

  private showDelayed(): void {
    const delayed = this.delayed.any;
    if (this.state.state === 'live' && this.state.delayed !== delayed) this.setState({ ...this.state, delayed });
  }

  /** Read through a method: the phase can change while connect() awaits. */
  private isStopped(): boolean {
    return this.phase === 'stopped';
  }

  private retry(reason: string): void {
    if (this.phase === 'stopped') return;
    this.phase = 'waiting';
    this.attempt++;
    this.counters.reconnects++;
    const delay = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.log.warn('reconnecting', { attempt: this.attempt, delayMs: delay, reason });
    const { clock, source } = this.options;
    this.setState({ state: 'reconnecting', source, since: clock.now(), attempt: this.attempt, nextDelayMs: delay, reason });
    this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.phase === 'waiting') void this.connect();
    }, delay);
  }

  private fail(reason: string): void {
    this.phase = 'stopped';
    this.stoppedFor = null;
    this.options.clock.clearTimeout(this.retryTimer);
    this.log.error('streaming stopped', { reason });
    this.setState({ state: 'error', source: this.options.source, since: this.options.clock.now(), reason });
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.events.emit('status', state);
  }
}

/** The contract, the windows and the CLI accept tickers by the same grammar (shared/symbols/ticker.ts). */
const normalizeTicker = parseTicker;
