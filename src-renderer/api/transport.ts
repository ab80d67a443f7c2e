// How a window reaches main. The React app codes against FathomBridge (shared/ipc/bridge.ts):
// in Electron the preload exposes one ready-made as `window.fathom` (named methods only, built
// inside the preload); in a browser the bridge is built here over a WebSocket transport.
import type { Envelope } from '../../shared/ipc/define.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';

/**
 * A generic request/event pipe to the host: the web host's WebSocket. (The Electron preload
 * exposes no such thing; a page there sees only `window.fathom`'s named methods.) The host
 * validates every request against the contract and the calling window's kind, so this surface
 * grants nothing the contract does not.
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

/** The state of the link to the host, which the UI shows and the app re-handshakes on. */
export interface HostLink {
  state(): LinkState;
  onState(listener: (state: LinkState) => void): () => void;
  /** False when this page has nothing to show the host that it may connect (no token). */
  hasCredentials(): boolean;
}

/** A link whose transport the page's bridge is built over (the web host's socket). */
export interface TransportLink extends HostLink {
  readonly transport: FathomTransport;
}

declare global {
  interface Window {
    /** The bridge the Electron preload exposes (contextBridge); absent in a browser. */
    fathom?: FathomBridge;
  }
}
