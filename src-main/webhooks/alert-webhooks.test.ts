// The delivery the app and `fathom record` share, with URLs in the run's private Secret Service
// and real receivers on loopback: which destinations are in use, a preflight that finds a missing
// URL or a keychain that cannot be read before any alert, the totals a summary prints, and
// idle() once every message is answered.
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAppSettings, type AppSettings } from '../../shared/domain/app-settings.ts';
import type { DeliveryStatus, WebhookDestination } from '../../shared/domain/webhooks.ts';
import { describeKeychain, throwawayService } from '../credentials/credentials.testkit.ts';
import { KeychainUnavailableError, OsKeychain, type Keychain } from '../credentials/keychain.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { AlertWebhooks, destinationsInUse } from './alert-webhooks.ts';
import { sampleAlert } from './dispatcher.testkit.ts';
import { startReceiver, type Receiver } from './receiver.testkit.ts';
import { webhookAccount, WebhookSecrets } from './webhook-secrets.ts';

const destination = (id: string): WebhookDestination => ({ id, name: id.toUpperCase(), format: 'generic', host: '127.0.0.1/…/••••' });

/** Defaults plus destinations a, b, c: the whale rule names a and b, a disabled rule names c. */
function settingsWithHooks(): AppSettings {
  const defaults = defaultAppSettings();
  const rules = defaults.alerts.rules.map((rule) => (rule.id === 'whale' ? { ...rule, destinations: ['a', 'b', 'gone'] } : rule));
  rules.push({ id: 'off', kind: 'PREMIUM_OVER', enabled: false, symbols: [], threshold: 0, kinds: [], sound: '', destinations: ['c'] });
  return { ...defaults, alerts: { ...defaults.alerts, rules }, webhooks: { destinations: ['a', 'b', 'c'].map(destination) } };
}

const readOnly = (settings: AppSettings) => ({ current: () => settings, save: () => Promise.reject(new Error('read-only')) });

describe('destinationsInUse', () => {
  it('lists the destinations enabled rules name, and only those that exist', () => {
    expect(destinationsInUse(settingsWithHooks()).map((d) => d.id)).toEqual(['a', 'b']);
    expect(destinationsInUse(defaultAppSettings())).toEqual([]);
  });
});

describeKeychain('alert webhooks (a real Secret Service)', () => {
  const keychain = new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 });
  const receivers: Receiver[] = [];
  let hooks: AlertWebhooks | null = null;
  afterEach(async () => {
    hooks?.stop();
    for (const id of ['a', 'b', 'c']) await keychain.delete(webhookAccount(id));
    for (const r of receivers.splice(0)) await r.close();
  });

  it('finds a URL missing before any alert, posts each alert to its rule\'s destinations, and totals them', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    await new WebhookSecrets(keychain).set('a', `${receiver.url}/a`);
    hooks = new AlertWebhooks({ keychain, clock: new ManualClock(Date.UTC(2026, 11, 3, 15)), settings: readOnly(settingsWithHooks()) });
    hooks.start();
    expect(await hooks.preflight()).toEqual({ unavailable: null, missing: [destination('b')] });
    hooks.fired(sampleAlert(1, { ruleId: 'whale', ruleKind: 'WHALE' }));
    hooks.fired(sampleAlert(2, { ruleId: 'sweep-watchlist', ruleKind: 'WATCHLIST_SWEEP' }));
    hooks.fired(sampleAlert(3, { ruleId: 'whale', ruleKind: 'WHALE' }));
    await hooks.idle();
    expect(receiver.received.map((r) => (r.json as { alert: { id: string } }).alert.id)).toEqual(['s1-a1', 's1-a3']);
    // b has no URL: given up at once (not retried), so each of its messages is a failure.
    expect(hooks.totals()).toEqual({ delivered: 2, failed: 2, waiting: 0 });
  });
});

describe('alert webhooks when the keychain cannot be read', () => {
  it('says so before any alert; each message is retried after the back-off, then counted as failed', async () => {
    const refusing: Keychain = {
      service: 'refusing',
      get: () => Promise.reject(new KeychainUnavailableError('cannot read the OS keychain (Secret Service): locked')),
      set: () => Promise.reject(new KeychainUnavailableError('cannot write the OS keychain (Secret Service): locked')),
      delete: () => Promise.reject(new KeychainUnavailableError('cannot delete from the OS keychain (Secret Service): locked')),
    };
    const clock = new ManualClock(Date.UTC(2026, 11, 3, 15));
    const reports: DeliveryStatus[][] = [];
    const wakes: (() => void)[] = [];
    const reported = (test: (list: DeliveryStatus[]) => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => (reports.some(test) ? resolve() : void wakes.push(check));
        check();
      });
    const hooks = new AlertWebhooks({
      keychain: refusing,
      clock,
      settings: readOnly(settingsWithHooks()),
      policy: { maxAttempts: 2, firstBackoffMs: 1_000 },
      onStatus: (list) => {
        reports.push(list);
        for (const wake of wakes.splice(0)) wake();
      },
    });
    hooks.start();
    expect(await hooks.preflight()).toEqual({ unavailable: 'cannot read the OS keychain (Secret Service): locked', missing: [] });
    hooks.fired(sampleAlert(1, { ruleId: 'whale', ruleKind: 'WHALE' }));
    let idle = false;
    void hooks.idle().then(() => (idle = true));
    await reported((list) => list.filter((s) => s.state === 'retrying').length === 2);
    expect(hooks.totals()).toEqual({ delivered: 0, failed: 0, waiting: 2 });
    expect(idle).toBe(false);
    clock.advance(1_000);
    await hooks.idle();
    expect(idle).toBe(true);
    expect(hooks.totals()).toEqual({ delivered: 0, failed: 2, waiting: 0 });
    expect(reports.at(-1)?.map((s) => [s.id, s.state, s.lastError])).toEqual([
      ['a', 'failed', 'cannot read the OS keychain (Secret Service): locked'],
      ['b', 'failed', 'cannot read the OS keychain (Secret Service): locked'],
      ['c', 'idle', null],
    ]);
    hooks.stop();
  });
});
