// The built main bundle (out/main/index.js, what Electron would run) booted under plain Node
// with a stand-in for the `electron` module (fake-electron.testkit.ts): the real composition
// root, the real ingest worker (out/main/ingest-worker.js) on the demo market, the real store.
// It proves the wiring (lifecycle, guards, IPC door, windows, tray, notifications, quit), not
// Chromium; e2e/electron does that where a binary exists. Skipped before `npm run build`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../shared/ipc/define.ts';
import { EVENTS_CHANNEL, REQUEST_CHANNEL } from '../../../shared/ipc/transport.ts';
import * as electron from './fake-electron.testkit.ts';
import type { MainTestHooks } from './test-hooks.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';

vi.mock('electron', () => import('./fake-electron.testkit.ts'));

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'out/main/index.js');
const built = existsSync(bundle) && existsSync(join(root, 'out/main/ingest-worker.js'));
if (!built) console.log('main-bundle.test.ts: skipped, out/main is not built yet (npm run build)');

const { app, BrowserWindow, ipcMain, Notification, shell, Tray, defaultSession, fakeEvent } = electron;
let dataDir: string;
const saved = { ...process.env };

async function until<T>(check: () => T | undefined | null | false, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

type Frame = { url: string; parent: null | object };

function frameOf(win: electron.BrowserWindow): Frame {
  return { url: win.webContents.mainFrame.url, parent: null };
}

function request(win: electron.BrowserWindow, channel: unknown, payload: unknown = {}, frame: Frame = frameOf(win)): Promise<Envelope<unknown>> {
  return ipcMain.invoke(win.webContents, frame, REQUEST_CHANNEL, channel, payload) as Promise<Envelope<unknown>>;
}

function pushed(win: electron.BrowserWindow): string[] {
  return win.webContents.sent.filter(([c]) => c === EVENTS_CHANNEL).flatMap(([, batch]) => (batch as [string, unknown][]).map(([name]) => name));
}

const hooks = () => (globalThis as unknown as { __fathomTest: MainTestHooks }).__fathomTest;

beforeAll(async () => {
  if (!built) return;
  dataDir = mkdtempSync(join(tmpdir(), 'fathom-bundle-main-'));
  Object.assign(process.env, { FATHOM_DATA_DIR: dataDir, FATHOM_DEMO: '1', FATHOM_E2E: '1', FATHOM_KEYCHAIN_SERVICE: `fathom-bundle-${process.pid}`, FATHOM_LOG_LEVEL: 'error' });
  app.appPath = root;
  await import(pathToFileURL(bundle).href);
  await until(() => ipcMain.handlers.size > 0 && BrowserWindow.open().length === 1, 'the desktop to boot');
}, 60_000);

afterAll(async () => {
  if (!built) return;
  if (!app.quitted) {
    app.quit();
    await until(() => app.quitted, 'the quit', 20_000);
  }
  process.env = saved;
  rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(!built)('the built main bundle on a stand-in Electron', () => {
  it('opens the feed window with the fixed secure preferences, its preload and our page', () => {
    expect(dialogErrors()).toEqual([]);
    const [feed] = BrowserWindow.open();
    expect(feed!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: true });
    const preload = String(feed!.options.webPreferences?.preload);
    expect(preload).toBe(join(root, 'out/preload/feed.cjs'));
    expect(existsSync(preload)).toBe(true);
    expect(feed!.loaded).toEqual({ path: join(root, 'out/renderer/index.html'), query: { window: 'feed' } });
    expect(app.userData).toBe(join(dataDir, 'electron'));
    expect(app.sandboxed).toBe(true);
  });

  it('guards every web contents and locks the session', async () => {
    const [feed] = BrowserWindow.open();
    const contents = feed!.webContents;
    const away = fakeEvent('https://example.com/');
    contents.emit('will-navigate', away);
    expect(away.prevented).toBe(true);
    const reload = fakeEvent(`${contents.mainFrame.url}`);
    contents.emit('will-navigate', reload);
    expect(reload.prevented).toBe(false);
    const redirect = fakeEvent('file:///etc/passwd');
    contents.emit('will-redirect', redirect);
    expect(redirect.prevented).toBe(true);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    // Test mode records the checked link instead of opening a browser.
    expect(hooks().externalRequests()).toEqual(['https://example.com/x']);
    expect(shell.opened).toEqual([]);
    const granted: boolean[] = [];
    defaultSession.permissionRequest?.(contents, 'notifications', (g) => granted.push(g));
    defaultSession.permissionRequest?.(contents, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(defaultSession.permissionCheck?.()).toBe(false);
    let headers: Record<string, string[]> | undefined;
    defaultSession.headersHook?.({ url: contents.mainFrame.url, responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => (headers = r.responseHeaders));
    expect(headers?.['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
    defaultSession.headersHook?.({ url: 'devtools://devtools/bundled/x.html', responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers).toBeUndefined();
  });

  it('answers only our windows, holds pushes until ready, then streams flows', async () => {
    const [feed] = BrowserWindow.open();
    const stranger = new electron.FakeWebContents();
    expect(await ipcMain.invoke(stranger, { url: feed!.webContents.mainFrame.url, parent: null }, REQUEST_CHANNEL, api.settings.get.channel, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(feed!, api.settings.get.channel, {}, { url: 'https://evil.example/', parent: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(feed!, api.settings.get.channel, {}, { url: feed!.webContents.mainFrame.url, parent: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(feed!, 'fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    await until(() => hooks().status().state === 'live', 'the demo market');
    expect(pushed(feed!)).toEqual([]);
    expect(await request(feed!, api.windows.ready.channel)).toMatchObject({ ok: true, value: { kind: 'feed', symbol: null } });
    expect(await request(feed!, api.flows.subscribe.channel, { backlog: 50 })).toMatchObject({ ok: true });
    await until(() => pushed(feed!).includes(eventDefs.flows.batch.channel) || pushed(feed!).includes(eventDefs.flows.reset.channel), 'flows pushed to the feed');
    expect(pushed(feed!)).toContain(eventDefs.marketData.status.channel);
  }, 40_000);

  it('pops out one book window per contract and brings the feed back from it', async () => {
    const [feed] = BrowserWindow.open();
    const symbol = 'SPY   241129C00450000';
    expect(await request(feed!, api.windows.openBook.channel, { symbol })).toEqual({ ok: true, value: { by: 'host' } });
    expect(await request(feed!, api.windows.openBook.channel, { symbol: 'SPY241129C00450000' })).toEqual({ ok: true, value: { by: 'host' } });
    const books = BrowserWindow.open().filter((w) => w.loaded?.query.window === 'book');
    expect(books).toHaveLength(1);
    expect(books[0]!.loaded?.query).toEqual({ window: 'book', symbol });
    expect(String(books[0]!.options.webPreferences?.preload)).toBe(join(root, 'out/preload/book.cjs'));
    expect(books[0]!.focusCount).toBe(1);
    expect(await request(books[0]!, api.windows.openFeed.channel)).toEqual({ ok: true, value: { by: 'host' } });
    expect(feed!.focused).toBe(true);
    books[0]!.close();
    expect(hooks().windows().map((w) => w.kind)).toEqual(['feed']);
  });

  it('shows the connection and whales in the tray, with mute, open feed and quit', async () => {
    const tray = await until(() => Tray.all[0], 'the tray');
    await until(() => tray.tooltip.startsWith('Fathom: live'), 'a live tooltip', 5_000);
    const labels = tray.menu?.template.map((item) => item.label ?? item.type) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['Mute alerts', 'Open flow feed', 'Quit Fathom']));
    const mute = tray.menu?.template.find((item) => item.label === 'Mute alerts');
    expect(mute?.checked).toBe(false);
    mute?.click?.();
    await until(() => tray.menu?.template.find((item) => item.label === 'Mute alerts')?.checked, 'the mute tick');
  });

  it("routes a notification click to the contract's book window", async () => {
    const symbol = 'QQQ   241220P00400000';
    expect(hooks().clickNotification(symbol)).toBe(true);
    expect(Notification.shown.at(-1)?.options).toMatchObject({ title: "Whale: QQQ Dec 20 '24 400P", urgency: 'normal' });
    expect(BrowserWindow.open().filter((w) => w.loaded?.query.symbol === symbol)).toHaveLength(1);
    expect(hooks().clickNotification(symbol)).toBe(true);
    expect(BrowserWindow.open().filter((w) => w.loaded?.query.symbol === symbol)).toHaveLength(1);
  });

  it('quits only after the core stopped: the session is ended in the store, placements saved', async () => {
    app.quit();
    expect(app.quitted).toBe(false);
    await until(() => app.quitted, 'the real quit', 20_000);
    expect(app.quitRequests).toBe(2);
    expect(BrowserWindow.open()).toEqual([]);
    const db = new Database(join(dataDir, 'fathom.db'), { readonly: true });
    try {
      const sessions = db.prepare('SELECT source, ended_at, frames FROM sessions').all() as { source: string; ended_at: number | null; frames: number }[];
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.ended_at).not.toBeNull();
      expect(sessions[0]!.frames).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    expect(existsSync(join(dataDir, 'electron', 'window-state.json'))).toBe(true);
  }, 30_000);
});

function dialogErrors(): [string, string][] {
  return electron.dialog.errors;
}
