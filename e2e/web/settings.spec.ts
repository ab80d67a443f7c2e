// Settings persist: flow rules, an alert rule, the book window and data retention are saved by
// main and come back after a reload. Its own host, so no other spec sees these values.
import type { Page } from '@playwright/test';
import { expect, feedRoot, nextAppEvent, pageNow, test } from './fixtures.ts';

test.use({ hostOptions: { name: 'settings', intensity: 0.2 } });

async function save(feed: Page, section: string): Promise<void> {
  const since = await pageNow(feed);
  await feed.getByTestId(`save-${section}`).click();
  await nextAppEvent(feed, 'settings-saved', since);
  await expect(feed.getByTestId(`settings-${section}`)).toContainText('Saved');
}

test('settings persist across a reload', async ({ feed }) => {
  await feed.getByTestId('nav-settings').click();
  await expect(feed.getByTestId('settings-view')).toBeVisible();
  // Sign-in shows a status (the test machine has no Schwab sign-in).
  await expect(feed.getByTestId('settings-signin')).toHaveAttribute('data-state', /^(signed-out|keychain-unavailable|needs-sign-in|signed-in)$/);
  await expect(feed.getByTestId('auth-status')).not.toBeEmpty();

  await feed.getByTestId('field-whaleMinPremium').fill('250000');
  await feed.getByTestId('field-atmBand').fill('1');
  await save(feed, 'flow');

  await feed.getByTestId('add-rule-PREMIUM_OVER').click();
  const rule = feed.locator('[data-testid=alert-rule][data-kind=PREMIUM_OVER]');
  await rule.getByTestId('rule-threshold').fill('750000');
  await rule.getByTestId('rule-symbols').fill('spy, qqq');
  await rule.getByTestId('rule-sound').selectOption('premium');
  await save(feed, 'alerts');

  // A value the schema refuses is named and not saved.
  await feed.getByTestId('field-levels').fill('99');
  await feed.getByTestId('save-book').click();
  await expect(feed.getByTestId('settings-book')).toContainText('Not saved');
  await feed.getByTestId('field-levels').fill('20');
  await feed.getByTestId('field-spreadAlertPercent').fill('7.5');
  await save(feed, 'book');

  await feed.getByTestId('field-retentionMb').fill('2048');
  await save(feed, 'data');

  await feed.reload();
  await expect(feedRoot(feed)).toHaveAttribute('data-ready', 'true');
  await feed.getByTestId('nav-settings').click();
  await expect(feed.getByTestId('field-whaleMinPremium')).toHaveValue('250000');
  await expect(feed.getByTestId('field-atmBand')).toHaveValue('1');
  await expect(rule.getByTestId('rule-threshold')).toHaveValue('750000');
  await expect(rule.getByTestId('rule-symbols')).toHaveValue('SPY, QQQ');
  await expect(rule.getByTestId('rule-sound')).toHaveValue('premium');
  await expect(feed.getByTestId('field-levels')).toHaveValue('20');
  await expect(feed.getByTestId('field-spreadAlertPercent')).toHaveValue('7.5');
  await expect(feed.getByTestId('field-retentionMb')).toHaveValue('2048');
  // Escape goes back to the feed.
  await feed.keyboard.press('Escape');
  await expect(feed.getByTestId('settings-view')).toBeHidden();
});
