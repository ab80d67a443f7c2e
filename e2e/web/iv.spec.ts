// Issue 18 point 1 end to end in Chromium against the real web host on the demo simulator: the
// delta and IV filters narrow the feed to exactly the flows whose figures fit, and the IV tab
// says on how many days of history a rank rests ("none, 1 day < 20" on a fresh database).
// Every wait is on an app event or a DOM attribute, never on time.
import type { Page } from '@playwright/test';
import { screenshot } from './book-helpers.ts';
import { appEvent, expect, feedRoot, nextAppEvent, pageNow, readHook, test } from './fixtures.ts';

test.use({ hostOptions: { name: 'iv-history' } });

interface Figures {
  id: string;
  underlying: string;
  delta: number | null;
  iv: number | null;
  shown: boolean;
}

const figures = (page: Page) => readHook<Figures[]>(page, 'flow-figures');

async function type(page: Page, testId: string, text: string): Promise<void> {
  const since = await pageNow(page);
  await page.getByTestId(testId).fill(text);
  await nextAppEvent(page, 'filter-applied', since);
}

test('the feed filters by a delta range and by IV: exactly the flows whose figures fit stay', async ({ feed }) => {
  const root = feedRoot(feed);
  await expect(root).toHaveAttribute('data-connection', 'live');
  await expect.poll(async () => (await figures(feed)).filter((f) => f.iv !== null && f.delta !== null).length, { timeout: 60_000 }).toBeGreaterThan(30);

  // |delta| from 0.3 to 0.6 (absolute is the default: puts and calls alike).
  await expect(feed.getByTestId('filter-delta-abs')).toBeChecked();
  await type(feed, 'filter-delta-min', '0.3');
  await type(feed, 'filter-delta-max', '0.6');
  const byDelta = await figures(feed);
  const inDelta = (f: Figures) => f.delta !== null && Math.abs(f.delta) >= 0.3 && Math.abs(f.delta) <= 0.6;
  expect(byDelta.filter((f) => f.shown).map((f) => f.id)).toEqual(byDelta.filter(inDelta).map((f) => f.id));
  expect(byDelta.some((f) => f.shown)).toBe(true);
  expect(byDelta.some((f) => !f.shown)).toBe(true);

  // IV up to the median of what those flows carry: about half of them go.
  const ivs = byDelta.filter(inDelta).map((f) => f.iv as number).sort((a, b) => a - b);
  const median = Math.round((ivs[Math.floor(ivs.length / 2)] as number) * 10) / 10;
  const lastEdit = await pageNow(feed);
  await type(feed, 'filter-iv-max', String(median));
  const byIv = await figures(feed);
  expect(byIv.filter((f) => f.shown).map((f) => f.id)).toEqual(byIv.filter((f) => inDelta(f) && f.iv !== null && f.iv <= median).map((f) => f.id));
  expect(byIv.some((f) => f.shown)).toBe(true);
  expect(byIv.some((f) => inDelta(f) && !f.shown)).toBe(true);
  // The rows on screen say the same: the count after the filters is what the flows' figures give.
  await expect.poll(async () => Number(await root.getAttribute('data-visible-count'))).toBeGreaterThan(0);

  // A backwards range is said, and not applied.
  await feed.getByTestId('filter-delta-min').fill('0.7');
  await expect(feed.getByTestId('filter-volatility-problem')).toHaveText('Delta: "from" is above "to"');

  // The filter is kept: a reload comes back with it.
  await nextAppEvent(feed, 'filter-saved', lastEdit);
  await feed.reload();
  await expect(root).toHaveAttribute('data-ready', 'true');
  await expect(feed.getByTestId('filter-delta-min')).toHaveValue('0.3');
  await expect(feed.getByTestId('filter-iv-max')).toHaveValue(String(median));
  await feed.getByTestId('filter-reset').click();
  await appEvent(feed, 'filter-saved');
});

test('the IV tab says how many days a rank rests on, and a rank bound hides what has none', async ({ feed }, testInfo) => {
  await feed.getByTestId('tab-iv').click();
  // A fresh demo database: today's samples only.
  const spy = feed.getByTestId('iv-row-SPY');
  await expect(spy).toBeVisible({ timeout: 60_000 });
  await expect(spy.getByTestId('iv-rank')).toHaveText('none, 1 day < 20');
  await expect(spy.getByTestId('iv-percentile')).toHaveText('none, 1 day < 20');
  await expect(spy).toHaveAttribute('data-days', '1');
  await expect(spy.getByTestId('iv-atm')).toHaveText(/^\d+\.\d%$/);
  // Realized volatility from the simulator's daily price history, beside the IV.
  await expect(spy.getByTestId('iv-realized')).toHaveText(/^\d+\.\d%$/);
  await expect(feed.getByTestId('iv-panel')).toContainText('none with fewer than 20 days of history');
  await screenshot(feed, testInfo, 'feed-iv-tab');

  // With no underlying ranked yet, an IV-rank bound leaves nothing to show.
  const root = feedRoot(feed);
  await expect.poll(async () => Number(await root.getAttribute('data-visible-count')), { timeout: 60_000 }).toBeGreaterThan(0);
  await type(feed, 'filter-ivrank-min', '0');
  await expect(root).toHaveAttribute('data-visible-count', '0');
  await feed.getByTestId('filter-reset').click();
  await expect.poll(async () => Number(await root.getAttribute('data-visible-count'))).toBeGreaterThan(0);
  await appEvent(feed, 'filter-saved');
});
