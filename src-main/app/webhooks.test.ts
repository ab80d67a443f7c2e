// Webhook destinations through the whole app core (the demo market on a manual clock, requests
// through main's router) with their URLs in a real Secret Service (the run's private
// gnome-keyring): a destination's URL round-trips through the keychain and never reaches
// settings or a window; "Send test" and a rule's alerts reach a real receiver on loopback; a
// receiver that stalls never delays the alerts and flows the windows get; and when the keychain
// refuses, nothing is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { Alert } from '../../shared/domain/session.ts';
import type { DeliveryStatus, WebhookDestination } from '../../shared/domain/webhooks.ts';
import type { Envelope } from '../../shared/ipc/define.ts';
import { decodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { api, events } from '../../shared/ipc/index.ts';
import type { WireEvent } from '../../shared/ipc/push.ts';
import { describeKeychain, throwawayService } from '../credentials/credentials.testkit.ts';
import { KeychainUnavailableError, OsKeychain, type Keychain } from '../credentials/keychain.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.testkit.ts';
import { webhookAccount } from '../webhooks/webhook-secrets.ts';
import { startAppHarness, type AppHarness } from './app-harness.testkit.ts';
import { wireWebhooks } from './webhook-wiring.ts';

const TOKEN = 'hook-token-0123456789abcdef';

interface Rig {
  app: AppHarness;
  dir: string;
  window: ReturnType<typeof attach>;
  stop(): Promise<void>;
}

async function rig(keychain: Keychain, policy = {}): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-hooks-'));
  const app = await startAppHarness({ dataDir: dir, intensity: 10 });
  const wired = wireWebhooks(app.core, { keychain, clock: app.clock, policy });
  wired.start();
  const window = attach(app, 'w1');
  return {
    app,
    dir,
    window,
    async stop() {
      wired.stop();
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function attach(app: AppHarness, id: string) {
  const received: { at: number; event: WireEvent }[] = [];
  app.core.attachWindow({ id, kind: 'feed', symbol: null, send: (batch) => received.push(...batch.map((event) => ({ at: app.clock.now(), event }))) });
  const call = async <T>(channel: string, payload: unknown = {}): Promise<T> => {
    const answer: Envelope<unknown> = await app.core.dispatch(id, channel, payload);
    if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.value as T;
  };
  const raw = (channel: string, payload: unknown = {}) => app.core.dispatch(id, channel, payload);
  const of = <T>(channel: string) => received.filter(({ event }) => event[0] === channel).map(({ at, event }) => ({ at, payload: event[1] as T }));
  return { received, call, raw, of };
}

const receivers: Receiver[] = [];
async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describeKeychain('webhook destinations with the keychain (a real Secret Service)', () => {
  let keychain: OsKeychain;
  let r: Rig;
  beforeAll(async () => {
    keychain = new OsKeychain({ service: throwawayService(), timeoutMs: 10_000 });
    r = await rig(keychain);
  }, 60_000);
  afterAll(async () => {
    await r.stop();
  });

  it('keeps the URL in the keychain only, sends a test, edits and deletes', async () => {
    const hook = await receiver();
    const url = `${hook.url}/api/webhooks/42/${TOKEN}`;
    const saved = await r.window.call<WebhookDestination>(api.webhooks.save.channel, { name: 'Desk', format: 'discord', url });
    expect(saved).toMatchObject({ name: 'Desk', format: 'discord', host: `${hook.url.slice('http://'.length)}/…/••••` });
    expect(JSON.parse((await keychain.get(webhookAccount(saved.id))) ?? 'null')).toEqual({ url });
    const settings = await r.window.call<AppSettings>(api.settings.get.channel);
    expect(settings.webhooks.destinations).toEqual([saved]);
    // Nothing a window received holds the URL's path or token.
    expect(JSON.stringify(r.window.received)).not.toContain(TOKEN);

    await r.window.call<DeliveryStatus>(api.webhooks.test.channel, { id: saved.id });
    const test = await hook.request(1);
    expect(test.path).toBe(`/api/webhooks/42/${TOKEN}`);
    expect(test.json).toMatchObject({ content: expect.stringContaining('\\[test\\] Fathom test alert'), embeds: [expect.objectContaining({ title: expect.stringContaining('test') })] });
    await r.app.runUntil(() => r.window.of<DeliveryStatus[]>(events.webhooks.status.channel).some(({ payload }) => payload.some((s) => s.id === saved.id && s.state === 'ok')), 'the ok status pushed');

    // An edit without a URL keeps the stored one; a new format applies to the next message.
    const renamed = await r.window.call<WebhookDestination>(api.webhooks.save.channel, { id: saved.id, name: 'Desk 2', format: 'slack' });
    expect(renamed).toMatchObject({ id: saved.id, name: 'Desk 2', format: 'slack', host: saved.host });
    expect(JSON.parse((await keychain.get(webhookAccount(saved.id))) ?? 'null')).toEqual({ url });
    await r.window.call(api.webhooks.test.channel, { id: saved.id });
    expect((await hook.request(2)).json).toHaveProperty('blocks');

    // A rule naming it loses the name when it is deleted.
    const current = await r.window.call<AppSettings>(api.settings.get.channel);
    const rules = current.alerts.rules.map((rule) => ({ ...rule, destinations: [saved.id] }));
    await r.window.call(api.settings.update.channel, { alerts: { ...current.alerts, rules } });
    expect(await r.window.call(api.webhooks.remove.channel, { id: saved.id })).toEqual({ removed: true });
    expect(await keychain.get(webhookAccount(saved.id))).toBeNull();
    const after = await r.window.call<AppSettings>(api.settings.get.channel);
    expect(after.webhooks.destinations).toEqual([]);
    expect(after.alerts.rules.every((rule) => (rule.destinations ?? []).length === 0)).toBe(true);
  });

  it('refuses a URL by the shared rule: https, or http to this machine only', async () => {
    for (const url of ['http://example.com/hook', 'ftp://127.0.0.1/x', 'https://user:pw@example.com/x', 'not a url']) {
      const answer = await r.window.raw(api.webhooks.save.channel, { name: 'Bad', format: 'generic', url });
      expect(answer.ok).toBe(false);
      expect(answer.ok ? null : answer.error.code).toBe('BAD_REQUEST');
    }
    const answer = await r.window.raw(api.webhooks.save.channel, { name: 'No URL', format: 'generic' });
    expect(answer.ok ? null : answer.error.message).toMatch(/needs its URL/);
    // A settings patch cannot carry destinations (they would have no URL in the keychain).
    const patch = await r.window.raw(api.settings.update.channel, { webhooks: { destinations: [] } });
    expect(patch.ok ? null : patch.error.code).toBe('BAD_REQUEST');
  });

  it('posts a rule\'s alerts, and a stalled receiver never delays the alerts and flows windows get', async () => {
    const stalled = await receiver(() => 'hold');
    const dest = await r.window.call<WebhookDestination>(api.webhooks.save.channel, { name: 'Stalled', format: 'generic', url: `${stalled.url}/x` });
    const current = await r.window.call<AppSettings>(api.settings.get.channel);
    const rule = { id: 'every-flow', kind: 'PREMIUM_OVER', enabled: true, symbols: [], threshold: 0, kinds: [], sound: '', destinations: [dest.id] };
    await r.window.call(api.settings.update.channel, { alerts: { ...current.alerts, rules: [...current.alerts.rules, rule] } });
    await r.window.call(api.flows.subscribe.channel, { backlog: 0 });
    const start = r.window.received.length;
    const alerts = () => r.window.of<Alert>(events.alerts.fired.channel).filter((a) => a.payload.ruleId === 'every-flow');
    await r.app.runUntil(() => stalled.received.length >= 1, 'the first alert posted');
    const first = await stalled.request(1);
    expect((first.json as { alert: { ruleId: string } }).alert.ruleId).toBe('every-flow');
    const alertsAtStall = alerts().length;
    const flowsAtStall = r.window.of<FlowBatchWire>(events.flows.batch.channel).length;
    // The receiver holds the first request (well inside the 10 s timeout); the feed goes on.
    const stallAt = r.app.clock.now();
    await r.app.runUntil(() => alerts().length >= alertsAtStall + 10, 'ten more alerts to the window', 5_000);
    expect(r.app.clock.now() - stallAt).toBeLessThan(5_000);
    const flowsAfter = r.window.of<FlowBatchWire>(events.flows.batch.channel).slice(flowsAtStall);
    expect(flowsAfter.flatMap(({ payload }) => decodeFlowBatch(payload)).length).toBeGreaterThan(10);
    expect(stalled.received).toHaveLength(1);
    const status = (await r.window.call<DeliveryStatus[]>(api.webhooks.statuses.channel)).find((s) => s.id === dest.id);
    expect(status?.queued).toBeGreaterThanOrEqual(10);
    expect(status?.delivered).toBe(0);
    // Every alert the window got is queued for the receiver (the one in hand included): the
    // window did not wait for any of them to be delivered.
    expect((status?.queued ?? 0) + (status?.dropped ?? 0)).toBe(alerts().length);
    expect(r.window.received.length).toBeGreaterThan(start);
    await r.window.call(api.webhooks.remove.channel, { id: dest.id });
  });
});

describe('webhook destinations when the keychain refuses', () => {
  let r: Rig;
  const refusing: Keychain = {
    service: 'refusing',
    get: async () => {
      throw new KeychainUnavailableError('cannot read the OS keychain (Secret Service): locked');
    },
    set: async () => {
      throw new KeychainUnavailableError('cannot write the OS keychain (Secret Service): locked');
    },
    delete: async () => {
      throw new KeychainUnavailableError('cannot delete from the OS keychain (Secret Service): locked');
    },
  };
  beforeAll(async () => {
    r = await rig(refusing);
  }, 60_000);
  afterAll(async () => {
    await r.stop();
  });

  it('says so and stores nothing', async () => {
    const answer = await r.window.raw(api.webhooks.save.channel, { name: 'Desk', format: 'slack', url: `https://hooks.slack.com/services/${TOKEN}` });
    expect(answer.ok).toBe(false);
    expect(answer.ok ? null : answer.error).toEqual({ code: 'UNAVAILABLE', message: 'cannot write the OS keychain (Secret Service): locked; nothing was stored' });
    expect((await r.window.call<AppSettings>(api.settings.get.channel)).webhooks.destinations).toEqual([]);
  });
});
