// Faults tests inject to prove the client survives what Schwab's streamer and token endpoint do:
// dropped sockets, a silent server, garbage frames, refused logins and refreshes, takeovers; and
// the service's quirks a test can switch (ServiceModes): delayed data, the empty-stream close,
// a VIEW that does nothing, a failing userPreference, the REST budget, the chain buffer and the
// symbol cap (docs/schwab-streaming.md §6, §9).
import { CODE } from '../../schwab/codes.ts';
import type { Clock } from '../../util/clock.ts';
import type { BookScriptDone, BookScriptRefused, BookScriptRequest, SimulatorMarket, StrategyScriptAnswer, StrategyScriptRequest } from '../market/market.ts';
import type { OAuthAuthority } from './oauth.ts';
import { MESSAGES } from './commands.ts';
import type { EmptyClose, SessionModes, StreamerSession } from './streamer-session.ts';

export type { EmptyClose } from './streamer-session.ts';

export interface ServiceModeSettings {
  /** Level 1 snapshots of logins from now on say `delayed: true` (an unentitled user). */
  delayed: boolean;
  /** Ms with nothing subscribed before the stream ends; 0 never ends it (nor an UNSUBS of the last key). */
  emptyTimeoutMs: number;
  emptyClose: EmptyClose;
  /** Keys per service before code 19. */
  symbolLimit: number;
  /** Market-data and trader requests per minute before HTTP 429; 0 for no limit. */
  restPerMinute: number;
  /** Contracts a chain answer may hold before the gateway's 502 "Body buffer overflow". */
  chainContractLimit: number;
}

/** Schwab's REST window: a request counts for a minute. */
const REST_WINDOW_MS = 60_000;

/**
 * The simulator's switchable behaviours, read live by every session and route: a switch
 * applies from the next request, snapshot or login on.
 */
export class ServiceModes implements ServiceModeSettings, SessionModes {
  delayed: boolean;
  emptyTimeoutMs: number;
  emptyClose: EmptyClose;
  symbolLimit: number;
  restPerMinute: number;
  chainContractLimit: number;
  /** VIEW answers success and changes nothing (docs/schwab-streaming.md §9: clients do not rely on it). */
  ignoreView = false;
  private preferenceFailures = 0;
  private readonly restTimes: number[] = [];
  private readonly clock: Clock;

  constructor(clock: Clock, settings: ServiceModeSettings) {
    this.clock = clock;
    this.delayed = settings.delayed;
    this.emptyTimeoutMs = settings.emptyTimeoutMs;
    this.emptyClose = settings.emptyClose;
    this.symbolLimit = settings.symbolLimit;
    this.restPerMinute = settings.restPerMinute;
    this.chainContractLimit = settings.chainContractLimit;
  }

  failPreferences(count: number): void {
    this.preferenceFailures = Math.max(0, Math.floor(count));
  }

  /** For the userPreference route: consumes one pending failure. */
  takePreferenceFailure(): boolean {
    if (this.preferenceFailures <= 0) return false;
    this.preferenceFailures--;
    return true;
  }

  /** For the market-data and trader routes: false once the minute's budget is spent (429). */
  takeRestSlot(): boolean {
    if (this.restPerMinute <= 0) return true;
    const now = this.clock.now();
    while (this.restTimes.length > 0 && (this.restTimes[0] as number) <= now - REST_WINDOW_MS)
      this.restTimes.shift();
    if (this.restTimes.length >= this.restPerMinute) return false;
    this.restTimes.push(now);
    return true;
  }
}

export interface SimulatorFaults {
  /** Drops every open streamer connection abruptly: no close frame (the client sees 1006). */
  cutSockets(): void;
  /**
   * The connections open now send nothing for `ms` of clock time: no data, heartbeats,
   * responses or pongs. Requests are still processed. Connections opened later are unaffected.
   */
  goSilent(ms: number): void;
  /** Sends a non-JSON text frame to every open connection. */
  sendGarbage(text?: string): void;
  /** The next `count` LOGINs answer code 3 even with a valid token. */
  denyLogins(count: number): void;
  /** Every logged-in connection gets notify code 12 (another connection took over) and is closed. */
  sendCode12(): void;
  /** Every logged-in connection gets notify code 30 (stop streaming) and is closed. */
  sendCode30(): void;
  /** The next `count` refresh-token grants fail with Schwab's refresh_token_authentication_error. */
  refuseRefreshes(count: number): void;
  /** Every access token issued so far expires now (REST 401, LOGIN code 3); open streams go on. */
  expireAccessTokens(): void;
  /** Logins from now on get delayed (true) or real-time (false) Level 1 data. */
  setDelayed(delayed: boolean): void;
  /**
   * A connection with nothing subscribed for `ms` ends (0: never, nor when the last key is
   * unsubscribed): with notify code 30 and a clean close, or dropped without a word.
   */
  setEmptyClose(how: EmptyClose, ms: number): void;
  /** VIEW answers success from now on and changes nothing. */
  ignoreView(): void;
  /** The next `count` userPreference calls answer 500. */
  failPreferences(count: number): void;
  /** Every logged-in streamer socket closes with 1011 "keepalive ping timeout", as after a network loss. */
  close1011(): void;
  /** Market-data and trader requests per minute before 429 (0: no limit). */
  setRestBudget(perMinute: number): void;
  /** Contracts a chain answer may hold before 502 "Body buffer overflow". */
  setChainLimit(contracts: number): void;
  /** Keys per service before code 19. */
  setSymbolLimit(keys: number): void;
  /**
   * A scripted book event on one contract now (book-refill, book-pull; market/book-script.ts);
   * null when the market cannot script its book.
   */
  scriptBook(request: BookScriptRequest): BookScriptDone | BookScriptRefused | null;
  /** A multi-leg order now (strategy; market/strategy-orders.ts); null when the market makes none. */
  scriptStrategy(request: StrategyScriptRequest): StrategyScriptAnswer | null;
}

/** The market a FaultInjector scripts book events on, and how to bring it up to the clock first. */
export interface ScriptableMarket {
  market: SimulatorMarket;
  advance(): void;
}

/** Schwab has sent non-JSON bytes on the stream (SPY test_handle_message_unparsable_message). */
export const DEFAULT_GARBAGE = '\u0000\u0001garbage{"notify":[{"heartbeat"';

export class FaultInjector implements SimulatorFaults {
  readonly modes: ServiceModes;
  private readonly sessions: () => Iterable<StreamerSession>;
  private readonly auth: OAuthAuthority;
  private readonly book: ScriptableMarket | null;
  private loginDenials = 0;

  constructor(
    sessions: () => Iterable<StreamerSession>,
    auth: OAuthAuthority,
    modes: ServiceModes,
    book: ScriptableMarket | null = null,
  ) {
    this.sessions = sessions;
    this.auth = auth;
    this.modes = modes;
    this.book = book;
  }

  scriptBook(request: BookScriptRequest): BookScriptDone | BookScriptRefused | null {
    const script = this.book?.market.scriptBook?.bind(this.book.market);
    if (!this.book || !script) return null;
    // The event happens at the clock's time, not at the last tick's.
    this.book.advance();
    return script(request);
  }

  scriptStrategy(request: StrategyScriptRequest): StrategyScriptAnswer | null {
    const script = this.book?.market.scriptStrategy?.bind(this.book.market);
    if (!this.book || !script) return null;
    this.book.advance();
    return script(request);
  }

  cutSockets(): void {
    for (const session of [...this.sessions()]) session.terminate();
  }

  goSilent(ms: number): void {
    for (const session of this.sessions()) session.goSilent(ms);
  }

  sendGarbage(text: string = DEFAULT_GARBAGE): void {
    for (const session of this.sessions()) session.sendRaw(text);
  }

  denyLogins(count: number): void {
    this.loginDenials = Math.max(0, Math.floor(count));
  }

  sendCode12(): void {
    for (const session of [...this.sessions()])
      if (session.loggedIn) session.stop(CODE.CLOSE_CONNECTION, MESSAGES.anotherConnection);
  }

  sendCode30(): void {
    for (const session of [...this.sessions()])
      if (session.loggedIn) session.stop(CODE.STOP_STREAMING, MESSAGES.emptySubscription);
  }

  refuseRefreshes(count: number): void {
    this.auth.refuseRefreshes(count);
  }

  expireAccessTokens(): void {
    this.auth.expireAccessTokens();
  }

  setDelayed(delayed: boolean): void {
    this.modes.delayed = delayed;
  }

  setEmptyClose(how: EmptyClose, ms: number): void {
    this.modes.emptyClose = how;
    this.modes.emptyTimeoutMs = Math.max(0, Math.floor(ms));
    for (const session of this.sessions()) session.emptyRuleChanged();
  }

  ignoreView(): void {
    this.modes.ignoreView = true;
  }

  failPreferences(count: number): void {
    this.modes.failPreferences(count);
  }

  close1011(): void {
    for (const session of [...this.sessions()])
      if (session.loggedIn) session.closeWith(1011, 'keepalive ping timeout');
  }

  setRestBudget(perMinute: number): void {
    this.modes.restPerMinute = Math.max(0, Math.floor(perMinute));
  }

  setChainLimit(contracts: number): void {
    this.modes.chainContractLimit = Math.max(0, Math.floor(contracts));
  }

  setSymbolLimit(keys: number): void {
    this.modes.symbolLimit = Math.max(0, Math.floor(keys));
  }

  /** For the session: consumes one pending login denial. */
  takeLoginDenial(): boolean {
    if (this.loginDenials <= 0) return false;
    this.loginDenials--;
    return true;
  }
}
