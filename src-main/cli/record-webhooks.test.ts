// `fathom record` posts its alerts to the webhook destinations their rules name, as the app does:
// a real demo recording in a child process, the rules and destinations in the database's stored
// settings, the URLs in a real Secret Service (the run's private gnome-keyring) and real HTTP
// receivers on loopback. What was posted is what was recorded; a dead endpoint, a keychain that
// cannot be read or --no-webhooks never stop or fail the recording.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defaultAppSettings, type AppSettings } from '../../shared/domain/app-settings.ts';
import type { Alert, AlertRule } from '../../shared/domain/session.ts';
import { redactUrl } from '../../shared/domain/webhooks.ts';
import { describeKeychain, keyring, throwawayService } from '../credentials/credentials.testkit.ts';
import { OsKeychain } from '../credentials/keychain.ts';
import { loadSettings, saveSettings } from '../store/app-state.ts';
import { searchAlerts } from '../store/alerts.ts';
import { openDatabase } from '../store/database.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.testkit.ts';
import { genericPayload, slackPayload } from '../webhooks/webhook-payload.ts';
import { WebhookSecrets } from '../webhooks/webhook-secrets.ts';

const CLI = new URL('./fathom.mjs', import.meta.url).pathname;
const TOKEN = 'record-hook-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'fathom-record-hooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

interface Run {
  /** Resolves once stderr holds `text`. */
  stderrHas(text: string): Promise<void>;
  signal(name: NodeJS.Signals): void;
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `fathom record` in a child process; the test's receivers keep answering while it runs. */
function record(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [CLI, 'record', ...args], { env: { ...process.env, SCHWAB_APP_KEY: '', ...env } });
  let stdout = '';
  let stderr = '';
  const watchers: { text: string; resolve(): void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of watchers.filter((w) => stderr.includes(w.text))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  });
  return {
    stderrHas: (text) => (stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => watchers.push({ text, resolve }))),
    signal: (name) => child.kill(name),
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    }),
  };
}

const DEMO = ['--demo', '--symbols', 'SPY,QQQ', '--chain', 'SPY:6', '--intensity', '20'];

/** Every flow fires it (no premium floor): enough alerts in a few seconds of the demo. */
const everyFlow = (destinations: string[]): AlertRule => ({ id: 'every-flow', kind: 'PREMIUM_OVER', enabled: true, symbols: [], threshold: 0, kinds: [], sound: '', destinations });

/** A database whose stored settings name the destinations, as the app would have saved them. */
function databaseWith(name: string, destinations: { id: string; name: string; format: 'generic' | 'slack'; url: string }[], rules: (settings: AppSettings) => AlertRule[]): string {
  const path = join(dir, name);
  const db = openDatabase(path);
  try {
    const defaults = defaultAppSettings();
    const settings: AppSettings = {
      ...defaults,
      alerts: { ...defaults.alerts, rules: rules(defaults) },
      webhooks: { destinations: destinations.map(({ id, name: label, format, url }) => ({ id, name: label, format, host: redactUrl(url) })) },
    };
    saveSettings(db, settings, Date.now());
    // The store re-validates what it reads: a settings object it refused would silently be the defaults.
    expect(loadSettings(db)).toEqual(settings);
  } finally {
    db.close();
  }
  return path;
}

/** The alerts recorded, in the order they fired (the store numbers its rows in that order). */
function recordedAlerts(path: string): Alert[] {
  const db = openDatabase(path, { readonly: true });
  try {
    const row = (a: Alert): number => Number(/-a(\d+)$/.exec(a.id)?.[1]);
    return searchAlerts(db, { limit: 1_000_000 }).sort((a, b) => row(a) - row(b));
  } finally {
    db.close();
  }
}

/** A payload without the alert's id: the recorder's store numbers its own rows (`<session>-a<row>`). */
function withoutId(payload: unknown): unknown {
  const p = payload as { alert?: Record<string, unknown> };
  if (!p.alert) return payload;
  const { id, ...alert } = p.alert;
  expect(typeof id).toBe('string');
  return { ...p, alert };
}

function summaryCounts(stdout: string): { alerts: number; delivered: number; failed: number } {
  const match = /^recorded session 1 to .*: \d+ frames, \d+ flows, (\d+) alerts, 0 reconnects, 0 errors in \d+\.\d s; webhooks: (\d+) delivered, (\d+) failed\n$/.exec(stdout);
  expect(match, stdout).not.toBeNull();
  return { alerts: Number(match?.[1]), delivered: Number(match?.[2]), failed: Number(match?.[3]) };
}

describeKeychain('fathom record posts its alerts to their webhooks (a real Secret Service)', () => {
  const service = throwawayService();
  const secrets = new WebhookSecrets(new OsKeychain({ service, timeoutMs: 10_000 }));
  const env = { FATHOM_KEYCHAIN_SERVICE: service, ...(keyring.address ? { DBUS_SESSION_BUS_ADDRESS: keyring.address } : {}) };

  it('posts every alert of a rule to its destinations, in its format, as recorded', async () => {
    const desk = await startReceiver();
    const chat = await startReceiver();
    receivers.push(desk, chat);
    const deskUrl = `${desk.url}/desk/${TOKEN}`;
    const chatUrl = `${chat.url}/chat/${TOKEN}`;
    await secrets.set('hook-desk', deskUrl);
    await secrets.set('hook-chat', chatUrl);
    const db = databaseWith(
      'posted.db',
      [
        { id: 'hook-desk', name: 'Desk', format: 'generic', url: deskUrl },
        { id: 'hook-chat', name: 'Chat', format: 'slack', url: chatUrl },
      ],
      (defaults) => [...defaults.alerts.rules.map((rule) => (rule.id === 'whale' ? { ...rule, destinations: ['hook-chat'] } : rule)), everyFlow(['hook-desk'])],
    );
    const run = record([...DEMO, '--db', db, '--seconds', '6'], env);
    const { status, stdout, stderr } = await run.done;
    expect(status, stderr).toBe(0);
    // At most the wait for a message on the wire at the end: nothing failed, nothing about the keychain.
    expect(stderr).not.toMatch(/not posted|failed|keychain/);
    const counts = summaryCounts(stdout);
    const alerts = recordedAlerts(db);
    expect(alerts).toHaveLength(counts.alerts);
    const deskAlerts = alerts.filter((a) => a.ruleId === 'every-flow');
    const chatAlerts = alerts.filter((a) => a.ruleId === 'whale');
    expect(deskAlerts.length).toBeGreaterThan(0);
    expect(counts).toEqual({ alerts: alerts.length, delivered: deskAlerts.length + chatAlerts.length, failed: 0 });
    // Each destination got exactly its rule's alerts, in the order they fired, at its own path.
    expect(desk.received.map((r) => [r.method, r.path])).toEqual(deskAlerts.map(() => ['POST', `/desk/${TOKEN}`]));
    expect(desk.received.map((r) => withoutId(r.json))).toEqual(deskAlerts.map((alert) => withoutId(genericPayload({ alert, test: false }))));
    expect(chat.received.map((r) => r.json)).toEqual(chatAlerts.map((alert) => slackPayload({ alert, test: false })));
    expect(desk.received[0]?.headers['content-type']).toBe('application/json');
  }, 120_000);

  it('a dead endpoint or a URL not in the keychain neither stops nor fails the recording: the alerts are recorded and counted as failed', async () => {
    const gone = await startReceiver();
    const deadUrl = `${gone.url}/dead/${TOKEN}`;
    await gone.close();
    await secrets.set('hook-dead', deadUrl);
    // Saved on another machine, say: in the settings, not in this keychain.
    const elsewhere = { id: 'hook-elsewhere', name: 'Elsewhere', format: 'generic' as const, url: `https://hooks.example.com/x/${TOKEN}` };
    const db = databaseWith('dead.db', [{ id: 'hook-dead', name: 'Dead', format: 'generic', url: deadUrl }, elsewhere], () => [everyFlow(['hook-dead', 'hook-elsewhere'])]);
    const run = record([...DEMO, '--db', db, '--seconds', '5'], env);
    // The first message is retried with back-off past the end; the recorder waits for it, and a
    // second Ctrl-C stops the waiting.
    await run.stderrHas('still to post (Ctrl-C to stop waiting)');
    run.signal('SIGINT');
    const { status, signal, stdout, stderr } = await run.done;
    expect({ status, signal }, `${stdout}${stderr}`).toEqual({ status: 0, signal: null });
    const counts = summaryCounts(stdout);
    const alerts = recordedAlerts(db);
    expect(alerts.length).toBeGreaterThan(0);
    expect(counts).toEqual({ alerts: alerts.length, delivered: 0, failed: 2 * alerts.length });
    expect(stderr).toMatch(/webhook messages? not posted; counted as failed/);
    // The URL missing is said once, by the check at the start or by the first message's failure.
    const elsewhereLines = stderr.split('\n').filter((line) => line.includes('"Elsewhere"'));
    expect(elsewhereLines, stderr).toHaveLength(1);
    expect(elsewhereLines[0]).toMatch(/no URL (for|in)/);
    expect(stderr).not.toContain(TOKEN);
  }, 120_000);
});

describe('fathom record when the keychain cannot be read', () => {
  // No Secret Service on this bus: every keychain call fails, as on a server without one.
  const env = { HOME: dir, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', FATHOM_KEYCHAIN_SERVICE: 'fathom-test-none' };
  const destinations = [{ id: 'hook-desk', name: 'Desk', format: 'generic' as const, url: `https://hooks.example.com/x/${TOKEN}` }];

  it('says so once on stderr, records every alert and counts the webhooks as failed', async () => {
    const db = databaseWith('no-keychain.db', destinations, () => [everyFlow(['hook-desk'])]);
    // No wait at the end for messages that cannot be posted.
    const { status, stdout, stderr } = await record([...DEMO, '--db', db, '--seconds', '5'], env).done;
    expect(status, stderr).toBe(0);
    const keychainLines = stderr.split('\n').filter((line) => /keychain/i.test(line));
    expect(keychainLines).toHaveLength(1);
    expect(keychainLines[0]).toMatch(/^fathom record: webhooks cannot be posted: cannot read the OS keychain .*The recording goes on and keeps every alert/);
    expect(stderr).not.toContain('still to post');
    expect(stderr).toMatch(/\d+ webhook messages? not posted; counted as failed/);
    const alerts = recordedAlerts(db);
    expect(alerts.length).toBeGreaterThan(0);
    expect(summaryCounts(stdout)).toEqual({ alerts: alerts.length, delivered: 0, failed: alerts.length });
  }, 120_000);

  it('--no-webhooks records the alerts without touching the keychain; --settings takes the rules of another database', async () => {
    const app = databaseWith('app.db', destinations, () => [everyFlow(['hook-desk'])]);
    const db = join(dir, 'server.db');
    const { status, stdout, stderr } = await record([...DEMO, '--db', db, '--settings', app, '--seconds', '3', '--no-webhooks'], env).done;
    expect(status, stderr).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^recorded session 1 to .*: \d+ frames, \d+ flows, \d+ alerts, 0 reconnects, 0 errors in \d\.\d s\n$/);
    const alerts = recordedAlerts(db);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.ruleId === 'every-flow')).toBe(true);
    const missing = await record([...DEMO, '--db', db, '--settings', join(dir, 'none.db')], env).done;
    expect(missing).toMatchObject({ status: 2, stdout: '', stderr: `fathom record: no database at ${join(dir, 'none.db')} to read the settings of (--settings)\n` });
  }, 120_000);
});
