// The positioning view (issue 18 point 6, FLOW-RULES.md §12) against a database that already holds
// an ended session: replayed to its end, the feed holds exactly the recorded flows, and the view
// of the replayed session must sum those very flows; then the live session and a date range.
import type { PositioningAnswer } from '../../shared/ipc/positioning.ts';
import { appEvent, expect, feedRoot, nextAppEvent, pageNow, readHook, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { priorFlows: 40, intensity: 0.5, name: 'positioning' } });
test.describe.configure({ mode: 'serial' });

interface FeedFlow {
  id: string;
  version: number;
  strike: number;
  expiry: string;
  right: string;
  premium: number;
  size: number;
  cancelled: boolean;
}

const cents = (dollars: number) => Math.round(dollars * 100);

/** Premium (in cents) and contracts by strike, as the feed's own flows add up. */
function byStrike(flows: FeedFlow[]): Map<number, { cents: number; size: number; flows: number }> {
  const out = new Map<number, { cents: number; size: number; flows: number }>();
  for (const f of flows) {
    if (f.cancelled) continue;
    const row = out.get(f.strike) ?? { cents: 0, size: 0, flows: 0 };
    row.cents += cents(f.premium);
    row.size += f.size;
    row.flows += 1;
    out.set(f.strike, row);
  }
  return out;
}

let endedFlows = 0;
let replayedSpy: PositioningAnswer | null = null;

test('the positioning of a replayed session sums exactly the flows the feed holds', async ({ feed }, testInfo) => {
  const root = feedRoot(feed);
  await feed.getByTestId('nav-sessions').click();
  const ended = feed.locator('[data-testid=session-row][data-recording=false]');
  endedFlows = Number(await ended.getAttribute('data-flows'));
  expect(endedFlows).toBeGreaterThanOrEqual(40);
  await ended.getByTestId('session-replay').click();
  await expect(root).toHaveAttribute('data-source', 'replay');
  await feed.getByTestId('replay-speed').selectOption('max');
  await feed.getByTestId('replay-play').click();
  await appEvent(feed, 'replay', { finished: true });
  await expect(root).toHaveAttribute('data-flow-count', String(endedFlows));

  const since = await pageNow(feed);
  await feed.getByTestId('nav-positioning').click();
  const view = feed.getByTestId('positioning-view');
  await expect(view).toBeVisible();
  await expect(feed.getByTestId('positioning-underlying')).toHaveValue('SPY');
  await nextAppEvent(feed, 'positioning', since, { underlying: 'SPY', scope: 'session' });
  await expect(view).toHaveAttribute('data-status', 'loaded');
  const answer = await readHook<PositioningAnswer>(feed, 'positioning');
  const flows = await readHook<FeedFlow[]>(feed, 'positioning-feed');
  expect(answer.source).toBe('replay');
  expect(flows.length).toBeGreaterThan(0);

  // Every strike's premium and contracts are the feed's flows of SPY at that strike, to the cent.
  const expected = byStrike(flows);
  expect(answer.strikes.map((s) => s.strike)).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const s of answer.strikes) {
    const want = expected.get(s.strike);
    expect(cents(s.callPremium) + cents(s.putPremium), `strike ${s.strike}`).toBe(want?.cents);
    expect(s.callVolume + s.putVolume).toBe(want?.size);
    expect(s.flows).toBe(want?.flows);
  }
  const total = [...expected.values()].reduce((sum, r) => sum + r.cents, 0);
  expect(cents(answer.totals.premium)).toBe(total);
  expect(answer.totals.flows).toBe(flows.filter((f) => !f.cancelled).length);
  // The chain profile and the expiries add up to the same premium.
  expect(cents(answer.cells.reduce((sum, c) => sum + c.premium, 0))).toBe(total);
  expect(cents(answer.expiries.reduce((sum, e) => sum + e.callPremium + e.putPremium, 0))).toBe(total);

  // Gamma exposure from the replayed quotes: the demo sends open interest and gamma.
  expect(answer.gex.missing).toBeNull();
  expect(answer.gex.used).toBeGreaterThan(0);
  expect(answer.gex.spot).toBeGreaterThan(0);
  expect(answer.gex.callTotal).toBeGreaterThan(0);
  expect(answer.gex.putTotal).toBeLessThan(0);

  // What is drawn: a point per strike (and the spot's own between strikes), the spot line, the marks.
  const strikes = feed.getByTestId('positioning-strike-chart');
  const onStrike = answer.strikes.some((s) => s.strike === answer.gex.spot);
  await expect(strikes).toHaveAttribute('data-points', String(answer.strikes.length + (onStrike ? 0 : 1)));
  await expect(strikes).toHaveAttribute('data-spot', String(answer.gex.spot));
  await expect(strikes).toHaveAttribute('data-marks', String(answer.clusters.length));
  await expect(feed.getByTestId('positioning-cluster')).toHaveCount(answer.clusters.length);
  await expect(feed.getByTestId('positioning-expiry-chart')).toHaveAttribute('data-points', String(answer.expiries.length));
  await expect(feed.getByTestId('positioning-gex-chart')).toHaveAttribute('data-spot', String(answer.gex.spot));
  await expect(feed.getByTestId('positioning-cell')).toHaveCount(answer.cells.length);
  await expect(feed.getByTestId('positioning-total-flows')).toContainText(String(answer.totals.flows));
  await expect(view.locator('canvas').first()).toBeVisible();
  await screenshot(feed, testInfo, 'positioning-view');

  // Contracts instead of premium: the same strikes, the profile in contracts.
  await feed.getByTestId('positioning-measure-volume').click();
  await expect(feed.getByTestId('positioning-measure-volume')).toHaveAttribute('aria-pressed', 'true');
  await expect(strikes).toHaveAttribute('data-points', String(answer.strikes.length + (onStrike ? 0 : 1)));
  replayedSpy = answer;

  // Back to the live market for the next test (the host keeps a replay open across pages).
  await feed.keyboard.press('Escape');
  await feed.getByTestId('replay-close').click();
  await expect(root).toHaveAttribute('data-source', 'demo');
});

test('the live session, and a date range over both recorded sessions', async ({ feed }) => {
  expect(replayedSpy).not.toBeNull();
  const since = await pageNow(feed);
  await feed.getByTestId('nav-positioning').click();
  const live = (await nextAppEvent(feed, 'positioning', since, { underlying: 'SPY', scope: 'session' })) as { at: number };
  expect(live.at).toBeGreaterThan(0);
  const answer = await readHook<PositioningAnswer>(feed, 'positioning');
  expect(answer.source).toBe('demo');
  expect(answer.sessionId).not.toBe(replayedSpy?.sessionId);

  // The last five days hold both sessions: at least all the replayed session's flows of SPY.
  const before = await pageNow(feed);
  await feed.getByTestId('positioning-scope').selectOption('5d');
  await nextAppEvent(feed, 'positioning', before, { underlying: 'SPY', scope: 'range' });
  const range = await readHook<PositioningAnswer>(feed, 'positioning');
  expect(range.sessionId).toBeNull();
  expect(range.totals.flows).toBeGreaterThanOrEqual(replayedSpy?.totals.flows ?? Infinity);
  expect(range.sessions).toBeGreaterThanOrEqual(1);

  // A range that ends before it starts is refused in words, before anything is asked.
  await feed.getByTestId('positioning-scope').selectOption('custom');
  await feed.getByTestId('positioning-from').fill('2026-12-10');
  await feed.getByTestId('positioning-to').fill('2026-12-01');
  await expect(feed.getByTestId('positioning-error')).toContainText('before it starts');
  await expect(feed.getByTestId('positioning-view')).toHaveAttribute('data-status', 'failed');
});
