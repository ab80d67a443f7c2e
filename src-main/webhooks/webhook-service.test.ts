// The service's choices, with URLs in the run's private Secret Service and real receivers on
// loopback: an alert goes to the destinations its rule names and nowhere else, a replay's
// alerts are not posted again, and a keychain item Fathom did not write reads as "no URL".
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import type { DeliveryStatus } from '../../shared/domain/webhooks.ts';
import { describeKeychain, throwawayService } from '../credentials/credentials.testkit.ts';
import { OsKeychain } from '../credentials/keychain.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { sampleAlert } from './dispatcher.testkit.ts';
import { startReceiver, type Receiver } from './receiver.testkit.ts';
import { webhookAccount, WebhookSecrets } from './webhook-secrets.ts';
import { WebhookService } from './webhook-service.ts';

describeKeychain('the webhook service', () => {
  let keychain: OsKeychain;
  let settings: AppSettings;
  let service: WebhookService;
  let statuses: DeliveryStatus[];
  const receivers: Receiver[] = [];
  beforeEach(() => {
    keychain = new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 });
    settings = defaultAppSettings();
    statuses = [];
    service = new WebhookService({
      secrets: new WebhookSecrets(keychain),
      clock: new ManualClock(Date.UTC(2026, 11, 3, 15)),
      // Main's settings as AppCore holds them: replaced whole on each save.
      settings: { current: () => settings, save: async (change) => (settings = change(settings)) },
      onStatus: (list) => (statuses = list),
    });
  });
  afterEach(async () => {
    service.stop();
    for (const d of settings.webhooks.destinations) await keychain.delete(webhookAccount(d.id));
    for (const r of receivers.splice(0)) await r.close();
  });

  it('posts an alert to the destinations its rule names, once each', async () => {
    const [one, two] = [await startReceiver(), await startReceiver()];
    receivers.push(one, two);
    const a = await service.save({ name: 'A', format: 'generic', url: `${one.url}/a` });
    const b = await service.save({ name: 'B', format: 'generic', url: `${two.url}/b` });
    settings = { ...settings, alerts: { ...settings.alerts, rules: settings.alerts.rules.map((r) => (r.id === 'whale' ? { ...r, destinations: [a.id, a.id, 'hook-gone'] } : r)) } };
    expect(service.deliver(sampleAlert(1, { ruleId: 'whale', ruleKind: 'WHALE' }))).toBe(1);
    expect(service.deliver(sampleAlert(2, { ruleId: 'sweep-watchlist', ruleKind: 'WATCHLIST_SWEEP' }))).toBe(0);
    expect((await one.request(1)).json).toMatchObject({ alert: { id: 's1-a1', ruleId: 'whale' } });
    // Sent test to B proves its lane works, and that it got nothing else before.
    service.test(b.id);
    expect((await two.request(1)).json).toMatchObject({ type: 'test' });
    expect(one.received).toHaveLength(1);
    expect(statuses.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('does not post the alerts of a replay again', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const a = await service.save({ name: 'A', format: 'generic', url: `${r.url}/a` });
    settings = { ...settings, alerts: { ...settings.alerts, rules: settings.alerts.rules.map((rule) => ({ ...rule, destinations: [a.id] })) } };
    service.replay('s1');
    expect(service.deliver(sampleAlert(1, { ruleId: 'whale', sessionId: 's1' }))).toBe(0);
    service.replay(null);
    expect(service.deliver(sampleAlert(2, { ruleId: 'whale', sessionId: 's1' }))).toBe(1);
    expect(((await r.request(1)).json as { alert: { id: string } }).alert.id).toBe('s1-a2');
  });

  it('reads an item it did not write as no URL, and says so in the status', async () => {
    const r = await startReceiver();
    receivers.push(r);
    const a = await service.save({ name: 'A', format: 'generic', url: `${r.url}/a` });
    // Another instance of the app (a fresh cache) finds the item overwritten by hand.
    await keychain.set(webhookAccount(a.id), 'not json');
    let failed: (status: DeliveryStatus) => void = () => undefined;
    const failure = new Promise<DeliveryStatus>((resolve) => (failed = resolve));
    const fresh = new WebhookService({
      secrets: new WebhookSecrets(keychain),
      clock: new ManualClock(0),
      settings: { current: () => settings, save: async (change) => (settings = change(settings)) },
      onStatus: (list) => {
        const mine = list.find((s) => s.id === a.id && s.state === 'failed');
        if (mine) failed(mine);
      },
    });
    fresh.adopt(settings);
    fresh.test(a.id);
    expect((await failure).lastError).toMatch(/no URL for this destination in the OS keychain/);
    expect(r.received).toHaveLength(0);
    fresh.stop();
  });
});
