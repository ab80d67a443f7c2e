// A whale notification's click opens that contract's book window, through the same router a
// real click uses (the click itself comes from the main-process test hook: Playwright cannot
// click an OS notification).
import { clickNotification, expect, skipReason, test, windowsOf } from './fixtures.ts';
import type { PageGlobals } from './page-globals.ts';

test.skip(skipReason !== null, skipReason ?? '');

const CONTRACT = 'SPY   241129C00450000';

test("clicking a whale notification opens the contract's book, and focuses it the next time", async ({ launched, feed }) => {
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  const opened = launched.app.waitForEvent('window');
  expect(await clickNotification(launched.app, CONTRACT)).toBe(true);
  const book = await opened;
  await expect(book.getByTestId('book-window')).toHaveAttribute('data-symbol', CONTRACT);
  expect(await clickNotification(launched.app, CONTRACT)).toBe(true);
  expect((await windowsOf(launched.app)).filter((w) => w.kind === 'book')).toHaveLength(1);
});

test('the page itself cannot raise notifications (they come from main)', async ({ feed }) => {
  expect(await feed.evaluate(() => (globalThis as unknown as PageGlobals).Notification.permission)).toBe('denied');
});
