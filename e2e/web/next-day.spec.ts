// FLOW-RULES.md §9 and §10 through the web host: the fixture records a demo session a day in the
// past (`--days-ago 1`), stops it (its simulator stores the open interest its orders left) and
// serves the same file today. Today's session checks yesterday's flows by its first quotes and
// by REST; the feed shows them labelled, the confirmed-openers filter finds the openers, and the
// evidence panel gives the numbers. The Who column and the sender filter show §9.
import { expect, feedRoot, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { priorFlows: 150, priorDaysAgo: 1, name: 'next-day' } });
test.describe.configure({ mode: 'serial' });

test('yesterday\'s flows come labelled by today\'s open interest, and the filter finds the confirmed openers', async ({ feed }, testInfo) => {
  // Checked flows are older than today's: filtered to the confirmed openers they are all there is.
  await feed.getByTestId('filter-confirmed-openers').click();
  await expect(feed.getByTestId('filter-confirmed-openers')).toBeChecked();
  const openers = feed.locator('[data-testid=flow-row][data-next-day=OPENING]');
  await expect(openers.first()).toBeVisible({ timeout: 60_000 });
  await expect(feed.locator('[data-testid=flow-row]:not([data-next-day=OPENING])')).toHaveCount(0);
  const first = openers.first();
  await expect(first.locator('[data-badge=next-day]')).toHaveText('OPENED');
  // Yesterday, as the --days-ago session recorded it: the flow's own time is a day back.
  const flowId = (await first.getAttribute('data-flow-id')) ?? '';
  await first.click();

  const panel = feed.getByTestId('evidence-panel');
  await expect(panel).toHaveAttribute('data-flow-id', flowId);
  const nextDay = panel.getByTestId('evidence-next-day');
  await expect(nextDay).toHaveAttribute('data-label', 'OPENING');
  await expect(nextDay).toContainText('Next day: opening confirmed');
  await expect(nextDay).toContainText(/Open interest[\d,]+ → [\d,]+ \(\+[\d,]+\)/);
  await expect(nextDay).toContainText(/NEXT_DAY OPENING: open interest [\d,]+ -> [\d,]+ \(\+[\d,]+\) rose by at least/);
  // The stored evidence carries the same reason.
  await expect(panel.getByTestId('evidence-reasons')).toContainText('NEXT_DAY OPENING');
  await screenshot(feed, testInfo, 'next-day-openers');

  // Off again, yesterday's rows sit below today's, with their label.
  await feed.getByTestId('filter-confirmed-openers').click();
  await expect(feed.getByTestId('filter-confirmed-openers')).not.toBeChecked();
  await expect.poll(async () => Number(await feedRoot(feed).getAttribute('data-visible-count'))).toBeGreaterThan(await openers.count());
});

test('the Who column and the sender filter: institutional or retail, with a confidence', async ({ feed }) => {
  await expect(feed.locator('[data-testid=flow-row] [data-badge=sender]').first()).toBeVisible({ timeout: 60_000 });
  const sender = feed.getByTestId('filter-sender');
  await sender.locator('[data-value=RETAIL]').click();
  const rows = feed.getByTestId('flow-row');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  for (const label of await rows.locator('[data-badge=sender]').allTextContents()) expect(label).toMatch(/^RTL \d+%$/);
  await sender.locator('[data-value=INSTITUTIONAL]').click();
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  for (const label of await rows.locator('[data-badge=sender]').allTextContents()) expect(label).toMatch(/^INST \d+%$/);
  await rows.first().click();
  await expect(feed.getByTestId('evidence-sender-rule')).toContainText(/SENDER institutional 0\.\d\d institutional: /);
  await sender.locator('[data-value=ALL]').click();
});
