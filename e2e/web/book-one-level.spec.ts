// The book window on what Schwab often sends: one level per side, broken down by venue.
import { expect, test } from './fixtures.ts';
import { openBookFromFlow, screenshot } from './book-helpers.ts';

test.use({ hostOptions: { levels: 1, intensity: 2 } });

test('a one-level book shows its touch opened to the venues', async ({ feed }, testInfo) => {
  const { book } = await openBookFromFlow(feed, 'key');
  const root = book.getByTestId('book-window');
  await expect(root).toHaveAttribute('data-book-depth', '1x1');
  await expect(root).toHaveAttribute('data-bid-levels', '1');
  await expect(root).toHaveAttribute('data-ask-levels', '1');
  await expect(book.getByTestId('book-level')).toHaveCount(2);
  // Nothing deeper to show, so the touch opens to its venues by itself.
  await expect(book.locator('[data-testid=book-level][data-side=bid]')).toHaveAttribute('aria-expanded', 'true');
  await expect(book.getByTestId('book-venues')).toHaveCount(2);
  const venues = book.getByTestId('book-venue');
  await expect.poll(async () => venues.count()).toBeGreaterThan(1);
  await expect(venues.first().locator('.v-age')).toHaveText(/\d/);
  // Clicking the level folds it.
  await book.locator('[data-testid=book-level][data-side=ask]').click();
  await expect(book.getByTestId('book-venues')).toHaveCount(1);
  // Folded stays folded while new snapshots (and new ask prices) arrive.
  // Price and fold are read together: the price may later come back to the folded one.
  const folded = () =>
    root.evaluate((el) => ({
      price: el.querySelector('[data-testid=book-level][data-side=ask]')?.getAttribute('data-price') ?? null,
      venues: el.querySelectorAll('[data-testid=book-venues]').length,
    }));
  const askPrice = (await folded()).price;
  let moved = await folded();
  await expect
    .poll(async () => (moved = await folded()).price, { timeout: 30_000 })
    .not.toBe(askPrice);
  expect(moved.venues).toBe(1);
  await book.locator('[data-testid=book-level][data-side=ask]').click();
  await expect(book.getByTestId('book-venues')).toHaveCount(2);
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', /^(ok|wide)$/);
  await expect(book.getByTestId('depth-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await screenshot(book, testInfo, 'book-1-level');
  await book.close();
});
