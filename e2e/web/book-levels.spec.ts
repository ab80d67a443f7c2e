// The book window on a simulator sending 50-level books (deeper than Schwab sends for options,
// which is one level a side: book.spec.ts and book-one-level.spec.ts): 5 and 50 levels render,
// best first, the imbalance reads the best levels, and a level opens to its venues.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openBookFromFlow, screenshot } from './book-helpers.ts';

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

test('levels 5 and 50 both render', async ({ feed }, testInfo) => {
  const { book } = await openBookFromFlow(feed);
  await setLevels(book, 50);
  await expect(book.locator('[data-testid=book-level][data-side=ask]')).toHaveCount(50);
  // Best first: bids fall and asks rise down the ladders.
  const bids = (await book.locator('[data-testid=book-level][data-side=bid]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-price'))))) as number[];
  const asks = (await book.locator('[data-testid=book-level][data-side=ask]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-price'))))) as number[];
  expect(bids.every((p, i) => i === 0 || p < (bids[i - 1] as number))).toBe(true);
  expect(asks.every((p, i) => i === 0 || p > (asks[i - 1] as number))).toBe(true);
  // On a deep book the imbalance is read over the best levels (the setting, 5).
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-scope', 'top 5');
  // A level opens to its venues with each quote's age.
  await book.locator('[data-testid=book-level][data-side=bid]').first().click();
  const venue = book.getByTestId('book-venue').first();
  await expect(venue).toBeVisible();
  await expect(venue.locator('.v-age')).toHaveText(/^\d+(ms|\.\d?s|s)|^\d+m \d+s$/);
  await screenshot(book, testInfo, 'book-50-levels');
  await setLevels(book, 5);
  await expect(book.locator('[data-testid=book-level][data-side=ask]')).toHaveCount(5);
  await expect.poll(async () => (await book.locator('[data-testid=book-level][data-side=bid]').count()) <= 5).toBe(true);
  await book.close();
});
