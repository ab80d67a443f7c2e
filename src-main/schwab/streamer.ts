// The Schwab streamer client: a connection plus a subscription manager. It connects, logs in,
// keeps the keys the callers asked for (reference-counted; each subscribe* returns its own
// unsubscribe), reconnects with backoff and resubscribes exactly the current set. Its frames go
// through one FrameProcessor, whose market data events are exposed once, as `data`: listeners
// filter by symbol themselves, so a subscription costs no listener and no work per update.
import type { ConnectionState, SessionSource } from '../../shared/domain/session.ts';
import type { ServiceUsage } from '../../shared/domain/watchlist.ts';
import { parseOptionSymbol } from '../../shared/symbols/option-symbol.ts';
import { parseTicker } from '../../shared/symbols/ticker.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { Emitter, type Unsubscribe } from '../util/emitter.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import type { Random } from '../util/random.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { actionFor, describeCode, parseSymbolLimit } from './codes.ts';
import { StreamConnection } from './connection.ts';
import { SUBSCRIBE_FIELDS } from './fields.ts';
import { forgetNote, FrameProcessor, type FrameEvents, type MarketDataEvents, type ProcessorStats } from './frame-processor.ts';
import type { MarketService } from './protocol.ts';
import { MARKET_SERVICES } from './protocol.ts';
import type { StreamerInfo } from './rest-types.ts';
import { NeedsSignInError, type AccessTokenSource } from './token-manager.ts';
import { DesiredSubscriptions, ServerSubscriptions } from './subscriptions.ts';

export interface RequestOutcome {
  service: string;
  command: string;
  code: number;
  message: string;
  keys: string[];
  ok: boolean;
}

/** The streamer's own events; the market data is on `streamer.data`. */
export interface StreamerEvents {
  status: ConnectionState;
  frame: { text: string; receivedAt: number; connection: number };
  request: RequestOutcome;
  problem: FrameEvents['problem'];
}

export type { MarketDataEvents } from './frame-processor.ts';

/**
 * Listening only, straight on the parse stage's emitter: nothing outside the streamer can emit.
 * A listener that throws is counted (`listenerErrors`) and reported as a problem; the others
 * still run and parsing goes on.
 */
export interface MarketData {
  on<K extends keyof MarketDataEvents>(event: K, listener: (payload: MarketDataEvents[K]) => void): Unsubscribe;
  listenerCount(event: keyof MarketDataEvents): number;
}

export interface StreamerStats extends ProcessorStats {
  connections: number;
  /** Request frames written, LOGIN included. */
  framesSent: number;
  reconnects: number;
  loginsDenied: number;
  requestFailures: number;
}

export interface StreamerOptions {
  tokens: AccessTokenSource;
  streamerInfo: (accessToken: string) => Promise<StreamerInfo>;
  clock: Clock;
  random: Random;
  source: SessionSource;
  logger?: Logger;
  backoff?: BackoffPolicy;
  livenessTimeoutMs?: number;
  pingIntervalMs?: number;
  requestTimeoutMs?: number;
  /** Schwab negotiates permessage-deflate; it costs throughput on loopback. */
  perMessageDeflate?: boolean;
  symbolLimit?: number;
}

type Phase = 'idle' | 'connecting' | 'live' | 'waiting' | 'stopped';

export class SchwabStreamer {
  private readonly events = new Emitter<StreamerEvents>((event, error) => {
    this.log.warn('listener threw', { event: String(event), reason: (error as Error)?.message });
  });
  private readonly processor = new FrameProcessor();
  readonly data: MarketData;
  private readonly desired = new DesiredSubscriptions();
  private readonly server = new ServerSubscriptions();
  private readonly options: StreamerOptions;
  private readonly log: Logger;
  private connection: StreamConnection | null = null;
  private phase: Phase = 'idle';
  private state: ConnectionState;
  private attempt = 0;
  private retryTimer: TimerHandle | null = null;
  private forceRefresh = false;
  private deniedInARow = 0;
  private syncing = false;
  private syncAgain = false;
  private connectionCount = 0;
  private counters = { reconnects: 0, loginsDenied: 0, requestFailures: 0, framesSent: 0 };

  constructor(options: StreamerOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('streamer');
    this.state = { state: 'stopped', source: options.source, since: options.clock.now(), reason: 'not started' };
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
  }

  on<K extends keyof StreamerEvents>(event: K, listener: (payload: StreamerEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  status(): ConnectionState {
    return this.state;
  }

  stats(): StreamerStats {
    return { ...this.processor.stats(), connections: this.connectionCount, ...this.counters };
  }

  usage(): ServiceUsage[] {
    const limit = this.options.symbolLimit ?? 500;
    return MARKET_SERVICES.map((service) => ({ service, keys: this.desired.keys(service).length, limit }));
  }

  get negotiatedExtensions(): string {
    return this.connection?.negotiatedExtensions ?? '';
  }

  start(): void {
    if (this.phase !== 'idle' && this.phase !== 'stopped') return;
    this.attempt = 0;
    this.deniedInARow = 0;
    void this.connect();
  }

  async stop(): Promise<void> {
    const wasLive = this.phase === 'live';
    this.phase = 'stopped';
    this.options.clock.clearTimeout(this.retryTimer);
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

  /** VIEW: changes the field list of a service for all its keys. */
  async view(service: MarketService, fields: string): Promise<RequestOutcome> {
    const connection = this.connection;
    if (!connection || this.phase !== 'live') throw new Error('not connected');
    const item = await connection.request(service, 'VIEW', { fields });
    return this.report(service, 'VIEW', [], item.content.code, item.content.msg);
  }

  /** Records the keys (once each, however often listed) and returns an unsubscribe that releases them once. */
  private subscribe(service: MarketService, keys: readonly string[]): Unsubscribe {
    const wanted = [...new Set(keys)];
    this.desired.add(service, wanted);
    this.requestSync();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.desired.remove(service, wanted);
      this.requestSync();
    };
  }

  private async connect(): Promise<void> {
    this.phase = 'connecting';
    const { clock, source } = this.options;
    this.setState({ state: 'connecting', source, since: clock.now() });
    let token: string;
    let info: StreamerInfo;
    try {
      token = await this.options.tokens.getAccessToken({ force: this.forceRefresh });
      this.forceRefresh = false;
      info = await this.options.streamerInfo(token);
    } catch (error) {
      if (this.isStopped()) return;
      if (error instanceof NeedsSignInError) return this.fail(error.message);
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
    this.server.clear();
    this.log.info('logged in', { message: login.message, extensions: connection.negotiatedExtensions });
    this.setState({ state: 'live', source, since: clock.now(), delayed: false });
    // A connection that stays up this long has earned a fresh backoff schedule.
    clock.setTimeout(() => {
      if (this.connection === connection && this.phase === 'live') this.attempt = 0;
    }, 30_000);
    this.requestSync();
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
      // Schwab allows one streamer per user; reconnecting would just kick the other one out.
      this.fail(`another streamer connection took over this account (Schwab allows one): ${reason}`);
    } else if (action === 'stop' && this.desired.isEmpty()) {
      this.phase = 'stopped';
      this.setState({ state: 'stopped', source: this.options.source, since: this.options.clock.now(), reason: 'no subscriptions' });
    } else {
      this.retry(reason);
    }
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
    this.options.clock.clearTimeout(this.retryTimer);
    this.log.error('streaming stopped', { reason });
    this.setState({ state: 'error', source: this.options.source, since: this.options.clock.now(), reason });
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.events.emit('status', state);
  }

  private requestSync(): void {
    if (this.phase === 'stopped' && !this.desired.isEmpty() && this.state.state === 'stopped' && this.state.reason === 'no subscriptions') {
      this.start();
      return;
    }
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    // Coalesce every subscribe/unsubscribe of this tick into one round of commands.
    this.syncing = true;
    queueMicrotask(() => void this.sync());
  }

  private async sync(): Promise<void> {
    try {
      do {
        this.syncAgain = false;
        const connection = this.connection;
        if (!connection || this.phase !== 'live') return;
        for (const command of this.server.plan(this.desired)) {
          this.server.sent(command);
          // In-band, so the recorded session forgets the keys where the live one did: data for them
          // still in flight is a fresh baseline in both.
          if (command.command === 'UNSUBS') connection.note(forgetNote(command.service, command.keys));
          const parameters: Record<string, string> = { keys: command.keys.join(',') };
          if (command.command !== 'UNSUBS') parameters.fields = SUBSCRIBE_FIELDS[command.service];
          let item;
          try {
            item = await connection.request(command.service, command.command, parameters);
          } catch (error) {
            this.log.warn('request failed', { service: command.service, command: command.command, reason: (error as Error).message });
            return;
          }
          const outcome = this.report(command.service, command.command, command.keys, item.content.code, item.content.msg);
          // A symbol-limit answer (19) kept some keys; which ones the server does not say.
          if (!outcome.ok && command.command !== 'UNSUBS' && outcome.code !== 19) this.server.refusedBy(command);
        }
      } while (this.syncAgain);
    } finally {
      this.syncing = false;
    }
  }

  private report(service: string, command: string, keys: string[], code: number, message: string): RequestOutcome {
    const ok = actionFor(code) === 'success';
    const outcome: RequestOutcome = { service, command, code, message, keys, ok };
    if (!ok) {
      this.counters.requestFailures++;
      const limit = code === 19 ? parseSymbolLimit(message) : null;
      this.log.warn('request refused', { service, command, reason: describeCode(code, message), ...(limit ?? {}) });
    }
    this.events.emit('request', outcome);
    return outcome;
  }
}

/** The contract, the windows and the CLI accept tickers by the same grammar (shared/symbols/ticker.ts). */
const normalizeTicker = parseTicker;
