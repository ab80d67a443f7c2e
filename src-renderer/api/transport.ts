// How a window reaches main. The React app codes against FathomBridge (shared/ipc/bridge.ts);
// underneath, one of two transports carries the contract: the Electron preload's
// `window.fathomTransport`, or a WebSocket to the web host.
import type { Envelope } from '../../shared/ipc/define.ts';

/**
 * What the Electron preload exposes as `window.fathomTransport` (contextBridge). Main validates
 * every request against the contract and the calling window's kind, so this surface grants
 * nothing the contract does not.
 */
export interface FathomTransport {
  /** Sends one request; resolves with main's envelope (never rejects for a refused request). */
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  /** Delivers pushed events of one channel; returns its own unsubscribe. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

/** The state of the pipe to the host itself (not the market connection behind it). */
export type LinkState =
  | { status: 'open'; since: number }
  | { status: 'connecting'; attempt: number; since: number }
  /** Closed; the next attempt starts at `retryAt` (epoch ms). */
  | { status: 'waiting'; attempt: number; retryAt: number; since: number; reason: string };

/** A transport plus the state of its link, which the UI shows and the app re-handshakes on. */
export interface HostLink {
  readonly host: 'electron' | 'web';
  readonly transport: FathomTransport;
  state(): LinkState;
  onState(listener: (state: LinkState) => void): () => void;
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser. */
    fathomTransport?: FathomTransport;
  }
}
