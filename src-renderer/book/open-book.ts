// Opening a contract's book: the desktop host opens a window of its own; the web host answers
// `{ opened: false }`, and the page opens the book's route in a new tab (same origin, so the
// host's cookie lets it in without the token in the address).
import type { FathomBridge } from '../../shared/ipc/bridge.ts';

/** The book window's route for a contract (Schwab's 21-character symbol, spaces and all). */
export function bookPath(pathname: string, symbol: string): string {
  return `${pathname}?window=book&symbol=${encodeURIComponent(symbol)}`;
}

export type OpenTab = (url: string) => void;

export interface OpenedBook {
  symbol: string;
  /** Main opened a window for it (desktop). */
  opened: boolean;
  /** The page opened a tab for it (web host). */
  tab: boolean;
}

export async function openBookWindow(bridge: Pick<FathomBridge, 'api' | 'host'>, symbol: string, pathname: string, openTab: OpenTab): Promise<OpenedBook> {
  const { opened } = await bridge.api.windows.openBook({ symbol });
  if (opened || bridge.host !== 'web') return { symbol, opened, tab: false };
  openTab(bookPath(pathname, symbol));
  return { symbol, opened, tab: true };
}

export function browserOpenTab(url: string): void {
  window.open(url, '_blank', 'noopener');
}
