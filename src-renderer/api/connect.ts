// Start-up: which window this page is, and its bridge: the one the Electron preload exposes as
// `window.fathom`, or one built here over the web host's WebSocket when there is none.
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import { createBridge } from '../../shared/ipc/bridge.ts';
import { IPC_PATH } from '../../shared/ipc/wire.ts';
import type { HostLink, TransportLink } from './transport.ts';
import type { PageRoute } from './route.ts';
import { parseRoute, searchWithoutToken, socketUrl } from './route.ts';
import { createWebSocketLink } from './ws-transport.ts';
import { EventFanOut } from '../../shared/ipc/fan-out.ts';
import { makePortNonce } from '../../shared/ipc/port-handshake.ts';
import { acquirePort, listenPort, withPortStreams } from './port-stream.ts';

const TOKEN_KEY = 'fathom.token';

export interface Connection {
  route: PageRoute;
  link: HostLink;
  bridge: FathomBridge;
}

export function connect(): Connection {
  const route = parseRoute(window.location.search);
  const preloaded = window.fathom;
  if (preloaded) return electronConnection(route, preloaded);
  const link = webLink(route);
  return { route, link, bridge: createBridge(link.transport, route.window) };
}

/**
 * Electron: the preload's bridge is used as is; it was built for this window's kind, which
 * wins over the query (main sets both, and main checks every call against its own record).
 * IPC to main does not drop and reconnect, so the link is open for the page's whole life.
 */
function electronConnection(route: PageRoute, preloaded: FathomBridge): Connection {
  const since = Date.now();
  const link: HostLink = { state: () => ({ status: 'open', since }), onState: () => () => {}, hasCredentials: () => true };
  const kind = preloaded.window === 'book' && route.symbol !== null ? 'book' : 'feed';
  return { route: { window: kind, symbol: kind === 'book' ? route.symbol : null, token: null }, link, bridge: withFlowPort(preloaded) };
}

/**
 * The flow stream over a MessagePort of this window's own (port-stream.ts), beside the preload's
 * events channel, which carries it until main holds the port.
 */
function withFlowPort(preloaded: FathomBridge): FathomBridge {
  const request = preloaded.requestPort;
  if (!request) return preloaded;
  const fanOut = new EventFanOut((channel, error) => console.error(`fathom: a ${channel} listener failed`, error));
  const onBad = (error: unknown): void => console.error('fathom: a frame on the flow port was refused', error);
  const nonce = makePortNonce((bytes) => crypto.getRandomValues(bytes));
  void acquirePort(window, request, nonce, (event) => event.source === window).then((port) => listenPort(port, fanOut, onBad));
  return withPortStreams(preloaded, fanOut);
}

/**
 * The token moves from the address bar into this tab's session storage, so a reload still
 * connects while screenshots, screen shares and copied links no longer show it.
 */
function webLink(route: PageRoute): TransportLink {
  let token = route.token;
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else token = sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the token in the URL still works for this load.
  }
  if (route.token) {
    const { pathname, hash } = window.location;
    window.history.replaceState(window.history.state, '', `${pathname}${searchWithoutToken(window.location.search)}${hash}`);
  }
  // The host's cookie may let a page in without a token; without either it will refuse.
  return createWebSocketLink({ url: socketUrl(window.location, { ...route, token }, IPC_PATH), hasToken: token !== null });
}
