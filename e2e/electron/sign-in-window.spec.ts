// The Schwab sign-in window in the real binary (src-main/hosts/electron/sign-in-window.ts),
// opened through the main-process test hook on a local https address (nothing listens there:
// no Schwab and no keychain needed). It has its own in-memory session, refuses http (and
// app://) at the network layer, and catches the callback before it loads.
import type { ElectronApplication } from '@playwright/test';
import type { MainTestHooks } from '../../src-main/hosts/electron/test-hooks.ts';
import { expect, skipReason, test } from './fixtures.ts';

test.skip(skipReason !== null, skipReason ?? '');

type Hooks = { __fathomTest: MainTestHooks };

const AUTHORIZE = 'https://127.0.0.1:9/v1/oauth/authorize?client_id=K&state=s';
const CALLBACK = 'https://127.0.0.1:8182/fathom/callback';

/** Loads a URL in the sign-in window from main; resolves with how the load ended. */
function loadInSignIn(app: ElectronApplication, url: string): Promise<string> {
  return app.evaluate(({ BrowserWindow }, target) => {
    const win = BrowserWindow.getAllWindows().find((w) => w.getTitle() === 'Sign in with Schwab');
    if (!win) return Promise.resolve('no window');
    return win.webContents.loadURL(target).then(
      () => 'loaded',
      (error: Error) => error.message,
    );
  }, url);
}

test('the sign-in window: its own session, https only, and the callback caught before it loads', async ({ launched, feed }) => {
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  await launched.app.evaluate((_electron, [authorize, callback]) => (globalThis as unknown as Hooks).__fathomTest.openSignIn(authorize!, callback!), [AUTHORIZE, CALLBACK]);
  // Its own in-memory session, not the one our windows (and app://) live in. (Its web
  // preferences are checked in sign-in-policy.test.ts and main-bundle.test.ts: Electron 45 has
  // no getter for them.)
  const session = await launched.app.evaluate(async ({ BrowserWindow, session: sessions }) => {
    for (let i = 0; i < 100; i++) {
      const win = BrowserWindow.getAllWindows().find((w) => w.getTitle() === 'Sign in with Schwab');
      if (win) return { isDefault: win.webContents.session === sessions.defaultSession, persistent: win.webContents.session.isPersistent() };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return null;
  });
  expect(session).toEqual({ isDefault: false, persistent: false });
  // app:// is not served in that session: Schwab's pages cannot read our files.
  expect(await loadInSignIn(launched.app, 'app://fathom/index.html')).not.toBe('loaded');

  // http is cancelled in the network layer (the window stays, on its page).
  expect(await loadInSignIn(launched.app, 'http://127.0.0.1:9/')).toContain('ERR_BLOCKED_BY_CLIENT');
  expect(await launched.app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.signInResults())).toEqual([]);

  // The callback: cancelled before any byte is sent, the address handed over, the window gone.
  const caught = `${CALLBACK}?code=C0.x%40&state=s`;
  // Not awaited: the window may be gone before its load settles.
  const load = loadInSignIn(launched.app, caught).catch(() => 'window gone');
  await expect.poll(() => launched.app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.signInResults())).toEqual([caught]);
  await expect.poll(() => launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().filter((w) => w.getTitle() === 'Sign in with Schwab').length)).toBe(0);
  expect(await load).not.toBe('loaded');
});

test('a sign-in page that is not https opens no window', async ({ launched, feed }) => {
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  await launched.app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.openSignIn('http://127.0.0.1:9/v1/oauth/authorize', 'https://127.0.0.1:8182/cb'));
  await expect.poll(() => launched.app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.signInResults())).toEqual([expect.stringMatching(/^error: the sign-in page must be an https address/)]);
  expect(await launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()))).toEqual(['Fathom']);
});
