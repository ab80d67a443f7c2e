// Opening a contract's book: main says whether the host opened a window of its own (desktop) or
// the page should open the book's route in a tab (web host: same origin, so the host's cookie
// lets it in without the token in the address).
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import { browserOpenTab, type OpenTab } from '../api/open-answer.ts';

export interface OpenedBook {
  symbol: string;
  /** The host opened a window for it (desktop). */
  opened: boolean;
  /** The page opened a tab for it (web host). */
  tab: boolean;
}

export async function openBookWindow(bridge: Pick<FathomBridge, 'api'>, symbol: string, openTab: OpenTab = browserOpenTab): Promise<OpenedBook> {
  const answer = await bridge.api.windows.openBook({ symbol });
  if (answer.by === 'page') openTab(answer.url);
  return { symbol, opened: answer.by === 'host', tab: answer.by === 'page' };
}
