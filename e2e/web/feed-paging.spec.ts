// Issue 19 part 4: the feed window holds a bounded stretch of its session and pages the rest in
// from the session's store as it is scrolled (src-renderer/feed/feed-pager.ts). The window's
// capacity is lowered with `?feedWindow=` so the demo fills more than it holds in seconds.
// Every wait is on an app event or a DOM attribute, never on time.
import type { Page } from '@playwright/test';
import { expect, feedRoot, pageNow, readHook, test, type Host } from './fixtures.ts';

const WINDOW = 150;

interface Held {
  id: string;
  version: number;
}

/** The sequences of the held flows, ascending ("<session>-<sequence>" ids, one session here). */
async function heldSeqs(page: Page): Promise<number[]> {
  const held = await readHook<Held[]>(page, 'flows');
  return held.map((f) => Number(f.id.split('-')[1])).sort((a, b) => a - b);
}

/** The rows in the DOM, top to bottom: id and first-print time. */
async function domRows(page: Page): Promise<{ id: string; time: number }[]> {
  return page.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => ({ id: r.getAttribute('data-flow-id') ?? '', time: Number(r.getAttribute('data-time')) })));
}

async function openFeed(page: Page, host: Host): Promise<void> {
  await page.goto(`${host.url}&feedWindow=${WINDOW}`);
  await expect(feedRoot(page)).toHaveAttribute('data-ready', 'true');
}


test.use({ hostOptions: { name: 'feed-paging', intensity: 20 } });

test('scrolled to the bottom, older flows page in from the store in order, no gap or duplicate, the window stays bounded', async ({ page, host }) => {
  await openFeed(page, host);
  // The session holds several windows' worth.
  await expect.poll(async () => (await heldSeqs(page)).at(-1) ?? 0, { timeout: 60_000 }).toBeGreaterThan(4 * WINDOW);
  const list = page.getByTestId('flow-list');
  const older = page.getByTestId('feed-older');
  // Every flow held at some point on the way down, by sequence.
  const seen = new Set<number>();
  let firstOldest: number | null = null;
  let pages = 0;
  while ((await older.getAttribute('data-state')) !== 'start') {
    const since = await pageNow(page);
    await list.evaluate((el) => {
      (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
    });
    // A page came in, or there was none left to ask for.
    await page.waitForFunction(
      (from) => {
        const g = globalThis as unknown as { __fathomTest?: { events: { name: string; at: number }[] }; document: { querySelector(s: string): unknown } };
        const paged = g.__fathomTest?.events.some((e) => e.name === 'feed-page' && e.at >= from) ?? false;
        return paged || g.document.querySelector('[data-testid=feed-older][data-state=start]') !== null;
      },
      since,
    );
    pages++;
    const seqs = await heldSeqs(page);
    expect(seqs.length).toBeLessThanOrEqual(WINDOW);
    firstOldest ??= seqs[0] ?? 0;
    for (const seq of seqs) seen.add(seq);
    // On screen: newest first by first-print time, each flow once.
    const rows = await domRows(page);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const times = rows.map((r) => r.time);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(pages).toBeLessThan(200);
  }
  const seqs = await heldSeqs(page);
  for (const seq of seqs) seen.add(seq);
  // No gap: every flow of the session below the oldest the window held before it paged was held
  // on the way down (the engine numbers a session's flows from 1, src-main/market/flow-engine.ts).
  const missing = Array.from({ length: firstOldest ?? 0 }, (_, i) => i + 1).filter((seq) => !seen.has(seq));
  expect(missing).toEqual([]);
  expect(seqs[0]).toBe(1);
  await list.evaluate((el) => {
    (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
  });
  await expect(older).toHaveText('Start of the session');
  expect(pages).toBeGreaterThan(2);
  // Far down, the window let the newest go; the jump takes the stream again from the newest.
  const jump = page.getByTestId('jump-to-newest');
  await expect(jump).toHaveAttribute('data-detached', 'true');
  const newestBefore = seqs.at(-1) ?? 0;
  await jump.click();
  await expect.poll(async () => (await heldSeqs(page)).at(-1) ?? 0).toBeGreaterThan(newestBefore + WINDOW);
  expect((await heldSeqs(page)).length).toBeLessThanOrEqual(WINDOW);
});
