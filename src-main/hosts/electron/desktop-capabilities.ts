// What the desktop shell does for a window: it opens book windows and the feed itself, opens
// checked https links in the system browser, and saves exports to the data folder.
import type { HostCapabilities } from '../../app/app-core.ts';
import { IpcFailure } from '../../ipc/router.ts';

export interface DesktopCapabilityDeps {
  /** The window manager, once it exists (the core starts before it). */
  windows: () => { openBook(symbol: string): boolean; showFeed(): boolean } | null;
  openExternal: (url: string) => boolean;
  exportsDir: string;
  rememberDataDir?: (folder: string | null) => void;
}

export function desktopCapabilities(deps: DesktopCapabilityDeps): HostCapabilities {
  const done = (ok: boolean | undefined, what: string) => {
    if (!ok) throw new IpcFailure('UNAVAILABLE', `${what} could not be opened`);
    return { by: 'host' } as const;
  };
  return {
    kind: 'electron',
    openBook: (symbol) => done(deps.windows()?.openBook(symbol), 'the book window'),
    openFeed: () => done(deps.windows()?.showFeed(), 'the feed window'),
    openExternal: (url) => done(deps.openExternal(url), 'the link'),
    exports: { dir: deps.exportsDir, delivery: { by: 'file' } },
    ...(deps.rememberDataDir ? { rememberDataDir: deps.rememberDataDir } : {}),
  };
}
