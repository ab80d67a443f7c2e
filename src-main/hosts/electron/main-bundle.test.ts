// The built main bundle (out/main/index.js, what Electron would run) booted under plain Node
// with a stand-in for the `electron` module (fake-electron.testkit.ts): the real composition
// root, the real ingest worker (out/main/ingest-worker.js) on the demo market, the real store.
// It proves the wiring (lifecycle, app:// and its CSP, guards, IPC door, windows, the sign-in
// window, tray, notifications, quit), not Chromium; e2e/electron does that where a binary
// exists. Skipped before `npm run build`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../shared/ipc/define.ts';
import { EVENTS_CHANNEL, REQUEST_CHANNEL } from '../../../shared/ipc/transport.ts';
import * as electron from './fake-electron.testkit.ts';
import { CONTENT_SECURITY_POLICY } from './renderer-protocol.ts';
import type { MainTestHooks } from './test-hooks.ts';
import { api, events as eventDefs } from '../../../shared/ipc/index.ts';

vi.mock('electron', () => import('./fake-electron.testkit.ts'));

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bundle = join(root, 'out/main/index.js');
const built = existsSync(bundle) && existsSync(join(root, 'out/main/ingest-worker.js'));
if (!built) console.log('main-bundle.test.ts: skipped, out/main is not built yet (npm run build)');

const { app, BrowserWindow, ipcMain, Notification, protocol, session, shell, Tray, defaultSession, fakeEvent } = electron;
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
  it('opens the feed window with the fixed secure preferences, its preload and our page on app://', () => {
    expect(dialogErrors()).toEqual([]);
    const [feed] = BrowserWindow.open();
    expect(feed!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // The stand-in app is not packaged; packaged, this is false (security-policy.test.ts).
      devTools: true,
    });
    const preload = String(feed!.options.webPreferences?.preload);
    expect(preload).toBe(join(root, 'out/preload/feed.cjs'));
    expect(existsSync(preload)).toBe(true);
    expect(feed!.loaded).toEqual({ url: 'app://fathom/index.html?window=feed', query: { window: 'feed' } });
    expect(app.userData).toBe(join(dataDir, 'electron'));
    expect(app.sandboxed).toBe(true);
  });

  it('registers app:// as a standard, secure scheme before ready, and serves it after', () => {
    expect(protocol.privileged).toHaveLength(1);
    const [registered] = protocol.privileged;
    expect(registered!.beforeReady).toBe(true);
    expect(registered!.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(registered!.schemes[0]!.privileges).not.toHaveProperty('bypassCSP');
    expect(protocol.handlers.get('app')?.afterReady).toBe(true);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
  });

  it('serves the built page and its assets with the strict CSP header, and nothing outside out/renderer', async () => {
    const page = await protocol.fetch('app://fathom/index.html?window=feed');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/wss?:|https?:|\*|unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await page.text();
    // No <meta> policy in the page to widen (or muddle) the header.
    expect(html).not.toMatch(/http-equiv\s*=\s*["']?content-security-policy/i);
    const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await protocol.fetch(`app://fathom/${script}`, { initiatorOrigin: 'app://fathom' });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const url of ['app://fathom/../main/index.js', 'app://fathom/%2e%2e/main/index.js', 'app://fathom/..%2fmain%2findex.js', 'app://fathom/../../package.json', 'app://fathom/assets/', 'app://fathom/', 'app://other/index.html']) {
      const refused = await protocol.fetch(url);
      expect(refused.status, url).toBeGreaterThanOrEqual(400);
      expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await protocol.fetch('app://fathom/index.html', { initiatorOrigin: 'https://api.schwabapi.com' })).status).toBe(403);
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
    // The page as a file is not our page any more.
    const file = fakeEvent(`file://${join(root, 'out/renderer/index.html')}?window=feed`);
    contents.emit('will-navigate', file);
    expect(file.prevented).toBe(true);
    const redirect = fakeEvent('file:///etc/passwd');
    contents.emit('will-redirect', redirect);
    expect(redirect.prevented).toBe(true);
    const frame = fakeEvent('https://example.com/', false);
    contents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'http://developer.schwab.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://developer.schwab.com/x' })).toEqual({ action: 'deny' });
    // Test mode records the checked link instead of opening a browser; only the Schwab page passed.
    expect(hooks().externalRequests()).toEqual(['https://developer.schwab.com/x']);
    expect(shell.opened).toEqual([]);
    const granted: boolean[] = [];
    defaultSession.permissionRequest?.(contents, 'notifications', (g) => granted.push(g));
    defaultSession.permissionRequest?.(contents, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(defaultSession.permissionCheck?.()).toBe(false);
    expect(defaultSession.devicePermission?.()).toBe(false);
    // The CSP comes from the app:// handler now, not from a header hook.
    expect(defaultSession.headersHook).toBeNull();
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

  it('opens the Schwab sign-in window under the https rules, and catches the callback before it loads', async () => {
    const [feed] = BrowserWindow.open();
    const callbackUrl = 'https://127.0.0.1:8182/fathom/callback';
    const begun = await request(feed!, api.auth.begin.channel, { appKey: 'A'.repeat(32), appSecret: 'S'.repeat(16), callbackUrl });
    expect(begun).toMatchObject({ ok: true });
    const authorizeUrl = (begun as { value: { authorizeUrl: string } }).value.authorizeUrl;
    expect(authorizeUrl).toMatch(/^https:\/\/api\.schwabapi\.com\/v1\/oauth\/authorize\?/);
    const signIn = await until(() => BrowserWindow.open().find((w) => w.options.title === 'Sign in with Schwab'), 'the sign-in window');
    expect(signIn.loaded?.url).toBe(authorizeUrl);
    expect(signIn.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, devTools: true });
    expect(signIn.options.webPreferences).not.toHaveProperty('preload');
    const ses = signIn.webContents.session;
    expect(ses).toBe(session.partitions.at(-1));
    expect(ses.partition).toBe('fathom-signin');

    // The app-wide guard and the window's own both hold it to https; its links go nowhere.
    const http = fakeEvent('http://sws-gateway.schwab.com/');
    signIn.webContents.emit('will-navigate', http);
    expect(http.prevented).toBe(true);
    const https = fakeEvent('https://sws-gateway.schwab.com/ui/host/');
    signIn.webContents.emit('will-navigate', https);
    expect(https.prevented).toBe(false);
    const frame = fakeEvent('file:///etc/passwd', false);
    signIn.webContents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
    const webview = fakeEvent();
    signIn.webContents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    expect(signIn.webContents.windowOpenHandler?.({ url: 'https://developer.schwab.com/' })).toEqual({ action: 'deny' });
    expect(hooks().externalRequests()).toEqual(['https://developer.schwab.com/x']);
    const granted: boolean[] = [];
    ses.permissionRequest?.(signIn.webContents, 'media', (g) => granted.push(g));
    expect(granted).toEqual([false]);
    expect(ses.permissionCheck?.(signIn.webContents, 'notifications')).toBe(false);
    expect(ses.devicePermission?.()).toBe(false);

    // The network layer: Schwab's pages pass, http does not, and the callback is cancelled.
    expect(ses.request(authorizeUrl, 'mainFrame')).toEqual({ cancel: false });
    expect(ses.request('http://static.schwab.com/a.js', 'script')).toEqual({ cancel: true });
    expect(signIn.destroyed).toBe(false);
    // A callback of another sign-in (its state does not match): caught all the same, then
    // refused by the auth service without any request to Schwab.
    expect(ses.request(`${callbackUrl}?code=C0.x%40&state=not-this-one`, 'mainFrame')).toEqual({ cancel: true });
    await until(() => signIn.destroyed, 'the sign-in window to close');
    await until(() => ses.wiped > 0, 'the sign-in session to be wiped');
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
