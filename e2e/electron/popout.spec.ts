// Book windows: one per contract, popped out from the feed; re-opening focuses it; the
// placement is remembered per contract.
import { expect, popOutFirstBook, skipReason, test, windowsOf } from './fixtures.ts';

test.skip(skipReason !== null, skipReason ?? '');

test('pops a book window out of the feed; opening it again focuses the same window', async ({ launched, feed }) => {
  const book = await popOutFirstBook(launched.app, feed);
  const symbol = await book.getByTestId('book-window').getAttribute('data-symbol');
  expect(symbol).toMatch(/^[A-Z]{1,6} *\d{6}[CP]\d{8}$/);
  // The window's title names the contract (the page's own <title> is just "Fathom").
  const titles = await launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.getTitle()));
  expect(titles).toEqual(expect.arrayContaining(['Fathom', expect.stringMatching(/ · Fathom$/)]));

  await feed.bringToFront();
  await feed.getByTestId('open-book').click();
  await expect.poll(async () => (await windowsOf(launched.app)).length).toBe(2);
  const books = (await windowsOf(launched.app)).filter((w) => w.kind === 'book');
  expect(books).toEqual([expect.objectContaining({ symbol, ready: true })]);
  expect(launched.app.windows()).toHaveLength(2);
  await expect.poll(() => launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getFocusedWindow()?.getTitle() ?? '')).toMatch(/ · Fathom$/);
});

test("remembers a book window's bounds for its contract", async ({ launched, feed }) => {
  const book = await popOutFirstBook(launched.app, feed);
  const symbol = await book.getByTestId('book-window').getAttribute('data-symbol');
  const target = { x: 140, y: 120, width: 650, height: 700 };
  await launched.app.evaluate(({ BrowserWindow }, bounds) => {
    const win = BrowserWindow.getAllWindows().find((w) => w.getTitle().endsWith(' · Fathom'));
    win?.setBounds(bounds);
    win?.close();
  }, target);
  await expect.poll(async () => (await windowsOf(launched.app)).length).toBe(1);
  const reopened = launched.app.waitForEvent('window');
  await feed.getByTestId('open-book').click();
  const again = await reopened;
  await expect(again.getByTestId('book-window')).toHaveAttribute('data-symbol', symbol ?? '');
  const bounds = await launched.app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().find((w) => w.getTitle().endsWith(' · Fathom'))?.getNormalBounds());
  expect(bounds?.width).toBe(target.width);
  expect(bounds?.height).toBe(target.height);
});
