// Issue 8's book window, end to end on the demo's default book, the live shape (one level per
// side split up by venue): opened from a flow in its own tab, updating, venues with quote ages,
// and a spread alert. 5 and 50 levels: book-levels.spec.ts.
import { appEvent, expect, pageNow, nextAppEvent, readHook, test } from './fixtures.ts';
import type { DrawnMontage } from './book-helpers.ts';
import { LIVE_VENUES, openBookFromFlow, openTwoSidedBook } from './book-helpers.ts';

// A host of this file's own, on the default book: the last test leaves a SPREAD_WIDE rule and a
// 0% threshold behind.
test.use({ hostOptions: { intensity: 2, name: 'book' } });

test('a double-click on a flow opens its book in a tab of its own', async ({ feed }) => {
  const { book, symbol } = await openBookFromFlow(feed, 'dblclick');
  expect(await appEvent(feed, 'open-book', { symbol })).toMatchObject({ opened: false, tab: true });
  const url = new URL(book.url());
  expect(url.searchParams.get('window')).toBe('book');
  expect(url.searchParams.get('symbol')).toBe(symbol);
  expect(url.searchParams.has('token')).toBe(false);
  await book.close();
});

test('a book window opened from a flow updates, with its flows and venues', async ({ feed }) => {
  const { book, flowId } = await openTwoSidedBook(feed, { via: 'button' });
  const root = book.getByTestId('book-window');
  await expect(root).toHaveAttribute('data-connection', 'live');
  // The live shape: one level a side.
  await expect(root).toHaveAttribute('data-book-depth', '1x1');
  // New snapshots keep arriving, and only this contract's.
  const before = Number(await root.getAttribute('data-updates'));
  await expect.poll(async () => Number(await root.getAttribute('data-updates'))).toBeGreaterThan(before + 2);
  await expect(book.getByTestId('top-bid')).toContainText(/\d+\.\d{2}/);
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', /^(ok|wide)$/);
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-value', /^-?\d/);
  // Over the touch and its venues, never "top 5" of a one-level book.
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-scope', 'touch');
  await expect(book.getByTestId('imbalance')).toContainText(/\d+ × \d+ venues?/);
  await expect(book.getByTestId('notional-bid')).toHaveText(/^\$/);
  // The contract's recent flows include the one it was opened from.
  await expect(book.locator(`[data-testid=book-flow][data-flow-id="${flowId}"]`)).toBeVisible();
  // One level a side: the window shows the venue layout, each touch venue with a live code.
  await expect(book.getByTestId('book-layout')).toHaveAttribute('data-shown', 'venues');
  await expect(book.getByTestId('montage-bid')).toBeVisible();
  await expect.poll(async () => (await readHook<DrawnMontage | null>(book, 'montage-bid'))?.lines.length ?? 0).toBeGreaterThan(0);
  const codes = ((await readHook<DrawnMontage | null>(book, 'montage-bid'))?.lines ?? []).map((l) => l.venue);
  expect(codes.length).toBeLessThanOrEqual(16);
  for (const code of codes) expect(LIVE_VENUES).toContain(code);
  await book.close();
});

test('a spread alert fires: the window past its threshold, and a SPREAD_WIDE rule in main', async ({ feed }) => {
  const { book, symbol } = await openTwoSidedBook(feed);
  const root = book.getByTestId('book-window');
  // The window's own threshold. The event is told on a crossing only, and a cheap contract's
  // spread can be past the default 10% already: first a threshold no spread reaches, so the
  // crossing below is the one the 0% threshold makes (any real spread is wider than 0% of mid).
  const threshold = book.getByTestId('spread-threshold');
  await threshold.fill('1000');
  await threshold.press('Enter');
  await expect(root).toHaveAttribute('data-spread-state', 'ok');
  await threshold.fill('0');
  await threshold.press('Enter');
  await expect(root).toHaveAttribute('data-spread-state', 'wide');
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', 'wide');
  await expect(book.getByTestId('spread')).toContainText('WIDE');
  await appEvent(book, 'spread', { wide: true, threshold: 0 });

  // A SPREAD_WIDE rule added in Settings: main judges the open book's spread and alerts.
  const since = await pageNow(feed);
  await feed.getByTestId('nav-settings').click();
  await feed.getByTestId('add-rule-SPREAD_WIDE').click();
  const rule = feed.locator('[data-testid=alert-rule][data-kind=SPREAD_WIDE]').last();
  await rule.getByTestId('rule-threshold').fill('0');
  await feed.getByTestId('save-alerts').click();
  await nextAppEvent(feed, 'settings-saved', since);
  const fired = (await nextAppEvent(feed, 'alert', since, { ruleKind: 'SPREAD_WIDE' })) as { flowId: string | null };
  expect(fired.flowId).toBeNull();
  expect(await appEvent(book, 'alert', { ruleKind: 'SPREAD_WIDE', symbol })).toBeTruthy();
  await expect(book.getByTestId('book-alert')).toHaveAttribute('data-rule-kind', 'SPREAD_WIDE');
  await expect(book.getByTestId('book-alert')).toContainText('Wide spread');

  await book.close();
});
