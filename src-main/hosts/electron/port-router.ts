// Sends a window's pushes by the way each should travel: once its page holds a MessagePort
// (shared/ipc/port-handshake.ts), flow batches go over it as binary frames and everything else
// over the events channel as before; until then, and after the page resets, all of it goes over
// the events channel. Electron-free: the port is anything with postMessage and close
// (MessagePortMain in the app, a Node MessagePort in tests).
import { splitForBinary } from '../../../shared/ipc/binary-frames.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import type { Logger } from '../../util/log.ts';

export interface PortLike {
  postMessage(message: unknown): void;
  close(): void;
}

export class PortRouter {
  private port: PortLike | null = null;
  private readonly ipc: (events: WireEvent[]) => void;
  private readonly log: Logger;

  constructor(ipc: (events: WireEvent[]) => void, log: Logger) {
    this.ipc = ipc;
    this.log = log;
  }

  get attached(): boolean {
    return this.port !== null;
  }

  /** The page took this port: later flow batches go over it (an older port is closed). */
  attach(port: PortLike): void {
    this.port?.close();
    this.port = port;
  }

  /** The page is gone or reloading: its port goes with it. */
  detach(): void {
    this.port?.close();
    this.port = null;
  }

  send(events: WireEvent[]): void {
    const port = this.port;
    if (!port) return this.ipc(events);
    let parts: ReturnType<typeof splitForBinary>;
    try {
      parts = splitForBinary(events);
    } catch (error) {
      // A batch the binary form cannot carry still reaches the page, over the events channel.
      this.log.warn('a flow batch could not be packed; sent over the events channel', { reason: error instanceof Error ? error.message : String(error) });
      return this.ipc(events);
    }
    for (const part of parts) {
      if (part.kind === 'json') this.ipc(part.events);
      else port.postMessage(part.frame);
    }
  }
}
