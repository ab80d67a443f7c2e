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
import type { ConnectionState, SessionSource } from '../../shared/domain/session.ts';
import { KEYS_PER_SERVICE, type ServiceUsage } from '../../shared/domain/watchlist.ts';
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
import { SchwabRestError } from './rest.ts';
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
  /** Tries of userPreference per connection before it counts as a failed connection (default 4). */
  preferenceTries?: number;
  /** The waits between them (default 0.5 s doubling to 8 s, with jitter). */
  preferenceBackoff?: BackoffPolicy;
}

type Phase = 'idle' | 'connecting' | 'live' | 'waiting' | 'stopped';

export const PREFERENCE_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 8_000 };

/** The status of a stream with nothing to stream (Schwab ends those after about 30 s). */
export const IDLE_REASON =
  'idle: nothing to stream (Schwab ends a stream without subscriptions after about 30 s); streaming starts again when the watchlist or a book has something';

/** What the windows say after code 12: Schwab allows one API stream per login. */
export const TAKEOVER_REASON =
  "another application is streaming on this login; close it (thinkorswim's API streams, another Fathom, a script), then edit the watchlist or restart Fathom to stream here. Schwab allows one API stream per login, so Fathom does not reconnect on its own";

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
  /** Why the stream is stopped when it may start again: nothing to stream, or another app took it. */
  private stoppedFor: 'idle' | 'takeover' | null = null;
  /** Keys whose latest data said `delayed: true` ("SERVICE key"). */
  private readonly delayedKeys = new Set<string>();
  /** Field lists set with view(), per service; the others use SUBSCRIBE_FIELDS. */
  private readonly fieldLists = new Map<MarketService, string>();
  /** Ends a wait between userPreference tries early (stop). */
  private endWait: (() => void) | null = null;

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
    p.on('delayed', ({ service, key, delayed }) => this.onDelayed(service, key, delayed));
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
    const limit = this.options.symbolLimit ?? KEYS_PER_SERVICE;
    return MARKET_SERVICES.map((service) => ({ service, keys: this.desired.keys(service).length, limit }));
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
    this.endWait?.();
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
  async view(service: MarketService, fields: string): Promise<RequestOutcome | null> {
    if (!/^\d+(,\d+)*$/.test(fields)) throw new Error(`a field list is field numbers separated by commas, not "${fields.slice(0, 80)}"`);
    this.fieldLists.set(service, fields);
    const connection = this.connection;
    if (!connection || this.phase !== 'live') return null;
    const keys = this.server.activeKeys(service);
    if (keys.length === 0) return null;
    let item;
    try {
      item = await connection.request(service, 'SUBS', { keys: keys.join(','), fields });
    } catch (error) {
      this.unanswered(connection, service, 'SUBS', error);
      return null;
    }
    return this.report(service, 'SUBS', keys, item.content.code, item.content.msg);
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
      ({ token, info } = await this.startSession());
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
    this.server.clear();
    this.log.info('logged in', { message: login.message, extensions: connection.negotiatedExtensions });
    // The entitlement is the login's: the last connection's answer holds until this one's data says.
    this.setState({ state: 'live', source, since: clock.now(), delayed: this.delayedKeys.size > 0 });
    // A connection that stays up this long has earned a fresh backoff schedule.
    clock.setTimeout(() => {
      if (this.connection === connection && this.phase === 'live') this.attempt = 0;
    }, 30_000);
    this.requestSync();
  }

  /**
   * An access token and streamerInfo. Schwab's userPreference fails now and then (§9): it is
   * tried again in place, `preferenceTries` times with backoff on the clock, the status saying
   * so, before the failure counts as a failed connection; a 401 gets a fresh token first.
   */
  private async startSession(): Promise<{ token: string; info: StreamerInfo }> {
    const { clock, source, random } = this.options;
    const tries = Math.max(1, this.options.preferenceTries ?? 4);
    let token = await this.options.tokens.getAccessToken({ force: this.forceRefresh });
    this.forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return { token, info: await this.options.streamerInfo(token) };
      } catch (error) {
        const failure = error instanceof SchwabRestError ? error : null;
        if (!failure || !failure.transient || attempt >= tries || this.isStopped()) throw error;
        const delay = backoffDelay(attempt, this.options.preferenceBackoff ?? PREFERENCE_BACKOFF, random);
        const reason = `userPreference failed (${failure.message}); trying again in ${Math.ceil(delay / 1000)} s`;
        this.log.warn('userPreference failed; trying again', { attempt, delayMs: delay, reason: failure.message });
        this.setState({ state: 'connecting', source, since: clock.now(), reason });
        await this.wait(delay);
        if (this.isStopped()) throw error;
        if (failure.kind === 'unauthorized') token = await this.options.tokens.getAccessToken({ force: true });
      }
    }
  }

  /** Resolves after `ms` of clock time, or at once when the streamer stops. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.options.clock.setTimeout(() => done(), ms);
      const done = () => {
        this.options.clock.clearTimeout(timer);
        if (this.endWait === done) this.endWait = null;
        resolve();
      };
      this.endWait = done;
    });
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
    if (this.phase === 'live' && this.desired.isEmpty()) return this.goIdle(reason);
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
    } else if (action === 'stop' && this.desired.isEmpty()) {
      this.goIdle(reason);
    } else {
      this.retry(reason);
    }
  }

  /** Nothing to stream: no reconnect until something is subscribed (requestSync starts it). */
  private goIdle(why: string): void {
    this.log.info('idle: nothing to stream', { why });
    this.phase = 'stopped';
    this.stoppedFor = 'idle';
    this.options.clock.clearTimeout(this.retryTimer);
    this.setState({ state: 'stopped', source: this.options.source, since: this.options.clock.now(), reason: IDLE_REASON });
  }

  /** The status follows the data: delayed while any subscribed key's latest data says so. */
  private onDelayed(service: string, key: string, delayed: boolean): void {
    const id = `${service} ${key}`;
    if (delayed === this.delayedKeys.has(id)) return;
    if (delayed) this.delayedKeys.add(id);
    else this.delayedKeys.delete(id);
    this.showDelayed();
  }

  private forgetDelayed(service: string, keys: readonly string[]): void {
    for (const key of keys) this.delayedKeys.delete(`${service} ${key}`);
    this.showDelayed();
  }

  private showDelayed(): void {
    const delayed = this.delayedKeys.size > 0;
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

  private requestSync(): void {
    if (this.phase === 'stopped' && this.stoppedFor === 'idle' && !this.desired.isEmpty()) {
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
          if (command.command === 'UNSUBS') {
            connection.note(forgetNote(command.service, command.keys));
            this.forgetDelayed(command.service, command.keys);
          } else if (command.command === 'SUBS') {
            // SUBS replaces the service's keys: the ones it leaves out no longer say anything.
            const kept = new Set(command.keys);
            const prefix = `${command.service} `;
            this.forgetDelayed(command.service, [...this.delayedKeys].filter((id) => id.startsWith(prefix) && !kept.has(id.slice(prefix.length))).map((id) => id.slice(prefix.length)));
          }
          const parameters: Record<string, string> = { keys: command.keys.join(',') };
          if (command.command !== 'UNSUBS') parameters.fields = this.fieldLists.get(command.service) ?? SUBSCRIBE_FIELDS[command.service];
          let item;
          try {
            item = await connection.request(command.service, command.command, parameters);
          } catch (error) {
            this.unanswered(connection, command.service, command.command, error);
            return;
          }
          const outcome = this.report(command.service, command.command, command.keys, item.content.code, item.content.msg);
          // A symbol-limit answer (19) kept some keys; which ones the server does not say.
          if (!outcome.ok && command.command !== 'UNSUBS' && outcome.code !== 19) {
            this.server.refusedBy(command);
            this.forgetDelayed(command.service, command.keys);
          }
        }
      } while (this.syncAgain);
    } finally {
      this.syncing = false;
    }
  }

  /**
   * A request that got no answer (or whose connection ended): the server holds something the
   * client cannot know, so the connection is given up; the next one subscribes exactly the
   * current set. Without this a lost answer would stall subscribing for the connection's life.
   */
  private unanswered(connection: StreamConnection, service: string, command: string, error: unknown): void {
    const reason = (error as Error).message;
    this.log.warn('request failed', { service, command, reason });
    if (this.connection === connection && connection.isOpen) connection.terminate(`${service} ${command} unanswered: ${reason}`);
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
