// One WebSocket connection to the streamer: open, LOGIN and wait for its answer, send requests
// one at a time matched by requestid, watch liveness. It never reconnects; the streamer does.
import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import type { FrameProcessor } from './frame-processor.ts';
import { encodeRequests, type ResponseItem, type StreamRequest } from './protocol.ts';
import type { StreamerInfo } from './rest-types.ts';
import { requireSecureUrl } from './rest.ts';

export interface ConnectionOptions {
  info: StreamerInfo;
  accessToken: string;
  clock: Clock;
  processor: FrameProcessor;
  logger: Logger;
  /** Silence longer than this (no frame, no pong) means the socket is dead. */
  livenessTimeoutMs: number;
  pingIntervalMs: number;
  requestTimeoutMs: number;
  perMessageDeflate: boolean;
  /** Raw inbound frames, before parsing, for the recorder. */
  onFrame: (text: string, receivedAt: number) => void;
  onClose: (reason: string) => void;
  /** Counts every request frame written to the socket. */
  onSent?: () => void;
}

export type LoginResult = { ok: true; message: string } | { ok: false; code: number; message: string };

interface Pending {
  resolve: (item: ResponseItem) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;
const MAX_PAYLOAD = 8 * 1024 * 1024;

export class StreamConnection {
  private readonly socket: WebSocket;
  private readonly options: ConnectionOptions;
  private readonly pending = new Map<string, Pending>();
  private readonly queue: { request: StreamRequest; pending: Omit<Pending, 'timer'> }[] = [];
  private inFlight: string | null = null;
  private nextId = 0;
  private lastActivity: number;
  private watchdog: TimerHandle | null = null;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(options: ConnectionOptions) {
    this.options = options;
    this.lastActivity = options.clock.now();
    this.socket = new WebSocket(options.info.streamerSocketUrl, {
      perMessageDeflate: options.perMessageDeflate,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: MAX_PAYLOAD,
    });
    this.socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.socket.on('pong', () => {
      this.lastActivity = options.clock.now();
    });
    this.socket.on('error', (error) => options.logger.warn('socket error', { reason: error.message }));
    this.socket.on('close', (code, reason) => this.finish(`socket closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
    this.unsubscribe = options.processor.events.on('response', ({ item }) => this.onResponse(item));
    this.armWatchdog();
  }

  /** Resolves when the socket opens, then logs in and resolves with the LOGIN answer. */
  async login(): Promise<LoginResult> {
    // The access token goes only to a wss streamer (or a loopback simulator), whatever
    // userPreference said; rest.ts checks it too, this is the last gate before the token.
    // The caller terminates the socket on a failed login, as on any other.
    requireSecureUrl(this.options.info.streamerSocketUrl, 'wss:', 'the streamer address');
    await new Promise<void>((resolve, reject) => {
      if (this.socket.readyState === WebSocket.OPEN) return resolve();
      this.socket.once('open', () => resolve());
      this.socket.once('close', () => reject(new Error('the socket closed before it opened')));
    });
    const { info, accessToken } = this.options;
    const item = await this.request('ADMIN', 'LOGIN', {
      Authorization: accessToken,
      SchwabClientChannel: info.schwabClientChannel,
      SchwabClientFunctionId: info.schwabClientFunctionId,
    });
    if (item.content.code === 0) return { ok: true, message: item.content.msg };
    return { ok: false, code: item.content.code, message: item.content.msg };
  }

  /** Sends one request after the previous one has been answered; resolves with the response. */
  request(service: string, command: string, parameters?: Record<string, string>): Promise<ResponseItem> {
    if (this.closed) return Promise.reject(new Error('the connection is closed'));
    const request: StreamRequest = {
      service,
      command,
      requestid: String(this.nextId++),
      SchwabClientCustomerId: this.options.info.schwabClientCustomerId,
      SchwabClientCorrelId: this.options.info.schwabClientCorrelId,
      ...(parameters ? { parameters } : {}),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ request, pending: { resolve, reject } });
      this.pump();
    });
  }

  close(reason: string): void {
    if (this.closed) return;
    this.options.logger.info('closing connection', { reason });
    this.socket.close(1000, reason.slice(0, 100));
    // A server that never answers the close handshake must not keep us waiting.
    this.options.clock.setTimeout(() => this.terminate(reason), 2_000);
  }

  terminate(reason: string): void {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.terminate();
    this.finish(reason);
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  get negotiatedExtensions(): string {
    return this.socket.extensions;
  }

  private pump(): void {
    if (this.inFlight !== null || this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    const next = this.queue.shift();
    if (!next) return;
    const { request, pending } = next;
    const timer = this.options.clock.setTimeout(() => {
      this.pending.delete(request.requestid);
      this.inFlight = null;
      pending.reject(new Error(`no answer to ${request.service} ${request.command} within ${this.options.requestTimeoutMs} ms`));
      this.pump();
    }, this.options.requestTimeoutMs);
    this.pending.set(request.requestid, { ...pending, timer });
    this.inFlight = request.requestid;
    this.socket.send(encodeRequests([request]));
    this.options.onSent?.();
  }

  private onResponse(item: ResponseItem): void {
    const pending = this.pending.get(item.requestid);
    if (!pending) return;
    this.pending.delete(item.requestid);
    this.options.clock.clearTimeout(pending.timer);
    if (this.inFlight === item.requestid) this.inFlight = null;
    pending.resolve(item);
    this.pump();
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    const receivedAt = this.options.clock.now();
    this.lastActivity = receivedAt;
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    this.options.onFrame(text, receivedAt);
    this.options.processor.process(text, receivedAt);
  }

  /**
   * Writes a client note (frame-processor.ts) into the inbound stream at this moment: recorded
   * and processed exactly like a frame, so a replay changes its state at the same point.
   */
  note(text: string): void {
    const receivedAt = this.options.clock.now();
    this.options.onFrame(text, receivedAt);
    this.options.processor.process(text, receivedAt);
  }

  private armWatchdog(): void {
    const { clock, livenessTimeoutMs, pingIntervalMs } = this.options;
    const step = Math.min(pingIntervalMs, Math.max(250, Math.floor(livenessTimeoutMs / 4)));
    let sincePing = 0;
    const check = () => {
      if (this.closed) return;
      const silentFor = clock.now() - this.lastActivity;
      if (silentFor > livenessTimeoutMs) {
        this.options.logger.warn('stream silent, terminating', { silentForMs: silentFor });
        this.terminate(`no frame or pong for ${Math.round(silentFor / 1000)} s`);
        return;
      }
      sincePing += step;
      if (sincePing >= pingIntervalMs && this.socket.readyState === WebSocket.OPEN) {
        sincePing = 0;
        this.socket.ping();
      }
      this.watchdog = clock.setTimeout(check, step);
    };
    this.watchdog = clock.setTimeout(check, step);
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.clock.clearTimeout(this.watchdog);
    this.unsubscribe();
    const error = new Error(`connection ended: ${reason}`);
    for (const [, p] of this.pending) {
      this.options.clock.clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.pending.reject(error);
    this.options.onClose(reason);
  }
}
