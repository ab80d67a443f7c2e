// What the web host can do for a window: nothing outside the browser. A book, the feed or an
// external link is opened by the page itself in a tab of its own (same origin, so the host's
// cookie lets it in); a finished export is a link the page downloads.
import type { HostCapabilities } from '../../app/app-core.ts';
import { bookRoute } from '../../../shared/ipc/windows.ts';

/** The path finished exports are served under (web-host.ts serves the folder there). */
export const EXPORTS_PATH = '/exports/';

export function webHostCapabilities(exportsDir: string): HostCapabilities {
  return {
    kind: 'web',
    openBook: (symbol) => ({ by: 'page', url: bookRoute(symbol) }),
    openFeed: () => ({ by: 'page', url: '?window=feed' }),
    openExternal: (url) => ({ by: 'page', url }),
    exports: { dir: exportsDir, delivery: { by: 'link', prefix: EXPORTS_PATH } },
  };
}
