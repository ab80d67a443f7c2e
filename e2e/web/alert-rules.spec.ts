// Alert rules through the web host: a rule made in the alerts panel fires live, is back-tested on
// a recorded session (an ended one the database already holds), and a hit opens the replay at
// its moment; the history finds the live alert by its words and exports it.
import { readFileSync } from 'node:fs';
import { appEvent, expect, feedRoot, readHook, test } from './fixtures.ts';
import { screenshot } from './book-helpers.ts';

test.use({ hostOptions: { priorFlows: 150, priorIntensity: 20, intensity: 0.5, name: 'alert-rules' } });

test('a rule made in the panel fires live, back-tests on a recorded session, and a hit opens in replay', async ({ feed }, testInfo) => {
  // Many steps in one story (make, fire, search, export, back-test, replay) on a loaded machine.
  test.setTimeout(180_000);
  await feed.getByTestId('tab-alerts').click();
  await feed.getByTestId('alerts-rules-tab').click();
  const pane = feed.getByTestId('alert-rules');
  await pane.getByTestId('rule-add').click();
  const editor = feed.getByTestId('rule-editor');
  await expect(editor).toBeVisible();
  await editor.getByTestId('rule-name').fill('Calls bought');
  await editor.getByTestId('rule-choice-calls-puts').locator('[data-value=C]').click();
  await editor.getByTestId('rule-choice-side').locator('[data-value=ASK]').click();
  await editor.getByTestId('rule-choice-side').locator('[data-value=ABOVE_ASK]').click();
  // A value the schema refuses is named and nothing is saved.
  await editor.getByTestId('rule-quietFrom').fill('25:00');
  await editor.getByTestId('rule-quietTo').fill('09:00');
  await editor.getByTestId('rule-save').click();
  await expect(editor.locator('.field-error')).toHaveText('a time of day as HH:MM');
  await editor.getByTestId('rule-quietFrom').fill('');
  await editor.getByTestId('rule-quietTo').fill('');
  await editor.getByTestId('rule-save').click();
  await expect(editor).toBeHidden();
  const item = pane.locator('[data-testid=rule-item][data-rule-id=flow-1]');
  await expect(item).toContainText('Calls bought');

  // Live: main runs the saved rule on the demo stream, and the alert joins the history.
  const fired = (await appEvent(feed, 'alert', { ruleKind: 'FLOW' })) as { id: string; flowId: string };
  expect(fired.flowId).toMatch(/^\d+-\d+$/);
  await feed.getByTestId('alerts-history-tab').click();
  const liveItem = feed.locator('[data-testid=alert-item][data-rule-id=flow-1]').first();
  await expect(liveItem).toContainText('Calls bought');
  await screenshot(feed, testInfo, 'alert-rule-live');

  // The stored history finds it by its words, over every session, and exports it.
  await feed.getByTestId('alert-search').fill('calls bought');
  await feed.getByTestId('alert-search').press('Enter');
  const found = (await appEvent(feed, 'alert-search', { text: 'calls bought' })) as { count: number };
  expect(found.count).toBeGreaterThan(0);
  await expect(feed.locator('[data-testid=alert-item]').first()).toHaveAttribute('data-rule-id', 'flow-1');
  const [download] = await Promise.all([feed.waitForEvent('download'), feed.getByTestId('alert-export-csv').click()]);
  expect(download.suggestedFilename()).toBe('fathom-alerts.csv');
  const csvPath = testInfo.outputPath('alerts.csv');
  await download.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8').split('\r\n');
  expect(csv[0]).toBe('id,sessionId,ruleId,ruleKind,time,timeIso,at,symbol,flowId,title,body');
  expect(csv.slice(1).filter((line) => line.includes(',flow-1,FLOW,')).length).toBeGreaterThan(0);

  // Back-test on the ended session the database already held.
  await feed.getByTestId('alerts-rules-tab').click();
  await item.getByTestId('rule-backtest').click();
  const backtest = feed.getByTestId('backtest');
  const sessionSelect = backtest.getByTestId('backtest-session');
  const ended = await sessionSelect.locator('option:not(:has-text("recording"))').first().getAttribute('value');
  expect(ended).toBeTruthy();
  await sessionSelect.selectOption(ended ?? '');
  await backtest.getByTestId('backtest-run').click();
  const result = backtest.getByTestId('backtest-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  const total = Number(await result.getAttribute('data-total'));
  expect(total).toBeGreaterThan(0);
  const ran = (await appEvent(feed, 'alert-backtest', { ruleId: 'flow-1' })) as { total: number; sessions: string[] };
  expect(ran).toEqual({ ruleId: 'flow-1', total, sessions: [ended] });
  await expect(backtest.getByTestId('backtest-days').locator('li')).toHaveCount(1);
  await expect(backtest.getByTestId('backtest-days')).toContainText(`: ${total}`);
  const hits = backtest.getByTestId('backtest-hit');
  await expect(hits).toHaveCount(total);
  await expect(hits.first()).toContainText('Calls bought');
  await screenshot(feed, testInfo, 'alert-rule-backtest');

  // A hit opens the replay of its session at its moment, with its flow in the feed and selected.
  const hit = hits.nth(Math.floor(total / 2));
  const flowId = (await hit.getAttribute('data-flow-id')) ?? '';
  expect(flowId.startsWith(`${ended}-`)).toBe(true);
  await hit.getByTestId('backtest-replay').click();
  await expect(feed.getByTestId('replay-bar')).toHaveAttribute('data-session', ended ?? '');
  const root = feedRoot(feed);
  await expect(root).toHaveAttribute('data-source', 'replay');
  await expect(root).toHaveAttribute('data-selected', flowId);
  await expect.poll(async () => (await readHook<{ id: string }[]>(feed, 'flows')).some((f) => f.id === flowId)).toBe(true);
  await screenshot(feed, testInfo, 'alert-rule-replay');
  await feed.getByTestId('replay-close').click();
  await expect(feed.getByTestId('replay-bar')).toBeHidden();
});
