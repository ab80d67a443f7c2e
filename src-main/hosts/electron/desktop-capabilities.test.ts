// The desktop's HostCapabilities on stand-ins: windows opened by the host, links through the
// checked opener, and the data-folder picker behind an injected dialog.showOpenDialog.
import { describe, expect, it } from 'vitest';
import { IpcFailure } from '../../ipc/router.ts';
import { desktopCapabilities, FOLDER_DIALOG, type FolderDialogOptions, type ShowOpenDialog } from './desktop-capabilities.ts';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function host(showOpenDialog: ShowOpenDialog, windows: { openBook(s: string): boolean; showFeed(): boolean } | null = null) {
  const opened: string[] = [];
  const caps = desktopCapabilities({
    windows: () => windows,
    openExternal: (url) => {
      opened.push(url);
      return url.startsWith('https://developer.schwab.com/');
    },
    exportsDir: '/data/exports',
    showOpenDialog,
  });
  return { caps, opened };
}

const never: ShowOpenDialog = () => new Promise(() => undefined);

describe('desktop capabilities', () => {
  it('opens windows itself, and says so; refuses when there is no window manager yet', () => {
    const { caps } = host(never, { openBook: () => true, showFeed: () => true });
    expect(caps.kind).toBe('electron');
    expect(caps.openBook('SPY   241129C00450000')).toEqual({ by: 'host' });
    expect(caps.openFeed()).toEqual({ by: 'host' });
    expect(() => host(never).caps.openFeed()).toThrow(IpcFailure);
    expect(caps.exports).toEqual({ dir: '/data/exports', delivery: { by: 'file' } });
  });

  it('hands links to the checked opener and reports its refusal', () => {
    const { caps, opened } = host(never);
    expect(caps.openExternal('https://developer.schwab.com/')).toEqual({ by: 'host' });
    expect(() => caps.openExternal('https://example.com/')).toThrow(/could not be opened/);
    expect(opened).toEqual(['https://developer.schwab.com/', 'https://example.com/']);
  });
});

describe('chooseDataFolder: the native folder picker', () => {
  it('asks for one folder, new folders allowed, and returns the chosen path', async () => {
    const asked: FolderDialogOptions[] = [];
    const { caps } = host(async (options) => {
      asked.push(options);
      return { canceled: false, filePaths: ['/home/u/Fathom data'] };
    });
    expect(await caps.chooseDataFolder?.()).toBe('/home/u/Fathom data');
    expect(asked).toEqual([FOLDER_DIALOG]);
    expect(asked[0]!.properties).toEqual(['openDirectory', 'createDirectory']);
  });

  it.each([
    ['cancelled', { canceled: true, filePaths: ['/ignored'] }],
    ['closed with nothing chosen', { canceled: false, filePaths: [] }],
    ['an empty path', { canceled: false, filePaths: [''] }],
  ])('returns null when %s', async (_what, answer) => {
    const { caps } = host(async () => answer);
    expect(await caps.chooseDataFolder?.()).toBeNull();
  });

  it('shows one picker at a time: a second request gets the same answer', async () => {
    const pending = deferred<{ canceled: boolean; filePaths: string[] }>();
    let shown = 0;
    const { caps } = host(() => {
      shown++;
      return pending.promise;
    });
    const first = caps.chooseDataFolder?.();
    const second = caps.chooseDataFolder?.();
    expect(shown).toBe(1);
    pending.resolve({ canceled: false, filePaths: ['/data/two'] });
    expect(await Promise.all([first, second])).toEqual(['/data/two', '/data/two']);
    // Once answered, the next request opens a new picker.
    void caps.chooseDataFolder?.();
    expect(shown).toBe(2);
  });

  it('lets a picker failure reach the caller, and opens a new one next time', async () => {
    let calls = 0;
    const { caps } = host(() => (++calls === 1 ? Promise.reject(new Error('no display')) : Promise.resolve({ canceled: false, filePaths: ['/d'] })));
    await expect(caps.chooseDataFolder?.()).rejects.toThrow('no display');
    expect(await caps.chooseDataFolder?.()).toBe('/d');
  });
});
