// Issue 8's book window, end to end on a simulator sending 50-level books: opened from a flow
// in its own tab, updating, 5 and 50 levels, venues with quote ages, and a spread alert.
import type { Page } from '@playwright/test';
import { appEvent, expect, pageNow, nextAppEvent, test } from './fixtures.ts';
import { openBookFromFlow, screenshot } from './book-helpers.ts';

// A host of this file's own: the last test leaves a SPREAD_WIDE rule and a 0% threshold behind.
test.use({ hostOptions: { levels: 50, intensity: 2 } });

/** The ladders' rows shown against the snapshot's depth, read in one go (the book keeps changing). */
async function shownAndDepth(book: Page): Promise<{ bids: number; asks: number; bidDepth: number; askDepth: number }> {
  return book.getByTestId('book-window').evaluate((el) => {
    const [bidDepth, askDepth] = (el.getAttribute('data-book-depth') ?? '0x0').split('x').map(Number);
    return {
      bids: el.querySelectorAll('[data-testid=book-level][data-side=bid]').length,
      asks: el.querySelectorAll('[data-testid=book-level][data-side=ask]').length,
      bidDepth: bidDepth ?? 0,
      askDepth: askDepth ?? 0,
    };
  });
}

// A cheap contract's bids end at the minimum tick, so its bid ladder can be shorter than the
// setting (the simulator posts 50 levels wherever the price allows it); asks always reach 50.
async function setLevels(book: Page, levels: number): Promise<void> {
  await book.getByTestId('levels-select').selectOption(String(levels));
  const root = book.getByTestId('book-window');
  await expect(root).toHaveAttribute('data-levels', String(levels));
  await expect(root).toHaveAttribute('data-ask-levels', String(levels));
  await expect
    .poll(async () => {
      const s = await shownAndDepth(book);
      return s.asks === levels && s.askDepth === 50 && s.bidDepth > 0 && s.bids === Math.min(levels, s.bidDepth);
    })
    .toBe(true);
}

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
  const { book, flowId } = await openBookFromFlow(feed, 'button');
  const root = book.getByTestId('book-window');
  await expect(root).toHaveAttribute('data-connection', 'live');
  // 50 asks; bids as deep as the contract's price allows (see setLevels).
  await expect(root).toHaveAttribute('data-book-depth', /^([1-9]|[1-4]\d|50)x50$/);
  // New snapshots keep arriving, and only this contract's.
  const before = Number(await root.getAttribute('data-updates'));
  await expect.poll(async () => Number(await root.getAttribute('data-updates'))).toBeGreaterThan(before + 2);
  await expect(book.getByTestId('top-bid')).toContainText(/\d+\.\d{2}/);
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', /^(ok|wide)$/);
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-value', /^-?\d/);
  await expect(book.getByTestId('notional-bid')).toHaveText(/^\$/);
  await expect(book.getByTestId('depth-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  // The contract's recent flows include the one it was opened from.
  await expect(book.locator(`[data-testid=book-flow][data-flow-id="${flowId}"]`)).toBeVisible();
  // A level opens to its venues with each quote's age.
  await book.locator('[data-testid=book-level][data-side=bid]').first().click();
  const venue = book.getByTestId('book-venue').first();
  await expect(venue).toBeVisible();
  await expect(venue.locator('.v-age')).toHaveText(/^\d+(ms|\.\d?s|s)|^\d+m \d+s$/);
  await book.close();
});

test('levels 5 and 50 both render', async ({ feed }, testInfo) => {
  const { book } = await openBookFromFlow(feed);
  await setLevels(book, 50);
  await expect(book.locator('[data-testid=book-level][data-side=ask]')).toHaveCount(50);
  // Best first: bids fall and asks rise down the ladders.
  const bids = (await book.locator('[data-testid=book-level][data-side=bid]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-price'))))) as number[];
  const asks = (await book.locator('[data-testid=book-level][data-side=ask]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-price'))))) as number[];
  expect(bids.every((p, i) => i === 0 || p < (bids[i - 1] as number))).toBe(true);
  expect(asks.every((p, i) => i === 0 || p > (asks[i - 1] as number))).toBe(true);
  await screenshot(book, testInfo, 'book-50-levels');
  await setLevels(book, 5);
  await expect(book.locator('[data-testid=book-level][data-side=ask]')).toHaveCount(5);
  await expect.poll(async () => (await book.locator('[data-testid=book-level][data-side=bid]').count()) <= 5).toBe(true);
  await book.close();
});

test('a spread alert fires: the window past its threshold, and a SPREAD_WIDE rule in main', async ({ feed }) => {
  const { book, symbol } = await openBookFromFlow(feed, 'key');
  const root = book.getByTestId('book-window');
  // The window's own threshold: any real spread is wider than 0% of mid.
  await book.getByTestId('spread-threshold').fill('0');
  await book.getByTestId('spread-threshold').press('Enter');
  await expect(root).toHaveAttribute('data-spread-state', 'wide');
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', 'wide');
  await expect(book.getByTestId('spread')).toContainText('WIDE');
  expect(await appEvent(book, 'spread', { wide: true })).toMatchObject({ threshold: 0 });

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
