// What the desktop shell does for a window: it opens book windows and the feed itself, opens
// checked Schwab links in the system browser, saves exports to the data folder, and lets the
// user pick a data folder with the OS's own folder picker. Electron-free: desktop.ts hands in
// the window manager, security.openExternal and dialog.showOpenDialog.
import type { HostCapabilities } from '../../app/app-core.ts';
import { IpcFailure } from '../../ipc/router.ts';

/** The part of Electron's dialog.showOpenDialog the picker uses. */
export interface FolderDialogOptions {
  title: string;
  buttonLabel: string;
  properties: ['openDirectory', 'createDirectory'];
}
export type ShowOpenDialog = (options: FolderDialogOptions) => Promise<{ canceled: boolean; filePaths: string[] }>;

export interface DesktopCapabilityDeps {
  /** The window manager, once it exists (the core starts before it). */
  windows: () => { openBook(symbol: string): boolean; showFeed(): boolean } | null;
  openExternal: (url: string) => boolean;
  exportsDir: string;
  rememberDataDir?: (folder: string | null) => void;
  /** dialog.showOpenDialog, on the focused window when there is one. */
  showOpenDialog: ShowOpenDialog;
}

export const FOLDER_DIALOG: FolderDialogOptions = Object.freeze({
  title: 'Choose the Fathom data folder',
  buttonLabel: 'Use this folder',
  // A folder only, and the user may make a new one from the picker.
  properties: ['openDirectory', 'createDirectory'] as ['openDirectory', 'createDirectory'],
});

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
    chooseDataFolder: folderPicker(deps.showOpenDialog),
  };
}

/**
 * The chosen folder, or null when the user cancelled. One picker at a time: a second request
 * while it is open gets the same answer instead of a second dialog. Main validates the folder;
 * this only hands on what the OS picker returned.
 */
export function folderPicker(show: ShowOpenDialog): () => Promise<string | null> {
  let open: Promise<string | null> | null = null;
  return () => {
    open ??= show({ ...FOLDER_DIALOG, properties: [...FOLDER_DIALOG.properties] })
      .then(({ canceled, filePaths }) => {
        const [folder] = filePaths;
        return canceled || typeof folder !== 'string' || folder === '' ? null : folder;
      })
      .finally(() => {
        open = null;
      });
    return open;
  };
}
