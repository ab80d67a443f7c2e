// Alert destinations through the web host with a real keychain (a private gnome-keyring):
// a destination pointing at a receiver this test runs on loopback is added, attached to a rule
// that fires on every flow, and the receiver gets the alerts; a receiver answering 500 every
// time shows retrying and then a failure, with the error, in the destination's status.
import { expect, test } from './fixtures.ts';
import { startReceiver, type Receiver } from '../../src-main/webhooks/receiver.testkit.ts';
import type { Page } from '@playwright/test';

test.use({ hostOptions: { name: 'webhooks', keyring: true, intensity: 1 } });

const TOKEN = 'e2e-hook-token-5ecret';
let good: Receiver;
let broken: Receiver;

test.beforeAll(async () => {
  good = await startReceiver(() => 204);
  broken = await startReceiver(() => 500);
});

test.afterAll(async () => {
  await good.close();
  await broken.close();
});

async function addDestination(feed: Page, name: string, format: string, url: string): Promise<void> {
  const section = feed.getByTestId('settings-destinations');
  await section.getByTestId('destination-add').click();
  await section.getByTestId('destination-name').fill(name);
  await section.getByTestId('destination-format').selectOption(format);
  await section.getByTestId('destination-url').fill(url);
  await section.getByTestId('destination-save').click();
  await expect(section.getByTestId('destination-form')).toBeHidden();
}

test('alerts reach a webhook receiver, and a receiver that fails shows its failure', async ({ feed }) => {
  // The failure takes 15 s of real back-off on top of a page that starts slowly on a busy machine.
  test.setTimeout(150_000);
  await feed.getByTestId('nav-settings').click();
  const section = feed.getByTestId('settings-destinations');

  // A URL the shared rule refuses is named and not saved.
  await section.getByTestId('destination-add').click();
  await section.getByTestId('destination-name').fill('Plain http');
  await section.getByTestId('destination-url').fill('http://example.com/hook');
  await section.getByTestId('destination-save').click();
  await expect(section.getByTestId('destination-error')).toContainText('only https');
  await section.getByRole('button', { name: 'Cancel' }).click();

  await addDestination(feed, 'Desk', 'generic', `${good.url}/hook/${TOKEN}`);
  const desk = section.locator('[data-testid=destination][data-name=Desk]');
  const host = good.url.slice('http://'.length);
  await expect(desk).toContainText(`${host}/…/••••`);
  // The page never gets the URL back.
  expect(await feed.content()).not.toContain(TOKEN);

  // A rule firing on every flow posts to it.
  await feed.getByTestId('add-rule-PREMIUM_OVER').click();
  const rule = feed.locator('[data-testid=alert-rule][data-kind=PREMIUM_OVER]').last();
  const ruleId = await rule.getAttribute('data-rule-id');
  await rule.getByTestId('rule-threshold').fill('0');
  await rule.getByTestId('rule-sound').selectOption('');
  const deskId = await desk.getAttribute('data-destination-id');
  await rule.locator(`[data-testid=rule-destinations] [data-destination-id="${deskId}"]`).click();
  await feed.getByTestId('save-alerts').click();
  await expect(feed.getByTestId('settings-alerts')).toContainText('Saved');

  await expect.poll(() => good.received.filter((r) => (r.json as { alert?: { ruleId?: string } } | null)?.alert?.ruleId === ruleId).length, { timeout: 60_000 }).toBeGreaterThan(0);
  const posted = good.received.find((r) => (r.json as { alert?: { ruleId?: string } } | null)?.alert?.ruleId === ruleId);
  expect(posted?.path).toBe(`/hook/${TOKEN}`);
  expect(posted?.json).toMatchObject({ type: 'alert', version: 1, source: 'fathom' });
  await expect(desk.getByTestId('destination-status')).toHaveAttribute('data-state', 'ok');

  // A receiver that answers 500 every time: retried, then given up on, visibly.
  await addDestination(feed, 'Broken', 'slack', `${broken.url}/services/${TOKEN}`);
  const bad = section.locator('[data-testid=destination][data-name=Broken]');
  await bad.getByTestId('destination-test').click();
  await expect(bad.getByTestId('destination-status')).toHaveAttribute('data-state', 'retrying');
  await expect(bad.getByTestId('destination-status')).toContainText('HTTP 500');
  // Five attempts, 1 + 2 + 4 + 8 s apart.
  await expect(bad.getByTestId('destination-status')).toHaveAttribute('data-state', 'failed', { timeout: 45_000 });
  await expect(bad.getByTestId('destination-status')).toContainText(/Failed at .+: HTTP 500/);
  expect(broken.received.length).toBe(5);
  expect((broken.received[0]?.json as { blocks?: unknown[] } | null)?.blocks).toHaveLength(2);

  // Deleting a destination takes it off the rule too.
  await bad.getByTestId('destination-remove').click();
  await expect(bad).toBeHidden();
});
