// History search across sessions and the Parquet export, through the web host, against a
// database that already holds an ended session large enough to come back in several pages.
import { DuckDBInstance } from '@duckdb/node-api';
import { appEvent, expect, feedRoot, readHook, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { priorFlows: 1200, priorIntensity: 40, intensity: 0.5, name: 'history' } });
test.describe.configure({ mode: 'serial' });

interface Hit {
  id: string;
  sessionId: string;
  time: number;
  symbol: string;
  kind: string;
  premium: number;
}

/** The ended session: its id, its flows as the sessions view counts them, and as the search found them. */
let ended = '';
let endedFlows = 0;
let endedHits: Hit[] = [];

test('a search across every session streams its rows in pages and opens one in a replay at that moment', async ({ feed }, testInfo) => {
  await feed.getByTestId('nav-sessions').click();
  const endedRow = feed.locator('[data-testid=session-row][data-recording=false]');
  await expect(endedRow).toHaveCount(1);
  ended = (await endedRow.getAttribute('data-session-id')) ?? '';
  endedFlows = Number(await endedRow.getAttribute('data-flows'));
  expect(endedFlows).toBeGreaterThanOrEqual(1200);
  const liveRow = feed.locator('[data-testid=session-row][data-recording=true]');
  const live = (await liveRow.getAttribute('data-session-id')) ?? '';
  // The search must find both sessions: wait until the live one has stored a flow.
  await expect
    .poll(async () => {
      await feed.getByTestId('sessions-refresh').click();
      return Number(await liveRow.getAttribute('data-flows'));
    })
    .toBeGreaterThan(0);

  await feed.getByTestId('nav-history').click();
  await expect(feed.getByTestId('history-view')).toBeVisible();
  await feed.getByTestId('history-search').click();
  const status = feed.getByTestId('history-status');
  const searchId = ((await appEvent(feed, 'history-search')) as { searchId: string }).searchId;
  // The first page arrives while the search is still running: the rows stream in.
  const first = (await appEvent(feed, 'history-page', { searchId, page: 0 })) as { rows: number; done: boolean };
  expect(first.done).toBe(false);
  expect(first.rows).toBeGreaterThan(0);
  await expect(feed.getByTestId('history-row').first()).toBeVisible();
  await expect(status).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  expect(Number(await status.getAttribute('data-pages'))).toBeGreaterThanOrEqual(3);

  const hits = await readHook<Hit[]>(feed, 'history');
  await expect(status).toHaveAttribute('data-rows', String(hits.length));
  expect(new Set(hits.map((h) => h.sessionId))).toEqual(new Set([ended, live]));
  endedHits = hits.filter((h) => h.sessionId === ended);
  expect(endedHits).toHaveLength(endedFlows);
  for (let i = 1; i < hits.length; i++) expect((hits[i] as Hit).time).toBeLessThanOrEqual((hits[i - 1] as Hit).time);
  // Newest first: the live session's rows lead, and a session still recording cannot be replayed yet.
  const newest = feed.getByTestId('history-row').first();
  await expect(newest).toHaveAttribute('data-session-id', live);
  await expect(newest.getByTestId('history-replay')).toBeDisabled();
  await screenshot(feed, testInfo, 'history-all');

  // Criteria narrow it: sweeps of $1,000 and more, in both sessions.
  await feed.getByTestId('history-kinds').locator('[data-value=SWEEP]').click();
  await feed.getByTestId('history-minPremium').fill('1k');
  await feed.getByTestId('history-search').click();
  await expect(status).not.toHaveAttribute('data-search', searchId);
  await expect(status).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  const sweeps = await readHook<Hit[]>(feed, 'history');
  const expected = hits.filter((h) => h.kind === 'SWEEP' && h.premium >= 1000);
  expect(expected.length).toBeGreaterThan(0);
  // The live session records on: compare what both searches saw of the ended one.
  expect(sweeps.filter((h) => h.sessionId === ended).map((h) => h.id)).toEqual(expected.filter((h) => h.sessionId === ended).map((h) => h.id));
  expect(sweeps.every((h) => h.kind === 'SWEEP' && h.premium >= 1000)).toBe(true);

  // The oldest rows, at the bottom of the list, are the ended session's: replay one from its moment.
  await feed.getByTestId('history-results').locator('.history-scroll').evaluate((el) => {
    (el as unknown as { scrollTop: number; scrollHeight: number }).scrollTop = (el as unknown as { scrollHeight: number }).scrollHeight;
  });
  const oldest = sweeps.at(-1) as Hit;
  expect(oldest.sessionId).toBe(ended);
  const id = oldest.id;
  // Found by its id: the list renders only the rows in view, and re-renders as it scrolls.
  const row = feed.locator(`[data-testid=history-row][data-flow-id="${id}"]`);
  await expect(row).toBeVisible();
  const seenAt = Number(await row.getAttribute('data-seen-at'));
  expect(seenAt).toBeGreaterThanOrEqual(Number(await row.getAttribute('data-time')));
  await row.getByTestId('history-replay').click();
  const bar = feed.getByTestId('replay-bar');
  await expect(bar).toHaveAttribute('data-session', ended);
  await expect(bar).toHaveAttribute('data-position', String(seenAt));
  await expect(feed.getByTestId('history-view')).toBeHidden();
  const root = feedRoot(feed);
  await expect(root).toHaveAttribute('data-source', 'replay');
  await expect(root).toHaveAttribute('data-selected', id);
  // The feed holds that flow, from the ended session as it stood then: only part of its flows.
  await expect.poll(async () => (await readHook<{ id: string }[]>(feed, 'flows')).some((f) => f.id === id)).toBe(true);
  const held = await readHook<{ id: string }[]>(feed, 'flows');
  expect(held.every((f) => f.id.startsWith(`${ended}-`))).toBe(true);
  expect(held.length).toBeLessThan(endedFlows);
  await screenshot(feed, testInfo, 'history-replay');
  await feed.getByTestId('replay-close').click();
  await expect(bar).toBeHidden();
});

test('the sessions view exports a session to Parquet that DuckDB reads back whole', async ({ feed }, testInfo) => {
  expect(endedHits.length).toBe(endedFlows);
  await feed.getByTestId('nav-sessions').click();
  const row = feed.locator(`[data-testid=session-row][data-session-id="${ended}"]`);
  const [download] = await Promise.all([feed.waitForEvent('download'), row.getByTestId('session-export-parquet').click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^fathom-session-${ended}-.*\\.parquet$`));
  const path = testInfo.outputPath('export.parquet');
  await download.saveAs(path);
  await expect(row.getByTestId('export-progress')).toHaveAttribute('data-rows', String(endedFlows));

  const duck = await DuckDBInstance.create(':memory:');
  const connection = await duck.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT COUNT(*) AS n, SUM(premium) AS premium, COUNT(DISTINCT sessionId) AS sessions, MIN(sessionId) AS session FROM read_parquet('${path.replace(/'/g, "''")}')`);
    const [found] = reader.getRowObjectsJS() as { n: bigint; premium: number; sessions: bigint; session: bigint }[];
    expect(Number(found?.n)).toBe(endedFlows);
    expect(Number(found?.sessions)).toBe(1);
    expect(String(found?.session)).toBe(ended);
    // The same premium the history search read from SQLite, to the cent.
    const searched = endedHits.reduce((sum, h) => sum + h.premium, 0);
    expect(Math.round((found?.premium ?? 0) * 100)).toBe(Math.round(searched * 100));
  } finally {
    connection.closeSync();
    duck.closeSync();
  }
});
