// One streamer WebSocket connection's protocol state, following docs/schwab-streaming.md §3 and its
// §3.10 checklist: LOGIN gate, per-service subscriptions, responses in request order, snapshot then
// conflated deltas, heartbeats, the empty-subscription stop, and the faults and switchable modes
// (faults.ts) that act on it: delayed data, how an empty stream ends, VIEW ignored, the symbol cap.
import type { RawData, WebSocket } from 'ws';
import { CODE } from '../../schwab/codes.ts';
import { MARKET_SERVICES, type DataItem, type MarketService } from '../../schwab/protocol.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/log.ts';
import type { SimulatorMarket } from '../market/market.ts';
import { applySubscriptionCommand, MESSAGES, type SubscriptionCommand } from './commands.ts';
import { ServiceFeed, type FeedTiming } from './feeds.ts';
import type { OAuthAuthority } from './oauth.ts';
import {
  checkRequest,
  isMarketService,
  parseEnvelope,
  splitKeys,
  type RequestEcho,
  type ValidRequest,
} from './requests.ts';
import type { StatsRecorder } from './stats.ts';

export interface SessionSettings extends FeedTiming {
  heartbeatMs: number;
}

/** How a connection with nothing subscribed ends: code 30 then a clean close, or a bare drop. */
export type EmptyClose = 'notify' | 'drop';

/** The switchable behaviours a session reads live (faults.ts's ServiceModes holds them). */
export interface SessionModes {
  /** Level 1 snapshots of logins from now on say `delayed: true`. */
  readonly delayed: boolean;
  /** Ms with nothing subscribed before the stream ends; 0 never ends it. */
  readonly emptyTimeoutMs: number;
  readonly emptyClose: EmptyClose;
  /** Keys per service before code 19. */
  readonly symbolLimit: number;
  /** VIEW answers success and changes nothing. */
  readonly ignoreView: boolean;
}

/** What a session needs from the simulator that owns it. */
export interface SessionHost {
  readonly clock: Clock;
  readonly market: SimulatorMarket;
  readonly settings: SessionSettings;
  /** The switchable behaviours: empty-stream close, delayed data, VIEW, symbol cap. */
  readonly modes: SessionModes;
  readonly auth: OAuthAuthority;
  readonly customerId: string;
  readonly stats: StatsRecorder;
  readonly logger: Logger;
  /** Consumes one `denyLogins` fault; true means refuse this LOGIN. */
  takeLoginDenial(): boolean;
  /** After a successful LOGIN: the host stops the customer's older connections with code 12. */
  loggedIn(session: StreamerSession): void;
  /** Keys were added or removed (the market is told which contracts to trade). */
  subscriptionsChanged(): void;
  /** Brings the market up to the clock before a snapshot. */
  advanceMarket(): void;
}

const SERVER_NAME = 's0001sim-1';
/** A client this far behind gets no new data until it drains (conflation catches it up). */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

function markDelayed(item: DataItem): DataItem {
  return 'delayed' in item ? { ...item, delayed: true } : item;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export class StreamerSession {
  readonly id: number;
  private readonly ws: WebSocket;
  private readonly host: SessionHost;
  private readonly feeds = new Map<MarketService, ServiceFeed>();
  private ids: { customerId: string; correlId: string } | null = null;
  private closing = false;
  private silentUntil = Number.NEGATIVE_INFINITY;
  private nextHeartbeatAt: number | null = null;
  private emptyDeadline: number | null = null;
  /** This login's entitlement: its Level 1 snapshots say `delayed: true`. */
  private delayed = false;

  constructor(id: number, ws: WebSocket, host: SessionHost) {
    this.id = id;
    this.ws = ws;
    this.host = host;
    ws.on('message', (data) => this.receive(rawText(data)));
    // autoPong is off server-wide so a silenced connection can also stop answering pings.
    ws.on('ping', (data) => {
      if (!this.isSilent() && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('close', () => {
      this.closing = true;
    });
  }

  get loggedIn(): boolean {
    return this.ids !== null && !this.closing;
  }

  get customerId(): string | null {
    return this.ids?.customerId ?? null;
  }

  /** Subscribed keys per service. */
  subscriptions(): Map<MarketService, string[]> {
    const out = new Map<MarketService, string[]>();
    for (const [service, feed] of this.feeds) if (feed.size > 0) out.set(service, feed.keys());
    return out;
  }

  /** Called every tick after the market advanced: heartbeats, the empty stop, due data. */
  tick(now: number): void {
    if (this.closing || this.isSilent()) return;
    if (this.nextHeartbeatAt !== null && now >= this.nextHeartbeatAt) this.sendHeartbeat(now);
    if (this.emptyDeadline !== null && now >= this.emptyDeadline) {
      this.emptyDeadline = null;
      if (this.totalKeys() === 0) return this.endEmpty();
    }
    this.flushData(now);
  }

  /** An ADMIN notify with a connection-level code, then a clean close (codes 12 and 30). */
  stop(code: number, msg: string): void {
    if (this.closing) return;
    const now = this.host.clock.now();
    this.send(
      JSON.stringify({ notify: [{ service: 'ADMIN', timestamp: now, content: { code, msg } }] }),
    );
    this.close(1000);
  }

  /** Fault: a close with this code, as the server's side of a lost network (1011 keepalive ping timeout). */
  closeWith(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
  }

  /** The empty-stream rule changed (ServiceModes): an empty connection's deadline starts now. */
  emptyRuleChanged(): void {
    if (!this.loggedIn) return;
    this.emptyDeadline =
      this.totalKeys() === 0 ? this.emptyDeadlineFrom(this.host.clock.now()) : null;
  }

  /** Fault: drop the TCP connection without a close frame. */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  /** Fault: nothing at all leaves this connection (data, heartbeats, responses, pongs) for `ms`. */
  goSilent(ms: number): void {
    this.silentUntil = this.host.clock.now() + ms;
  }

  /** Fault: a frame that is not JSON. */
  sendRaw(text: string): void {
    this.send(text);
  }

  private isSilent(): boolean {
    return this.host.clock.now() < this.silentUntil;
  }

  private receive(text: string): void {
    if (this.closing) return;
    const now = this.host.clock.now();
    this.host.stats.framesReceived++;
    const envelope = parseEnvelope(text);
    if (!envelope.ok) {
      this.respond(
        { service: '', command: '', requestid: '', correlId: '' },
        CODE.BAD_COMMAND_FORMAT,
        MESSAGES.badFormat,
        now,
      );
      return;
    }
    const hadKeys = this.totalKeys() > 0;
    for (const raw of envelope.requests) {
      if (this.closing) return;
      this.handle(raw, now);
    }
    if (this.closing) return;
    // Unsubscribing the last key ends the stream at once (docs/schwab-streaming.md §3.4).
    if (hadKeys && this.loggedIn && this.totalKeys() === 0 && this.host.modes.emptyTimeoutMs > 0)
      return this.endEmpty();
    // Snapshots for what was just subscribed follow the responses.
    this.host.advanceMarket();
    this.flushData(now);
  }

  private handle(raw: unknown, now: number): void {
    const check = checkRequest(raw);
    if (!check.ok)
      return this.respond(check.echo, CODE.BAD_COMMAND_FORMAT, MESSAGES.badFormat, now);
    const request = check.request;
    this.host.stats.request(
      request.service,
      request.command,
      request.parameters,
      splitKeys(request.parameters.keys).length,
    );
    if (request.command === 'LOGIN') return this.login(request, now);
    const ids = this.ids;
    if (
      ids === null ||
      ids.customerId !== request.customerId ||
      ids.correlId !== request.correlId
    ) {
      return this.respond(request, CODE.STREAM_CONN_NOT_FOUND, MESSAGES.notLoggedIn, now);
    }
    if (request.command === 'LOGOUT') {
      this.respond(request, CODE.SUCCESS, 'SUCCESS', now);
      return this.close(1000);
    }
    if (!isMarketService(request.service))
      return this.respond(request, CODE.SERVICE_NOT_AVAILABLE, MESSAGES.notAvailable, now);
    this.subscription(request, request.service, now);
  }

  private login(request: ValidRequest, now: number): void {
    const host = this.host;
    const refused = host.takeLoginDenial();
    const tokenValid = host.auth.accessTokenValid(request.parameters.Authorization);
    if (refused || !tokenValid || request.customerId !== host.customerId) {
      host.stats.loginsDenied++;
      host.logger.info('streamer LOGIN denied', {
        connection: this.id,
        fault: refused,
        tokenValid,
        customerIdKnown: request.customerId === host.customerId,
      });
      this.respond(request, CODE.LOGIN_DENIED, MESSAGES.loginDenied, now);
      return this.close(1000);
    }
    host.stats.loginsOk++;
    this.ids = { customerId: request.customerId, correlId: request.correlId };
    this.delayed = host.modes.delayed;
    this.respond(request, CODE.SUCCESS, `server=${SERVER_NAME};status=NP`, now);
    this.sendHeartbeat(now);
    if (this.totalKeys() === 0) this.emptyDeadline = this.emptyDeadlineFrom(now);
    host.logger.debug('streamer LOGIN ok', { connection: this.id });
    host.loggedIn(this);
  }

  private subscription(request: ValidRequest, service: MarketService, now: number): void {
    const command = request.command as SubscriptionCommand;
    const { symbolLimit, ignoreView } = this.host.modes;
    if (command === 'VIEW' && ignoreView)
      return this.respond(request, CODE.SUCCESS, 'VIEW command succeeded', now);
    const content = applySubscriptionCommand(
      this.feed(service),
      command,
      request.parameters,
      symbolLimit,
      now,
    );
    if (content.code !== CODE.BAD_COMMAND_FORMAT) this.host.subscriptionsChanged();
    this.respond(request, content.code, content.msg, now);
  }

  private feed(service: MarketService): ServiceFeed {
    let feed = this.feeds.get(service);
    if (!feed) {
      feed = new ServiceFeed(service, this.host.market, this.host.settings);
      this.feeds.set(service, feed);
    }
    return feed;
  }

  /** Code 30 and a clean close, or (ServiceModes.emptyClose 'drop') a drop without a word. */
  private endEmpty(): void {
    if (this.host.modes.emptyClose === 'drop') return this.terminate();
    this.stop(CODE.STOP_STREAMING, MESSAGES.emptySubscription);
  }

  private emptyDeadlineFrom(now: number): number | null {
    const ms = this.host.modes.emptyTimeoutMs;
    return ms > 0 ? now + ms : null;
  }

  private totalKeys(): number {
    let total = 0;
    for (const feed of this.feeds.values()) total += feed.size;
    return total;
  }

  private flushData(now: number): void {
    if (this.closing || this.ids === null || this.isSilent()) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    const blocks: string[] = [];
    let items = 0;
    for (const service of MARKET_SERVICES) {
      const collected: DataItem[] | undefined = this.feeds.get(service)?.collect(now);
      if (!collected || collected.length === 0) continue;
      // A delayed login's snapshots say so (the meta key keeps its place in the item).
      const content = this.delayed ? collected.map(markDelayed) : collected;
      items += content.length;
      // Live frames have a space after the service name; copied for byte fidelity.
      blocks.push(
        `{"service":${JSON.stringify(service)}, "timestamp":${now},"command":"SUBS","content":${JSON.stringify(content)}}`,
      );
    }
    if (blocks.length === 0) return;
    if (this.send(`{"data":[${blocks.join(',')}]}`)) this.host.stats.dataItemsSent += items;
  }

  private sendHeartbeat(now: number): void {
    this.nextHeartbeatAt = now + this.host.settings.heartbeatMs;
    if (this.send(JSON.stringify({ notify: [{ heartbeat: String(now) }] })))
      this.host.stats.heartbeatsSent++;
  }

  private respond(
    request: RequestEcho | ValidRequest,
    code: number,
    msg: string,
    now: number,
  ): void {
    const item = {
      service: request.service,
      command: request.command,
      requestid: request.requestid,
      SchwabClientCorrelId: request.correlId,
      timestamp: now,
      content: { code, msg },
    };
    this.send(JSON.stringify({ response: [item] }));
  }

  private send(text: string): boolean {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return false;
    if (this.isSilent()) {
      this.host.stats.framesSuppressed++;
      return false;
    }
    this.ws.send(text);
    this.host.stats.framesSent++;
    return true;
  }

  private close(code: number): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code);
  }
}
