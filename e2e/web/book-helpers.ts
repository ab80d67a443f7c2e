// Opening a book window from the feed, as a trader does, in the web host (a new tab).
import type { Page, TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Book } from '../../shared/domain/market.ts';
import { expect, holdFeed, nextAppEvent, pageNow, readHook } from './fixtures.ts';

/** The venue codes of a live OPTIONS_BOOK frame (docs/schwab-streaming.md §9). */
export const LIVE_VENUES: readonly string[] = ['S', 'PACX', 'MEMX', 'MIAX', 'AMEX', 'BATS', 'PHLX', 'BOSX', 'EDGX', 'ISEX', 'XBXO', 'MERC', 'CBOE', 'NYSE', 'GMNI', 'NSDQ'];

export interface OpenedBook {
  book: Page;
  symbol: string;
  /** The flow it was opened from (the button path knows it). */
  flowId: string | null;
}

/**
 * Opens the book of a flow in the feed and waits for its tab to be ready. Rows move on every
 * new flow, so a flow is picked with the keyboard (↓ selects the newest, by id) and its book
 * opened with `b` or the evidence panel's Book button; a double-click goes to a row of a list
 * scrolled down a little, which holds still. The contract is read from what the page opened.
 */
export async function openBookFromFlow(feed: Page, via: 'dblclick' | 'button' | 'key' = 'button'): Promise<OpenedBook> {
  const list = feed.getByTestId('flow-list');
  await expect(feed.getByTestId('flow-row').first()).toBeVisible({ timeout: 60_000 });
  const since = await pageNow(feed);
  const opening = feed.context().waitForEvent('page');
  let flowId: string | null = null;
  if (via === 'dblclick') {
    await holdFeed(feed);
    await feed.getByTestId('flow-row').nth(4).dblclick();
  } else {
    await list.focus();
    await list.press('ArrowDown');
    await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-selected', /./);
    flowId = (await feed.getByTestId('feed-window').getAttribute('data-selected')) ?? '';
    await expect(feed.getByTestId('evidence-panel')).toHaveAttribute('data-flow-id', flowId);
    if (via === 'key') await list.press('b');
    else await feed.getByTestId('open-book').click();
  }
  const [book, opened] = await Promise.all([opening, nextAppEvent(feed, 'open-book', since) as Promise<{ symbol: string; tab: boolean }>]);
  await book.waitForLoadState('domcontentloaded');
  const root = book.getByTestId('book-window');
  await expect(root).toHaveAttribute('data-ready', 'true');
  await expect(root).toHaveAttribute('data-symbol', opened.symbol);
  return { book, symbol: opened.symbol, flowId };
}

/** A book as the window holds it (its `book` hook) with a level on each side. */
export function bothSides(book: Book | null): boolean {
  return (book?.bids.length ?? 0) > 0 && (book?.asks.length ?? 0) > 0;
}

/** A book whose touch has more than one venue on each side, for a script to pick one of them. */
export function venuesOnBothSides(book: Book | null): boolean {
  return (book?.bids[0]?.venues.length ?? 0) > 1 && (book?.asks[0]?.venues.length ?? 0) > 1;
}

/**
 * Opens the book of the newest flow whose book is `ready` within 15 s (by default: a level on
 * each side). A flow's contract may have no bid at all: late in the ET day a same-day contract
 * can be quoted at the minimum tick with no bids and never get one (a CI run opened such a call).
 * Then the next newest flow's book is opened, up to five contracts.
 */
export async function openTwoSidedBook(feed: Page, options: { via?: 'key' | 'button'; ready?: (book: Book | null) => boolean } = {}): Promise<OpenedBook> {
  const ready = options.ready ?? bothSides;
  const rejected = new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const opened = await openBookFromFlow(feed, options.via ?? 'key');
    try {
      expect(rejected.has(opened.symbol)).toBe(false);
      await expect.poll(async () => ready(await readHook<Book | null>(opened.book, 'book')), { timeout: 15_000 }).toBe(true);
      return opened;
    } catch (error) {
      await opened.book.close();
      if (attempt === 5) throw error;
      rejected.add(opened.symbol);
      // Back to no selection: the next ↓ selects the newest flow again.
      await feed.getByTestId('flow-list').press('Escape');
      await expect(feed.getByTestId('feed-window')).not.toHaveAttribute('data-selected', /./);
    }
  }
}

/** Saves a 1440x900 screenshot under /tmp/fathom-ui/ and attaches it to the report. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync('/tmp/fathom-ui', { recursive: true });
  const path = `/tmp/fathom-ui/${name}.png`;
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** A level as the ladders' canvas drew it (the window's `ladder` test hook, Ladder.tsx). */
export interface DrawnLevel {
  key: string;
  price: number;
  size: number;
  cumulative: number;
  venueCount: number;
  open: boolean;
  /** Top of its line, CSS px from the top of the ladders. */
  y: number;
  /** Its venues as listed when open, largest first, with the quote age as shown. */
  venues: { venue: string; size: number; age: string }[];
}

export interface DrawnLadder {
  width: number;
  height: number;
  scroll: number;
  bid: DrawnLevel[];
  ask: DrawnLevel[];
}

/** What the ladders drew last; null before the ladder layout is on screen. */
export function readLadder(page: Page): Promise<DrawnLadder | null> {
  return readHook<DrawnLadder | null>(page, 'ladder');
}

/** Clicks a level on the ladders' canvas, as a trader does (the bid side is the left half). */
export async function clickLevel(page: Page, side: 'bid' | 'ask', index: number): Promise<void> {
  const drawn = await readLadder(page);
  const level = drawn?.[side][index];
  if (!drawn || !level) throw new Error(`no ${side} level ${index} drawn`);
  await page.getByTestId('ladder-canvas').click({ position: { x: side === 'bid' ? drawn.width / 4 : (drawn.width * 3) / 4, y: level.y - drawn.scroll + 12 } });
}

/** One side of the venue montage as its canvas drew it (the `montage-<side>` hook, VenueMontage.tsx). */
export interface DrawnMontage {
  price: number | null;
  total: number;
  count: number;
  lines: { venue: string; name: string; size: number; gone: boolean; age: string; since: string; mark: string | null }[];
  rowTop: number;
  rowHeight: number;
  width: number;
}
