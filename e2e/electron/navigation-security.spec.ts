// The guards of src-main/hosts/electron/security.ts in the real binary: no navigation away from
// our page, no new windows, Schwab's https pages only to the user's browser after a check, no
// webviews, no permissions. (Inside page.evaluate, `globalThis` is the page's window.)
import { expect, externalRequestsOf, skipReason, test, windowsOf } from './fixtures.ts';
import type { PageGlobals } from './page-globals.ts';

test.skip(skipReason !== null, skipReason ?? '');

test('window.open is denied; a Schwab page goes to the browser instead, anything else nowhere', async ({ launched, feed }) => {
  const results = await feed.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    return ['https://developer.schwab.com/', 'https://example.com/', 'http://developer.schwab.com/', 'file:///etc/passwd'].map((url) => page.open(url) === null);
  });
  expect(results).toEqual([true, true, true, true]);
  await expect.poll(() => externalRequestsOf(launched.app)).toEqual(['https://developer.schwab.com/']);
  expect(launched.app.windows()).toHaveLength(1);
  expect(await windowsOf(launched.app)).toHaveLength(1);
});

test('navigating the page away is denied', async ({ launched, feed }) => {
  const before = feed.url();
  await feed.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
  });
  await feed.evaluate(() => (globalThis as unknown as PageGlobals).location.assign('file:///etc/passwd'));
  await feed.evaluate(() => (globalThis as unknown as PageGlobals).location.assign('app://fathom/assets/'));
  // Still our page, still working: it answers through its own bridge.
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  expect(feed.url()).toBe(before);
  const status = await feed.evaluate(() => (globalThis as unknown as PageGlobals).fathom?.api.marketData.status({}));
  expect(status?.source).toBe('demo');
  expect(await externalRequestsOf(launched.app)).toEqual([]);
});

test('webviews, frames of other origins and permissions are refused', async ({ launched, feed }) => {
  const camera = await feed.evaluate(async () => {
    const page = globalThis as unknown as PageGlobals;
    const webview = page.document.createElement('webview');
    webview.setAttribute('src', 'https://example.com/');
    page.document.body.appendChild(webview);
    const frame = page.document.createElement('iframe');
    frame.src = 'https://example.com/';
    page.document.body.appendChild(frame);
    const media = page.navigator.mediaDevices;
    return media ? media.getUserMedia({ video: true }).then(() => 'granted', () => 'refused') : 'refused';
  });
  expect(camera).toBe('refused');
  // Proving an absence: give a webview or a frame time to load, then ask main, which sees every
  // frame and every web contents there is.
  await feed.waitForTimeout(1500);
  const seen = await launched.app.evaluate(({ webContents }) => ({
    webviews: webContents.getAllWebContents().filter((c) => c.getType() === 'webview').length,
    remoteFrames: webContents
      .getAllWebContents()
      .flatMap((c) => c.mainFrame.framesInSubtree.map((f) => f.url))
      .filter((url) => url.startsWith('https://')),
  }));
  expect(seen).toEqual({ webviews: 0, remoteFrames: [] });
});
