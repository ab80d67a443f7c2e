// The request/event bookkeeping of the web host's socket (shared/ipc/wire.ts), apart from the
// socket itself so it is plain code: requests get ids and wait for their answer, requests made
// while the socket is down wait in a queue, pushed event batches fan out by channel.
import type { Envelope } from '../../shared/ipc/define.ts';
import { EventFanOut } from '../../shared/ipc/fan-out.ts';
import { parseServerMessage, type ClientMessage } from '../../shared/ipc/wire.ts';
import { readBinaryFrame } from '../../shared/ipc/binary-frames.ts';

/** Requests held while the socket is down; beyond this a request fails at once. */
export const MAX_QUEUED = 500;

interface Pending {
  message: ClientMessage;
  resolve: (envelope: Envelope<unknown>) => void;
}

export class WireClient {
  private nextId = 1;
  private open = false;
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<number, Pending>();
  private readonly fanOut: EventFanOut;
  private readonly send: (text: string) => void;
  private readonly onBadFrame: (error: unknown) => void;

  constructor(send: (text: string) => void, onListenerError: (channel: string, error: unknown) => void = () => {}, onBadFrame: (error: unknown) => void = () => {}) {
    this.send = send;
    this.fanOut = new EventFanOut(onListenerError);
    this.onBadFrame = onBadFrame;
  }

  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve) => {
      const pending: Pending = { message: { t: 'req', id: this.nextId++, channel, payload }, resolve };
      if (this.open) {
        this.transmit(pending);
      } else if (this.queue.length >= MAX_QUEUED) {
        resolve(unavailable('too many requests waiting for the host'));
      } else {
        this.queue.push(pending);
      }
    });
  }

  subscribe(channel: string, listener: (payload: unknown) => void): () => void {
    return this.fanOut.subscribe(channel, listener);
  }

  /** The socket opened: send what waited. */
  opened(): void {
    this.open = true;
    const waiting = this.queue.splice(0);
    for (const pending of waiting) this.transmit(pending);
  }

  /**
   * The socket closed. Requests already sent will never be answered (the host keeps no state
   * across sockets), so they fail now instead of at the bridge's timeout.
   */
  closed(reason: string): void {
    this.open = false;
    const lost = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const pending of lost) pending.resolve(unavailable(`connection to the host lost (${reason})`));
  }

  /** One text frame from the host; anything malformed is ignored. */
  received(text: string): void {
    const message = parseServerMessage(text);
    if (!message) return;
    if (message.t === 'res') {
      const pending = this.inFlight.get(message.id);
      if (!pending) return;
      this.inFlight.delete(message.id);
      pending.resolve(message.envelope);
      return;
    }
    this.fanOut.deliver(message.events);
  }

  /**
   * One binary frame: a flow batch, delivered still packed (its listener decodes it when it
   * applies it). A frame that is not one of ours is reported and dropped.
   */
  receivedBinary(data: ArrayBuffer | Uint8Array): void {
    let event: [string, unknown];
    try {
      event = readBinaryFrame(data);
    } catch (error) {
      this.onBadFrame(error);
      return;
    }
    this.fanOut.deliver([event]);
  }

  get waiting(): number {
    return this.queue.length + this.inFlight.size;
  }

  private transmit(pending: Pending): void {
    this.inFlight.set(pending.message.id, pending);
    try {
      this.send(JSON.stringify(pending.message));
    } catch (error) {
      this.inFlight.delete(pending.message.id);
      pending.resolve(unavailable(`could not send: ${(error as Error).message}`));
    }
  }
}

function unavailable(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}
