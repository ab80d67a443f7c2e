// Multi-leg strategies in the feed (FLOW-RULES.md §8): a strategy scripted on the demo through the
// simulator's fault endpoint (src-main/simulator/server/README.md, `strategy`), so the test knows
// its legs, is grouped by the engine into one strategy; the strategies view shows it as one row
// with its legs, the legs view shows each leg linked to it, and the links go both ways.
import type { Page } from '@playwright/test';
import type { StrategyType } from '../../shared/domain/strategy.ts';
import type { StrategyScriptAnswerBody } from '../../src-main/simulator/server/fault-route.ts';
import { appEvent, expect, readHook, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { intensity: 1, name: 'strategies' } });

/**
 * Scripts a strategy whose first leg is one of these contracts, trying types until one's legs are
 * all watched: late in the day a same-day contract far from the money has no bid, and nothing can
 * be built on it (a CI run at 14:25 ET), so the next contract is tried.
 */
async function scriptStrategy(page: Page, simulator: string, symbols: readonly string[]): Promise<StrategyScriptAnswerBody> {
  const tried: string[] = [];
  for (const symbol of symbols) {
    for (const type of ['STRADDLE', 'VERTICAL', 'CALENDAR'] as StrategyType[]) {
      const response = await page.request.post(`${simulator}/__faults/strategy`, { data: { type, symbol } });
      const answer = (await response.json()) as StrategyScriptAnswerBody | { error: string };
      if (response.status() === 200) return answer as StrategyScriptAnswerBody;
      tried.push(`${symbol} ${type}: ${response.status()} ${JSON.stringify(answer)}`);
    }
  }
  throw new Error(`no strategy could be scripted:\n${tried.join('\n')}`);
}

interface HeldStrategy {
  id: string;
  type: string;
  symbols: string[];
}

test('a scripted strategy shows as one row with its legs, and the view toggles between strategies and legs', async ({ feed, host }, testInfo) => {
  // One quiet underlying, so the rows stay where the test reads them.
  await feed.getByTestId('filter-symbol-input').fill('AAPL');
  await feed.getByTestId('filter-symbol-input').press('Enter');
  await appEvent(feed, 'filter-applied');
  const first = feed.getByTestId('flow-row').first();
  await expect(first).toHaveAttribute('data-symbol', /^AAPL /, { timeout: 60_000 });
  const symbols = [...new Set(await feed.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol') ?? '')))].filter((s) => s.startsWith('AAPL '));

  // The engine groups what it sees: a leg whose update also carried an unrelated print of its
  // contract is out of ratio, so a strategy not seen grouped is scripted again (at most three).
  let scripted: StrategyScriptAnswerBody | undefined;
  let held: HeldStrategy | undefined;
  for (let attempt = 0; attempt < 3 && !held; attempt++) {
    const answer = await scriptStrategy(feed, host.simulator, symbols);
    expect(symbols).toContain(answer.symbols[0]);
    scripted = answer;
    const legs = [...answer.symbols].sort().join();
    try {
      await expect
        .poll(async () => {
          const all = (await readHook<HeldStrategy[] | null>(feed, 'strategies')) ?? [];
          held = all.find((s) => [...s.symbols].sort().join() === legs && s.type === answer.type);
          return held !== undefined;
        }, { timeout: 15_000 })
        .toBe(true);
    } catch {
      held = undefined;
    }
  }
  if (!held || !scripted) throw new Error('no scripted strategy was grouped in three tries');
  const legs = [...scripted.symbols].sort();
  const id = (held as HeldStrategy).id;

  // The legs view (the default): each leg its own row, linked to its strategy.
  await expect(feed.getByTestId('feed-view-legs')).toHaveAttribute('aria-pressed', 'true');
  const legRows = feed.locator(`[data-testid=flow-row][data-strategy-id="${id}"]`);
  await expect(legRows).toHaveCount(legs.length);
  expect((await legRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-symbol') ?? ''))).sort()).toEqual(legs);
  await expect(legRows.first().getByTestId('leg-strategy-link')).toBeVisible();

  // The strategies view: one row in place of the legs, showing each leg.
  await feed.getByTestId('feed-view-strategies').click();
  await expect(feed.getByTestId('feed-view-strategies')).toHaveAttribute('aria-pressed', 'true');
  const row = feed.locator(`[data-testid=strategy-row][data-strategy-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-strategy-type', scripted.type);
  await expect(row).toHaveAttribute('data-legs', String(legs.length));
  await expect(legRows).toHaveCount(0);
  const chips = row.getByTestId('strategy-leg');
  expect((await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol') ?? ''))).sort()).toEqual(legs);
  await expect(row.locator('[data-badge=sentiment]')).toHaveText(/^(BULL|BEAR|NEUT)$/);

  // Opened, the strategy's evidence names its type, legs and the rule that grouped them.
  await row.click();
  const evidence = feed.getByTestId('evidence-strategy');
  await expect(evidence).toHaveAttribute('data-strategy-id', id);
  await expect(evidence.getByTestId('evidence-strategy-leg')).toHaveCount(legs.length);
  await expect(feed.getByTestId('evidence-strategy-reason')).toContainText(`${scripted.type} (STRATEGY_TIME_RATIO)`);
  await screenshot(feed, testInfo, 'strategy-row');

  // A leg's link opens that leg's own row in the legs view...
  const legId = (await chips.last().getAttribute('data-flow-id')) as string;
  await chips.last().click();
  await expect(feed.getByTestId('feed-view-legs')).toHaveAttribute('aria-pressed', 'true');
  const legRow = feed.locator(`[data-testid=flow-row][data-flow-id="${legId}"]`);
  await expect(legRow).toHaveAttribute('aria-selected', 'true');
  await expect(feed.getByTestId('evidence-panel')).toHaveAttribute('data-flow-id', legId);

  // ...and the leg's badge goes back to the strategy's row.
  await legRow.getByTestId('leg-strategy-link').click();
  await expect(feed.getByTestId('feed-view-strategies')).toHaveAttribute('aria-pressed', 'true');
  await expect(row).toHaveAttribute('aria-selected', 'true');
});
