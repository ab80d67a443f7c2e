// Issue 19 part 4 with a store that cannot record (a corrupt database): the feed keeps its
// bounded window of flows in memory and says older flows are unavailable, instead of paging.
import { expect, feedRoot, test } from './fixtures.ts';

const WINDOW = 150;

test.use({ hostOptions: { corruptDb: true, name: 'feed-paging-unrecorded', intensity: 10 } });

test('keeps its bounded window and says older flows are unavailable', async ({ page, host }) => {
  await page.goto(`${host.url}&feedWindow=${WINDOW}`);
  await expect(feedRoot(page)).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => Number(await feedRoot(page).getAttribute('data-flow-count')), { timeout: 60_000 }).toBeGreaterThanOrEqual(WINDOW - 10);
  await page.getByTestId('flow-list').evaluate((el) => {
    (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
  });
  await expect(page.getByTestId('feed-older')).toHaveAttribute('data-state', 'unavailable');
  await expect(page.getByTestId('feed-older')).toContainText('Older flows unavailable');
  expect(Number(await feedRoot(page).getAttribute('data-flow-count'))).toBeLessThanOrEqual(WINDOW);
});
