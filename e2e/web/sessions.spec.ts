// Sessions, export and replay against a database that already holds an ended session (the
// fixture records one, stops that host, and serves the same file again).
import { readFileSync } from 'node:fs';
import { appEvent, expect, feedRoot, nextAppEvent, pageNow, readHook, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { priorFlows: 25, intensity: 0.5 } });
test.describe.configure({ mode: 'serial' });

interface Exported {
  id: string;
  version: number;
  time: number;
}

/** What the export said the ended session holds: the replay must reproduce exactly this. */
let exported: Exported[] = [];
let sessionId = '';

test('the sessions view lists the recorded sessions', async ({ feed }, testInfo) => {
  await feed.getByTestId('nav-sessions').click();
  const view = feed.getByTestId('sessions-view');
  await expect(view).toBeVisible();
  await expect(feed.getByTestId('session-row')).toHaveCount(2);
  // The live one is still recording and cannot be replayed yet; the first one has ended.
  const live = feed.locator('[data-testid=session-row][data-recording=true]');
  await expect(live.getByTestId('session-replay')).toBeDisabled();
  const ended = feed.locator('[data-testid=session-row][data-recording=false]');
  await expect(ended).toHaveAttribute('data-replayable', 'true');
  expect(Number(await ended.getAttribute('data-flows'))).toBeGreaterThanOrEqual(25);
  await expect(ended).toContainText('DEMO');
  await expect(ended).toContainText(/SPY/);
  await expect(ended).toContainText('none');
  sessionId = (await ended.getAttribute('data-session-id')) ?? '';
  await expect(feed.getByTestId('sessions-summary')).toContainText('2 recorded');
  // A row opens to what it followed, its gaps and the flow rules it was recorded with.
  await ended.locator('td').nth(1).click();
  const detail = feed.getByTestId('session-detail');
  await expect(detail).toContainText('The stream never stopped.');
  await expect(detail).toContainText("Recorded with today's flow rules.");
  await screenshot(feed, testInfo, 'sessions-view');
});

test('an export downloads a CSV with the expected rows', async ({ feed }, testInfo) => {
  await feed.getByTestId('nav-sessions').click();
  const ended = feed.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`);
  const flows = Number(await ended.getAttribute('data-flows'));
  const [download] = await Promise.all([feed.waitForEvent('download'), ended.getByTestId('session-export-csv').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^fathom-session-${sessionId}-.*\\.csv$`));
  const path = testInfo.outputPath('export.csv');
  await download.saveAs(path);
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  expect(columns.slice(0, 4)).toEqual(['id', 'sessionId', 'time', 'symbol']);
  expect(lines).toHaveLength(flows);
  const at = (name: string) => columns.indexOf(name);
  // No field of a flow holds a comma or a quote, so a plain split reads every row.
  exported = lines.map((line) => {
    const cells = line.split(',');
    expect(cells[at('sessionId')]).toBe(sessionId);
    return { id: cells[at('id')] ?? '', version: Number(cells[at('version')]), time: Date.parse(cells[at('time')] ?? '') };
  });
  expect(new Set(exported.map((e) => e.id)).size).toBe(flows);
  const progress = ended.getByTestId('export-progress');
  await expect(progress).toHaveAttribute('data-done', 'true');
  await expect(progress).toHaveAttribute('data-rows', String(flows));
  await expect(progress.getByRole('progressbar')).toBeVisible();
});

test('a replay reproduces the recorded flows, and seeking moves the feed', async ({ feed }) => {
  expect(exported.length).toBeGreaterThan(0);
  const root = feedRoot(feed);
  await feed.getByTestId('nav-sessions').click();
  await feed.locator(`[data-testid=session-row][data-session-id="${sessionId}"]`).getByTestId('session-replay').click();
  const bar = feed.getByTestId('replay-bar');
  await expect(bar).toHaveAttribute('data-session', sessionId);
  await expect(feed.getByTestId('sessions-view')).toBeHidden();
  await expect(root).toHaveAttribute('data-source', 'replay');
  // As fast as it goes, to the end.
  await feed.getByTestId('replay-speed').selectOption('max');
  await feed.getByTestId('replay-play').click();
  await appEvent(feed, 'replay', { finished: true });
  const byId = (list: { id: string; version: number }[]) => [...list].map(({ id, version }) => ({ id, version })).sort((a, b) => (a.id < b.id ? -1 : 1));
  await expect.poll(async () => byId(await readHook<{ id: string; version: number }[]>(feed, 'flows'))).toEqual(byId(exported));
  await expect(root).toHaveAttribute('data-flow-count', String(exported.length));

  // Seek to 40% of the timeline: the feed is reset to what had printed by then.
  const since = await pageNow(feed);
  const timeline = feed.getByTestId('replay-timeline');
  const box = await timeline.boundingBox();
  if (!box) throw new Error('the timeline has no box');
  await timeline.click({ position: { x: box.width * 0.4, y: box.height / 2 } });
  await nextAppEvent(feed, 'flows-reset', since);
  const state = (await nextAppEvent(feed, 'replay', since, { finished: false })) as { position: number };
  const held = await readHook<{ id: string }[]>(feed, 'flows');
  const times = new Map(exported.map((e) => [e.id, e.time]));
  expect(held.length).toBeLessThan(exported.length);
  for (const { id } of held) expect(times.get(id) ?? Infinity).toBeLessThanOrEqual(state.position);
  await expect(bar).toHaveAttribute('data-position', String(state.position));
  await expect(root).toHaveAttribute('data-flow-count', String(held.length));

  // Back to the live market: the live session's flows and status return.
  await feed.getByTestId('replay-close').click();
  await expect(bar).toBeHidden();
  await expect(root).toHaveAttribute('data-source', 'demo');
  await expect(root).toHaveAttribute('data-ready', 'true');
  await expect.poll(async () => Number(await root.getAttribute('data-flow-count'))).toBeGreaterThan(0);
});
