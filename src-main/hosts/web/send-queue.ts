// What the web host sends one window, with back-pressure. While the window reads, messages go
// straight to its socket. When it stops (a frozen tab, a busy page, a slow link), they wait here
// instead of piling up in the socket: a newer push of a `latest` event replaces the waiting one
// (a status, a book snapshot: only the newest matters), `every` events and answers to requests
// wait in order. Flow batches waiting are merged into one (flow-coalescer.ts): the newest version
// of each flow, sent where the newest batch stood, so an overloaded window sheds versions instead
// of falling further behind; a reset closes the merge, so no flow crosses it. The queue is bounded by bytes; a window that cannot be caught up within that
// bound, or that has taken nothing by a deadline, is closed with 1013 so it reconnects and
// starts afresh (the renderer reconnects with backoff and re-subscribes with a backlog).
import type { WebSocket } from 'ws';
import type { Envelope } from '../../../shared/ipc/define.ts';
import { eventDef } from '../../../shared/ipc/index.ts';
import { flowEvents, type FlowBatchWire } from '../../../shared/ipc/flows.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import { encodeBinaryFrame, frameChannel, frameSentAt, isBinaryChannel, splitForBinary } from '../../../shared/ipc/binary-frames.ts';
import { FlowCoalescer } from './flow-coalescer.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import type { Logger } from '../../util/log.ts';

export interface SendQueueLimits {
  /** Above this many bytes waiting in the socket itself, messages wait in the queue instead. */
  lowWaterBytes: number;
  /**
   * Above this many bytes in the socket, flow batches wait (merged) even while nothing else does:
   * a megabyte of packed flows is two seconds of the busiest stream, too late to show.
   */
  flowLowWaterBytes: number;
  /**
   * Flow frames a window that acknowledges what it receives (binary-frames.ts) may have on the
   * way; past this, new flows wait merged until a receipt comes. The socket's own buffers (the
   * kernel's, the browser's) hold seconds of the busiest stream before `bufferedAmount` grows.
   */
  flowFramesAhead: number;
  /** The most the queue holds; a message that does not fit closes the socket. */
  maxQueuedBytes: number;
  /** A queue that has not emptied, nor sent anything, for this long closes the socket. */
  stallMs: number;
  /** After the close frame, how long a window that does not answer it keeps its socket. */
  closeGraceMs: number;
}

export const SEND_QUEUE_LIMITS: Readonly<SendQueueLimits> = Object.freeze({
  lowWaterBytes: 1024 * 1024,
  flowLowWaterBytes: 64 * 1024,
  flowFramesAhead: 2,
  maxQueuedBytes: 16 * 1024 * 1024,
  stallMs: 15_000,
  closeGraceMs: 5_000,
});

/** RFC 6455 "Try Again Later": the window should reconnect. */
export const CLOSE_TOO_SLOW = 1013;

interface Waiting {
  /**
   * A whole message (an answer), one `[channel, payload]` event as JSON, a binary frame, or the
   * flow batches merged while they wait (made into a frame or an event when their turn comes).
   */
  kind: 'res' | 'evt' | 'bin' | 'flows';
  data: string | Uint8Array | FlowCoalescer;
  bytes: number;
}

const BATCH = flowEvents.batch.channel;

/** Messages grouped from the queue into one frame are kept to about this size. */
const MAX_FRAME_BYTES = 256 * 1024;

export interface SendQueueOptions {
  clock: Clock;
  log: Logger;
  /** Names the window in logs. */
  window: string;
  limits?: Partial<SendQueueLimits>;
  /** The socket asked for flow batches as binary frames (shared/ipc/binary-frames.ts). */
  binary?: boolean;
}

export class SendQueue {
  private readonly ws: WebSocket;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly window: string;
  private readonly limits: SendQueueLimits;
  private readonly binary: boolean;
  // Insertion order is send order. A `latest` event's key is its channel and scope, so deleting
  // and setting it again drops the older push and moves the newer to the end; every other
  // message has a key of its own.
  private readonly waiting = new Map<string, Waiting>();
  private bytes = 0;
  private nextKey = 0;
  private stallTimer: TimerHandle | null = null;
  private superseded = 0;
  /** Flow versions dropped while waiting, because a newer version of their flow came. */
  private shed = 0;
  /** The waiting merge new flow batches join, under its key; null once sent or after a reset. */
  private flows: { key: string; merge: FlowCoalescer } | null = null;
  /** Set by the window's first receipt: from then on, flow frames on the way are counted. */
  private acknowledging = false;
  /** Send times of the flow frames on the way to a window that acknowledges them. */
  private unacknowledged: number[] = [];
  private done = false;
  private readonly written = (error?: Error) => {
    if (!error) this.pump();
  };

  constructor(ws: WebSocket, options: SendQueueOptions) {
    this.ws = ws;
    this.clock = options.clock;
    this.log = options.log;
    this.window = options.window;
    this.limits = { ...SEND_QUEUE_LIMITS, ...options.limits };
    this.binary = options.binary === true;
    ws.once('close', () => this.stop());
  }

  /** Bytes waiting here (not counting what the socket itself holds). */
  get queuedBytes(): number {
    return this.bytes;
  }

  /** Flow versions this window never got because a newer version of their flow replaced them. */
  get shedFlows(): number {
    return this.shed;
  }

  /** The window received the binary frame sent at `sentAt` (and every one before it). */
  received(sentAt: number): void {
    this.acknowledging = true;
    let done = 0;
    while (done < this.unacknowledged.length && (this.unacknowledged[done] as number) <= sentAt) done++;
    if (done > 0) this.unacknowledged.splice(0, done);
    this.pump();
  }

  /** The answer to a request: never dropped (only lost with the socket). */
  answer(id: number, envelope: Envelope<unknown>): void {
    this.add(`r${this.nextKey++}`, 'res', JSON.stringify({ t: 'res', id, envelope }));
  }

  /** One batch of pushed events. */
  events(events: readonly WireEvent[]): void {
    if (!this.open()) return;
    if (this.waiting.size > 0 || this.backedUp()) {
      for (const event of events) this.queueEvent(event);
      return;
    }
    const firstFlows = this.flowsBackedUp() ? events.findIndex(([channel]) => channel === BATCH) : -1;
    if (firstFlows >= 0) {
      if (firstFlows > 0) this.sendNow(events.slice(0, firstFlows));
      for (const event of events.slice(firstFlows)) this.queueEvent(event);
      return;
    }
    this.sendNow(events);
  }

  private sendNow(events: readonly WireEvent[]): void {
    if (this.binary) {
      // Flow batches as binary frames of their own, the rest as JSON, in the order they came. A
      // batch the binary form cannot carry goes as JSON, which the window reads as well.
      let parts: ReturnType<typeof splitForBinary>;
      try {
        parts = splitForBinary(events);
      } catch (error) {
        this.log.warn('a flow batch could not be packed; sent as JSON', { window: this.window, reason: error instanceof Error ? error.message : String(error) });
        this.jsonEvents(events);
        return;
      }
      for (const part of parts) {
        if (part.kind === 'json') this.jsonEvents(part.events);
        else this.add(eventKey([part.channel, null]) ?? `b${this.nextKey++}`, 'bin', part.frame);
      }
      return;
    }
    this.jsonEvents(events);
  }

  /** One event for a window that is behind: flow batches merge, the rest waits as it is. */
  private queueEvent(event: WireEvent): void {
    const [channel, payload] = event;
    if (channel === BATCH) return this.queueFlows(payload as FlowBatchWire);
    // Whatever follows a reset must not merge with flows from before it.
    if (isBinaryChannel(channel)) this.flows = null;
    if (this.binary && isBinaryChannel(channel)) {
      let frame: Uint8Array | null = null;
      try {
        frame = encodeBinaryFrame(channel, payload as FlowBatchWire);
      } catch (error) {
        this.log.warn('a flow batch could not be packed; sent as JSON', { window: this.window, reason: error instanceof Error ? error.message : String(error) });
      }
      if (frame) return this.add(eventKey(event) ?? `b${this.nextKey++}`, 'bin', frame);
    }
    this.add(eventKey(event) ?? `e${this.nextKey++}`, 'evt', JSON.stringify(event));
  }

  private queueFlows(wire: FlowBatchWire): void {
    const open = this.flows;
    const merge = open?.merge ?? new FlowCoalescer();
    const before = merge.bytes;
    try {
      this.shed += merge.add(wire);
    } catch (error) {
      this.log.warn('a flow batch could not be read; dropped', { window: this.window, reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (open) {
      // The merge moves to where the newest batch stands, as a newer `latest` push does.
      this.waiting.delete(open.key);
      this.bytes -= before;
    }
    const key = `f${this.nextKey++}`;
    this.flows = { key, merge };
    this.add(key, 'flows', merge);
  }

  private jsonEvents(events: readonly WireEvent[]): void {
    if (this.waiting.size === 0 && !this.backedUp()) {
      this.write(JSON.stringify({ t: 'evts', events }));
      return;
    }
    for (const event of events) {
      if (this.done) return;
      this.add(eventKey(event) ?? `e${this.nextKey++}`, 'evt', JSON.stringify(event));
    }
  }

  private add(key: string, kind: Waiting['kind'], data: Waiting['data']): void {
    if (!this.open()) return;
    if (this.waiting.size === 0 && !this.backedUp() && !(data instanceof FlowCoalescer)) {
      this.write(data);
      return;
    }
    const older = this.waiting.get(key);
    if (older) {
      this.waiting.delete(key);
      this.bytes -= older.bytes;
      this.superseded++;
    }
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data instanceof FlowCoalescer ? data.bytes : data.byteLength;
    if (this.bytes + bytes > this.limits.maxQueuedBytes) {
      this.tooSlow(`its send queue would pass ${this.limits.maxQueuedBytes} bytes`);
      return;
    }
    if (this.stallTimer === null) {
      this.log.debug('window socket backed up; queueing', { window: this.window, buffered: this.ws.bufferedAmount });
      this.stallTimer = this.clock.setTimeout(() => this.tooSlow(`its send queue did not empty in ${this.limits.stallMs} ms`), this.limits.stallMs);
    }
    this.waiting.set(key, { kind, data, bytes });
    this.bytes += bytes;
  }

  /** Sends what waits while the socket takes it; runs whenever a write completes. */
  private pump(): void {
    const before = this.waiting.size;
    while (this.waiting.size > 0 && this.open() && !this.backedUp()) {
      const first = this.waiting.entries().next().value as [string, Waiting];
      if (first[1].kind === 'flows') {
        // Held until the socket is nearly empty: the merge takes every newer version meanwhile.
        if (this.flowsBackedUp()) break;
        this.take(first[0], first[1]);
        this.sendFlows(first[1].data as FlowCoalescer);
        continue;
      }
      if (first[1].kind !== 'evt') {
        this.take(first[0], first[1]);
        this.write(first[1].data as string | Uint8Array);
        continue;
      }
      // Consecutive events go out as one frame, as the hub would have sent them.
      const parts: string[] = [];
      let size = 0;
      for (const [key, item] of this.waiting) {
        if (item.kind !== 'evt' || (parts.length > 0 && size + item.bytes > MAX_FRAME_BYTES)) break;
        this.take(key, item);
        parts.push(item.data as string);
        size += item.bytes;
      }
      this.write(`{"t":"evts","events":[${parts.join(',')}]}`);
    }
    if (this.waiting.size > 0 && this.waiting.size < before && this.stallTimer && this.open()) {
      // Moving, if not yet empty (merged flows keep waiting while the window is a little behind):
      // the deadline is for a window that takes nothing.
      this.clock.clearTimeout(this.stallTimer);
      this.stallTimer = this.clock.setTimeout(() => this.tooSlow(`its send queue did not move in ${this.limits.stallMs} ms`), this.limits.stallMs);
    }
    if (this.waiting.size === 0 && this.stallTimer) {
      this.clock.clearTimeout(this.stallTimer);
      this.stallTimer = null;
      this.log.debug('window caught up', { window: this.window, shedFlows: this.shed, superseded: this.superseded });
    }
  }

  private take(key: string, item: Waiting): void {
    this.waiting.delete(key);
    this.bytes -= item.bytes;
    if (this.flows?.key === key) this.flows = null;
  }

  /** The merged flows as one batch, packed now (its frame says it was sent now). */
  private sendFlows(merge: FlowCoalescer): void {
    const event: WireEvent = [BATCH, merge.batch()];
    if (this.binary) {
      try {
        return this.write(encodeBinaryFrame(BATCH, event[1] as FlowBatchWire));
      } catch (error) {
        this.log.warn('a flow batch could not be packed; sent as JSON', { window: this.window, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    this.write(JSON.stringify({ t: 'evts', events: [event] }));
  }

  private write(data: string | Uint8Array): void {
    if (this.acknowledging && typeof data !== 'string' && isFlowBatchFrame(data)) this.unacknowledged.push(frameSentAt(data));
    // The callback runs once the socket has taken the message: the moment to send what waits.
    // A string goes as a text frame, bytes as a binary one.
    this.ws.send(data, this.written);
  }

  private flowsBackedUp(): boolean {
    return this.ws.bufferedAmount > this.limits.flowLowWaterBytes || (this.acknowledging && this.unacknowledged.length >= this.limits.flowFramesAhead);
  }

  private backedUp(): boolean {
    return this.ws.bufferedAmount > this.limits.lowWaterBytes;
  }

  private open(): boolean {
    return !this.done && this.ws.readyState === this.ws.OPEN;
  }

  private tooSlow(reason: string): void {
    if (this.done) return;
    this.log.warn('window too slow; closing its socket', { window: this.window, reason, queuedBytes: this.bytes, superseded: this.superseded, shedFlows: this.shed });
    this.stop();
    this.ws.close(CLOSE_TOO_SLOW, 'too slow');
    // The close frame waits behind what the socket holds; a window that never reads it is cut.
    const grace = this.clock.setTimeout(() => this.ws.terminate(), this.limits.closeGraceMs);
    this.ws.once('close', () => this.clock.clearTimeout(grace));
  }

  private stop(): void {
    this.done = true;
    this.waiting.clear();
    this.flows = null;
    this.bytes = 0;
    this.clock.clearTimeout(this.stallTimer);
    this.stallTimer = null;
  }
}

function isFlowBatchFrame(frame: Uint8Array): boolean {
  return frameChannel(frame) === BATCH;
}

/** A `latest` event's channel and scope (a book's contract), or null for one that must arrive. */
function eventKey([channel, payload]: WireEvent): string | null {
  if (eventDef(channel)?.delivery !== 'latest') return null;
  const symbol = typeof payload === 'object' && payload !== null ? (payload as { symbol?: unknown }).symbol : undefined;
  return typeof symbol === 'string' ? `l${channel}\u0000${symbol}` : `l${channel}`;
}
