// Which window this page is, from its query: `?window=feed` (the default) or
// `?window=book&symbol=…`, plus the web host's `token`.
import type { WindowKind } from '../../shared/ipc/define.ts';
import { BINARY_WIRE } from '../../shared/ipc/wire.ts';

export interface PageRoute {
  window: WindowKind;
  /** The contract a book window shows; null for the feed. */
  symbol: string | null;
  /** The web host's page token; null in Electron or when the URL lost it. */
  token: string | null;
}

const SYMBOL_MAX = 32;
// Hex, base64 or base64url: whatever the host mints, as long as it cannot smuggle markup.
const TOKEN_PATTERN = /^[A-Za-z0-9._~+/=-]{8,512}$/;

export function parseRoute(search: string): PageRoute {
  const params = new URLSearchParams(search);
  const kind = params.get('window');
  const rawSymbol = params.get('symbol')?.trim() ?? '';
  const symbol = rawSymbol.length > 0 && rawSymbol.length <= SYMBOL_MAX ? rawSymbol : null;
  const rawToken = params.get('token');
  const token = rawToken !== null && TOKEN_PATTERN.test(rawToken) ? rawToken : null;
  if (kind === 'book' && symbol !== null) return { window: 'book', symbol, token };
  return { window: 'feed', symbol: null, token };
}

/** The query without the token, so the address bar (and a screenshot of it) never shows it. */
export function searchWithoutToken(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('token');
  const rest = params.toString();
  return rest.length > 0 ? `?${rest}` : '';
}

/** The IPC socket URL for this page, per shared/ipc/wire.ts; it asks for flow batches as binary frames. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, route: PageRoute, path: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const params = new URLSearchParams();
  params.set('token', route.token ?? '');
  params.set('window', route.window);
  if (route.symbol !== null) params.set('symbol', route.symbol);
  params.set(BINARY_WIRE.param, BINARY_WIRE.value);
  return `${scheme}://${location.host}${path}?${params.toString()}`;
}
