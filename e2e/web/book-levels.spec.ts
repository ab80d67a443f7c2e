// The book window on a simulator sending 50-level books (deeper than Schwab sends for options,
// which is one level a side: book.spec.ts and book-one-level.spec.ts): 5 and 50 levels render,
// best first, the imbalance reads the best levels, and a level opens to its venues.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { clickLevel, openTwoSidedBook, readLadder, screenshot } from './book-helpers.ts';

test.use({ hostOptions: { levels: 50, intensity: 2 } });

/** The ladders' rows drawn against the snapshot's depth, read in one go (the book keeps changing). */
async function shownAndDepth(book: Page): Promise<{ bids: number; asks: number; bidDepth: number; askDepth: number }> {
  return book.evaluate(() => {
    const g = globalThis as unknown as { __fathomTest?: { read(name: string): unknown }; document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } };
    const drawn = (g.__fathomTest?.read('ladder') ?? null) as { bid: unknown[]; ask: unknown[] } | null;
    const [bidDepth, askDepth] = (g.document.querySelector('[data-testid=book-window]')?.getAttribute('data-book-depth') ?? '0x0').split('x').map(Number);
    return { bids: drawn?.bid.length ?? 0, asks: drawn?.ask.length ?? 0, bidDepth: bidDepth ?? 0, askDepth: askDepth ?? 0 };
  });
}

const drawnCount = async (book: Page, side: 'bid' | 'ask'): Promise<number> => (await readLadder(book))?.[side].length ?? 0;

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
  const { book } = await openTwoSidedBook(feed, { via: 'button' });
  await setLevels(book, 50);
  await expect.poll(() => drawnCount(book, 'ask')).toBe(50);
  // Best first: bids fall and asks rise down the ladders.
  const ladder = await readLadder(book);
  const bids = ladder?.bid.map((l) => l.price) ?? [];
  const asks = ladder?.ask.map((l) => l.price) ?? [];
  expect(bids.every((p, i) => i === 0 || p < (bids[i - 1] as number))).toBe(true);
  expect(asks.every((p, i) => i === 0 || p > (asks[i - 1] as number))).toBe(true);
  // On a deep book the imbalance is read over the best levels (the setting, 5).
  await expect(book.getByTestId('imbalance')).toHaveAttribute('data-scope', 'top 5');
  // A level opens to its venues with each quote's age. The level opened is kept by its price,
  // which moves down the ladder when the bids rise and leaves the book when they fall below it
  // (a CI run saw 0.88 opened, then the best bid 0.84): then the new best is opened.
  const opened = async () => (await readLadder(book))?.bid.find((level) => level.open);
  await expect(async () => {
    if ((await opened()) === undefined) await clickLevel(book, 'bid', 0);
    expect((await opened())?.venues[0]?.age ?? '').toMatch(/^\d+(ms|\.\d?s|s)|^\d+m \d+s$/);
  }).toPass();
  await screenshot(book, testInfo, 'book-50-levels');
  await setLevels(book, 5);
  await expect.poll(() => drawnCount(book, 'ask')).toBe(5);
  await expect.poll(async () => (await drawnCount(book, 'bid')) <= 5).toBe(true);
  await book.close();
});
