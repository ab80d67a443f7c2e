// The book window on what Schwab sends for options: one level per side, broken down by up to 16
// venues. It is the demo's default book, so this host passes no --levels.
import { expect, test } from './fixtures.ts';
import { clickLevel, LIVE_VENUES, openTwoSidedBook, readLadder, screenshot } from './book-helpers.ts';

test.use({ hostOptions: { intensity: 2, name: 'book-one-level' } });

test('a one-level book in the ladder layout shows its touch opened to the venues', async ({ feed }, testInfo) => {
  const { book } = await openTwoSidedBook(feed);
  const root = book.getByTestId('book-window');
  // A one-level book opens on its venues (book-venues.spec.ts); the ladder is one choice away.
  await expect(book.getByTestId('book-layout')).toHaveAttribute('data-shown', 'venues');
  await book.getByTestId('book-layout').selectOption('ladder');
  await expect(book.getByTestId('book-layout')).toHaveAttribute('data-shown', 'ladder');
  await expect(root).toHaveAttribute('data-book-depth', '1x1');
  await expect(root).toHaveAttribute('data-bid-levels', '1');
  await expect(root).toHaveAttribute('data-ask-levels', '1');
  await expect.poll(async () => { const l = await readLadder(book); return (l?.bid.length ?? 0) + (l?.ask.length ?? 0); }).toBe(2);
  // Nothing deeper to show, so the touch opens to its venues by itself.
  const opened = async (): Promise<number> => { const l = await readLadder(book); return [...(l?.bid ?? []), ...(l?.ask ?? [])].filter((level) => level.open).length; };
  await expect.poll(async () => (await readLadder(book))?.bid[0]?.open).toBe(true);
  await expect.poll(opened).toBe(2);
  await expect.poll(async () => (await readLadder(book))?.bid[0]?.venues.length ?? 0).toBeGreaterThan(1);
  // Live venue codes, at most 16 a side, largest first, each with the age of its own quote (not
  // all the same, as live), and the touch saying how many venues it has. Read in one go: the
  // book keeps changing. The ladder draws every snapshot and the touch's text follows at the
  // window's reading pace (src-renderer/book/reading-clock.ts), so they are read until the text
  // has caught up with the snapshot drawn.
  for (const side of ['bid', 'ask'] as const) {
    const read = () =>
      book.evaluate((s) => {
        const g = globalThis as unknown as { __fathomTest?: { read(name: string): unknown }; document: { querySelector(q: string): { textContent: string | null } | null } };
        const drawn = (g.__fathomTest?.read('ladder') ?? null) as Record<string, { venues: { venue: string; size: number; age: string }[] }[]> | null;
        return { rows: drawn?.[s]?.[0]?.venues ?? [], touch: g.document.querySelector(`[data-testid=top-${s}] [data-testid=touch-venues]`)?.textContent ?? '' };
      }, side);
    let seen = await read();
    const agrees = (): boolean => seen.touch === `${seen.rows.length} venue${seen.rows.length === 1 ? '' : 's'}`;
    await expect.poll(async () => ((seen = await read()), agrees()), { timeout: 15_000 }).toBe(true);
    const { rows } = seen;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(16);
    expect(new Set(rows.map((r) => r.venue)).size).toBe(rows.length);
    for (const row of rows) {
      expect(LIVE_VENUES).toContain(row.venue);
      expect(row.age).toMatch(/^\d+ms$|^\d+(\.\d)?s$|^\d+m \d+s$/);
    }
    expect(rows.every((r, i) => i === 0 || r.size <= (rows[i - 1]?.size ?? Infinity))).toBe(true);
    if (rows.length >= 3) expect(new Set(rows.map((r) => r.age)).size).toBeGreaterThan(1);
    expect(seen.touch).toBe(`${rows.length} venue${rows.length === 1 ? '' : 's'}`);
  }
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-scope', 'touch');
  // Clicking the level folds it.
  await clickLevel(book, 'ask', 0);
  await expect.poll(opened).toBe(1);
  // Folded stays folded while new snapshots (and new ask prices) arrive.
  // Price and fold are read together: the price may later come back to the folded one.
  const folded = async () => {
    const l = await readLadder(book);
    return { price: l?.ask[0]?.price ?? null, venues: [...(l?.bid ?? []), ...(l?.ask ?? [])].filter((level) => level.open).length };
  };
  const askPrice = (await folded()).price;
  let moved = await folded();
  await expect
    .poll(async () => (moved = await folded()).price, { timeout: 30_000 })
    .not.toBe(askPrice);
  expect(moved.venues).toBe(1);
  await clickLevel(book, 'ask', 0);
  await expect.poll(opened).toBe(2);
  // The keyboard reaches the levels too: the hidden list's buttons fold and open them.
  const askButton = book.locator('.ladder-list button[data-key^="ask:"]');
  await expect(askButton).toHaveAttribute('aria-expanded', 'true');
  await askButton.focus();
  await book.keyboard.press('Enter');
  await expect.poll(opened).toBe(1);
  await expect(book.getByTestId('spread')).toHaveAttribute('data-state', /^(ok|wide)$/);
  await expect(book.getByTestId('depth-chart')).toHaveAttribute('data-points', /^[1-9]\d*$/);
  await screenshot(book, testInfo, 'book-1-level');
  await book.close();
});
