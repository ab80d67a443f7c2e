// The web host's transport: one WebSocket to `/ipc`, reopened with backoff whenever it drops.
// Requests made while it is down wait (WireClient); the app re-handshakes on every reopen
// because the host keeps no per-window state across sockets.
import type { LinkState, TransportLink } from './transport.ts';
import { backoffDelay } from './backoff.ts';
import { WireClient } from './wire-client.ts';
import { encodeAck, frameSentAt } from '../../shared/ipc/binary-frames.ts';

export interface WebSocketLinkOptions {
  /** The socket URL; it carries the token, so it is never logged. */
  url: string;
  /** Whether the URL carries a token (else only the host's cookie can let the page in). */
  hasToken?: boolean;
  now?: () => number;
  random?: () => number;
}

export function createWebSocketLink(options: WebSocketLinkOptions): TransportLink {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const stateListeners = new Set<(state: LinkState) => void>();
  let state: LinkState = { status: 'connecting', attempt: 0, since: now() };
  let attempt = 0;
  let socket: WebSocket | null = null;

  const wire = new WireClient(
    (text) => {
      if (!socket || socket.readyState !== WebSocket.OPEN) throw new Error('socket not open');
      socket.send(text);
    },
    (channel, error) => console.error(`fathom: a ${channel} listener failed`, error),
    (error) => console.error('fathom: a binary frame from the host was refused', error),
  );

  function setState(next: LinkState): void {
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect(): void {
    setState({ status: 'connecting', attempt, since: now() });
    const ws = new WebSocket(options.url);
    // Flow batches come as binary frames (the URL asks for them, route.ts): an ArrayBuffer the
    // decoder views in place.
    ws.binaryType = 'arraybuffer';
    socket = ws;
    let opened = false;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      opened = true;
      attempt = 0;
      wire.opened();
      setState({ status: 'open', since: now() });
    });
    ws.addEventListener('message', (event: MessageEvent) => {
      if (socket !== ws) return;
      if (typeof event.data === 'string') wire.received(event.data);
      else if (event.data instanceof ArrayBuffer) {
        // The receipt first: the host sends only a few flow frames ahead of it (binary-frames.ts).
        const sentAt = frameSentAt(event.data);
        if (Number.isFinite(sentAt)) ws.send(encodeAck(sentAt));
        wire.receivedBinary(event.data);
      }
    });
    ws.addEventListener('close', (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      // Close code only: the URL, and so the token, stays out of every message.
      const reason = opened ? `closed (${event.code})` : `could not connect (${event.code})`;
      wire.closed(reason);
      attempt += 1;
      const delay = backoffDelay(attempt, random());
      setState({ status: 'waiting', attempt, retryAt: now() + delay, since: now(), reason });
      setTimeout(connect, delay);
    });
  }

  connect();

  return {
    hasCredentials: () => options.hasToken ?? true,
    transport: {
      invoke: (channel, payload) => wire.invoke(channel, payload),
      subscribe: (channel, listener) => wire.subscribe(channel, listener),
    },
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
}
