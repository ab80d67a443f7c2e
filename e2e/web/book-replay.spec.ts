// A replay of a recorded session draws the same heat map as the live window did: one host
// records while a book window is open (its heat map paused at a moment), stops (which ends the
// session), and a second host on the same database replays it; up to that moment the replay's
// book window must hold the same rendered model (cells per row, prints and book events), not
// pixels.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { appEvent, expect, readHook, startHost, test, type Running } from './fixtures.ts';
import { openBookFromFlow } from './book-helpers.ts';

interface HeatModelSeen {
  from: number;
  to: number;
  rows: { key: string }[];
  columns: { time: number; cells: { row: number; size: number; side: string }[] }[];
  prints: { time: number; price: number; size: number; direction: string; cancelled: boolean }[];
  events: { id: string; time: number }[];
}

/** Prints and events this close to the right edge may still change (a growing flow, a pull's grace). */
const SETTLE_MS = 5000;

/**
 * The model in words that do not depend on row order (rows come from the snapshots in view):
 * what each column up to `to` shows per row key, and the prints and events settled by then.
 */
function canon(model: HeatModelSeen, to: number = model.to, lastColumn: number = Infinity) {
  const key = (row: number) => model.rows[row]?.key ?? `?${row}`;
  const settled = to - SETTLE_MS;
  return {
    columns: model.columns.filter((c) => c.time < to && c.time <= lastColumn).map((c) => ({ time: c.time, cells: c.cells.map((cell) => `${key(cell.row)}:${cell.side}=${cell.size}`).sort() })),
    prints: model.prints.filter((p) => p.time <= settled).map((p) => `${p.time}@${p.price}x${p.size} ${p.direction}${p.cancelled ? ' busted' : ''}`).sort(),
    events: model.events.filter((e) => e.time <= settled).map((e) => e.id).sort(),
  };
}

async function newFeed(browser: Browser, running: Running): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const feed = await context.newPage();
  await feed.goto(running.host.url);
  await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
  return feed;
}

test('a replay draws the same heat map as live', async ({ browser }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'fathom-e2e-replay-book-'));
  const db = join(dir, 'e2e.db');
  try {
    let symbol = '';
    let live: ReturnType<typeof canon> | null = null;
    let liveTo = 0;
    let liveLast = 0;
    const first = await startHost(db, { intensity: 2 });
    try {
      const feed = await newFeed(browser, first);
      const opened = await openBookFromFlow(feed, 'key');
      symbol = opened.symbol;
      const heat = opened.book.getByTestId('heatmap');
      await expect.poll(async () => Number(await heat.getAttribute('data-columns')), { timeout: 60_000 }).toBeGreaterThan(15);
      await expect.poll(async () => Number(await heat.getAttribute('data-prints')), { timeout: 60_000 }).toBeGreaterThan(0);
      await opened.book.getByTestId('heatmap-pause').click();
      const model = await readHook<HeatModelSeen>(opened.book, 'heatmap');
      live = canon(model);
      liveTo = model.to;
      // The view reaches a little past its newest snapshot; the replay may hold one more there.
      liveLast = model.columns.at(-1)?.time ?? 0;
      // The whole session so far is in view (the comparison below relies on it).
      expect(model.columns[0]?.time ?? 0).toBeGreaterThan(model.from);
      await feed.context().close();
    } finally {
      await first.stop();
    }
    expect(live?.columns.length ?? 0).toBeGreaterThan(15);

    const second = await startHost(db, { intensity: 0.5 });
    try {
      const feed = await newFeed(browser, second);
      await feed.getByTestId('nav-sessions').click();
      const ended = feed.locator('[data-testid=session-row][data-recording=false]');
      await expect(ended).toHaveCount(1);
      await ended.getByTestId('session-replay').click();
      await expect(feed.getByTestId('feed-window')).toHaveAttribute('data-source', 'replay');
      await feed.getByTestId('replay-speed').selectOption('max');
      await feed.getByTestId('replay-play').click();
      await appEvent(feed, 'replay', { finished: true });

      const book = await feed.context().newPage();
      const url = new URL(second.host.url);
      url.searchParams.set('window', 'book');
      url.searchParams.set('symbol', symbol);
      await book.goto(url.toString());
      await expect(book.getByTestId('book-window')).toHaveAttribute('data-ready', 'true');
      await expect.poll(async () => Number(await book.getByTestId('heatmap').getAttribute('data-columns')), { timeout: 30_000 }).toBeGreaterThan(0);
      // The replay's window reaches at least the moment the live one was paused at (the session
      // went on until the host stopped, which may be that very moment); both start before the
      // session's first snapshot (a short session, a 5-minute history), so up to that moment
      // they must show the same.
      const replayed = await readHook<HeatModelSeen>(book, 'heatmap');
      expect(replayed.to).toBeGreaterThanOrEqual(liveTo);
      expect(canon(replayed, liveTo, liveLast)).toEqual(live);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
