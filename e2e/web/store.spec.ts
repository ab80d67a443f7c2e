// A database that cannot be opened must not stop the market: the feed keeps filling, and the top
// bar says plainly that nothing is being recorded, and why.
import { expect, feedRoot, test } from './fixtures.ts';

test.use({ hostOptions: { corruptDb: true, name: 'store', intensity: 10 } });

test('a corrupt database: the feed streams and the top bar says it is not recording', async ({ feed }) => {
  await expect(feed.getByTestId('store-failing')).toContainText(/Not recording: .*not a Fathom database/);
  await expect.poll(async () => Number(await feedRoot(feed).getAttribute('data-flow-count')), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(feedRoot(feed)).toHaveAttribute('data-connection', 'live');
});
