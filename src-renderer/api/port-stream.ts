// The page's side of an Electron window's MessagePort (shared/ipc/port-handshake.ts): it makes a
// nonce, asks the preload, takes the port posted back to its own window with that nonce, and
// delivers the binary flow frames that come over it. The preload's bridge still carries every
// other event and every request; flow events are listened for on both, since main sends each
// batch one way only (the events channel until the port is held).
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import { readBinaryFrame } from '../../shared/ipc/binary-frames.ts';
import type { EventFanOut } from '../../shared/ipc/fan-out.ts';
import { flowEvents } from '../../shared/ipc/flows.ts';
import { isPortOffer } from '../../shared/ipc/port-handshake.ts';

interface MessageTarget {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

/**
 * Resolves with the port the preload posts to `target` with `nonce`; `fromOwnWindow` tells a
 * post from the page's own window (event.source === window) from one by any other frame.
 */
export function acquirePort(target: MessageTarget, request: (nonce: string) => void, nonce: string, fromOwnWindow: (event: MessageEvent) => boolean): Promise<MessagePort> {
  return new Promise((resolve) => {
    const listener = (event: MessageEvent): void => {
      if (!fromOwnWindow(event) || !isPortOffer(event.data, nonce) || event.ports.length !== 1) return;
      target.removeEventListener('message', listener);
      resolve(event.ports[0] as MessagePort);
    };
    target.addEventListener('message', listener);
    request(nonce);
  });
}

/** Delivers each binary frame from `port` to `fanOut`; anything else is reported and dropped. */
export function listenPort(port: MessagePort, fanOut: EventFanOut, onBad: (error: unknown) => void): void {
  port.onmessage = (event: MessageEvent) => {
    const data: unknown = event.data;
    if (!(data instanceof Uint8Array) && !(data instanceof ArrayBuffer)) return onBad(new Error('a port message that is not a binary frame'));
    try {
      fanOut.deliver([readBinaryFrame(data)]);
    } catch (error) {
      onBad(error);
    }
  };
}

/** The preload's bridge with its flow events also fed from the port's fan-out. */
export function withPortStreams(bridge: FathomBridge, fanOut: EventFanOut): FathomBridge {
  const both =
    <P>(preloaded: (listener: (payload: P) => void) => () => void, channel: string) =>
    (listener: (payload: P) => void): (() => void) => {
      const offs = [preloaded(listener), fanOut.subscribe(channel, (payload) => listener(payload as P))];
      return () => offs.forEach((off) => off());
    };
  const flows = { ...bridge.on.flows, batch: both(bridge.on.flows.batch, flowEvents.batch.channel), reset: both(bridge.on.flows.reset, flowEvents.reset.channel) };
  return Object.freeze({ ...bridge, on: Object.freeze({ ...bridge.on, flows: Object.freeze(flows) }) });
}
