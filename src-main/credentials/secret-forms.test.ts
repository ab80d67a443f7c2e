// Issue 15, reproduction: a secret in any form but its exact text (URL-encoded, form-encoded,
// JSON-escaped, the Basic pair's base64) passed the redaction. Here every form of the app secret,
// the refresh and access tokens and the code is planted wherever outside text enters the sign-in
// code (the token service's answers, a pasted redirect, a failed sign-in window), and every output
// is searched: log lines, thrown errors, statuses and warnings, their words, `fathom status`.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AuthStatus, AuthWarning } from '../../shared/ipc/auth.ts';
import { main } from '../cli/main.ts';
import { startTokenServer, type TokenServer } from '../schwab/token-server.testkit.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { AuthService } from './auth-service.ts';
import { CredentialStore } from './credential-store.ts';
import { describeKeychain, settle, TEST_APP, throwawayService } from './credentials.testkit.ts';
import { OsKeychain } from './keychain.ts';
import { describeStatus } from './status-text.ts';

const T0 = Date.UTC(2025, 0, 6, 14);
const MIN = 60_000;
const tag = randomBytes(6).toString('hex');
// Letters and _ only: the shape of an OAuth error code, so the token service's `error` field can
// carry it into a message. The others hold every character whose forms differ.
const APP_SECRET = `planted_app_secret_${tag.replace(/\d/g, 'x')}`;
const REFRESH_TOKEN = `R0.planted+refresh/"tok"\\${tag}=@`;
const ACCESS_TOKEN = `I0.planted access+${tag}/@`;
const CODE = `C0.planted code+${tag}&=@`;

function formsOf(secret: string): string[] {
  const url = encodeURIComponent(secret);
  const json = (text: string) => JSON.stringify(text).slice(1, -1);
  return [secret, url, url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()), encodeURIComponent(url), new URLSearchParams({ x: secret }).toString().slice(2), json(secret), json(json(secret))];
}

const pair = Buffer.from(`${TEST_APP.appKey}:${APP_SECRET}`);
const FORMS = [...new Set([
  ...[APP_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, CODE].flatMap(formsOf),
  pair.toString('base64'),
  pair.toString('base64url'),
  encodeURIComponent(pair.toString('base64')),
])];
const ALL_FORMS = FORMS.join(' | ');

describeKeychain('every form of every secret stays out of every output (issue 15)', () => {
  let clock: ManualClock;
  let server: TokenServer;
  let service: string;
  let store: CredentialStore;
  let auth: AuthService;
  const log = memoryLogger('debug');

  beforeEach(async () => {
    clock = new ManualClock(T0);
    server = await startTokenServer();
    service = throwawayService();
    store = new CredentialStore(new OsKeychain({ service, timeoutMs: 10_000 }));
    auth = new AuthService({ credentials: store, clock, apiBase: server.apiBase, logger: log.logger, tokens: { retries: 3, retryDelayMs: 1_000 } });
  });

  afterEach(async () => {
    auth.stop();
    await store.clear();
    await server.close();
  });

  it('reproduction: planted in answers, redirects and errors, no form reaches a log line, error, status, warning or `fathom status`', async () => {
    const outputs: { where: string; text: string }[] = [];
    const statuses: AuthStatus[] = [];
    const warnings: AuthWarning[] = [];
    auth.events.on('status', (s) => statuses.push(s));
    auth.events.on('warning', (w) => warnings.push(w));
    const thrown = async (where: string, call: Promise<unknown>) => {
      const error = await call.then(() => null, (e: unknown) => e as Error);
      expect(error, where).toBeInstanceOf(Error);
      outputs.push({ where, text: `${error?.message}\n${error?.stack}` });
    };
    const plantedJson = (status: number, error: string) => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error, error_description: ALL_FORMS }) });

    // A sign-in from before (the keychain registers its secrets as it reads them).
    await store.saveSignIn({ ...TEST_APP, appSecret: APP_SECRET, apiBase: server.apiBase }, { token: REFRESH_TOKEN, issuedAt: T0 }, { token: ACCESS_TOKEN, expiresAt: T0 + 30 * MIN });

    // A new sign-in: the token service answers the code with every form in its error.
    const { authorizeUrl, callbackUrl } = await auth.begin({ appKey: TEST_APP.appKey, appSecret: APP_SECRET, callbackUrl: TEST_APP.callbackUrl });
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    server.answers.push(plantedJson(400, APP_SECRET));
    await thrown('the code exchange', auth.complete(`${callbackUrl}?code=${encodeURIComponent(CODE)}&state=${state}`));
    // Redirects whose error= carries each form; the browser window that failed with all of them.
    for (const form of FORMS) await thrown(`a redirect with error=${form}`, auth.complete(`${callbackUrl}?error=${encodeURIComponent(form)}&state=${state}`));
    auth.signInFailed(new Error(`the sign-in window failed: ${ALL_FORMS}`));

    // Refreshes whose answers carry every form: an unclear JSON error, an HTML page, a redirect.
    expect((await auth.start()).state).toBe('signed-in');
    server.answers.push(plantedJson(400, APP_SECRET), { status: 403, headers: { 'content-type': 'text/html' }, body: `<html>${ALL_FORMS}</html>` });
    server.answers.push({ status: 302, headers: { location: `${callbackUrl}?code=${encodeURIComponent(CODE)}` }, body: ALL_FORMS });
    clock.advance(25 * MIN);
    for (const [failures, retryInMs] of [[1, 1_000], [2, 2_000], [3, 4_000]] as const) {
      await settle(() => statuses.filter((s) => s.reason !== null).length === failures);
      expect(clock.nextTimerIn()).toBe(retryInMs);
      clock.advance(retryInMs);
    }
    await settle(() => statuses.at(-1)?.reason === null && server.issued.length === 1);

    // Then a refusal whose description carries every form.
    server.answers.push(plantedJson(400, 'invalid_grant'));
    await thrown('the refused refresh', auth.tokenSource.getAccessToken({ force: true }));
    await settle(() => statuses.at(-1)?.state === 'needs-sign-in');
    await thrown('a token after the refusal', auth.tokenSource.getAccessToken());

    const status = await auth.status();
    const cli: string[] = [];
    const io = { out: (line: string) => cli.push(line), err: (line: string) => cli.push(line), env: { FATHOM_KEYCHAIN_SERVICE: service } };
    expect(await main(['status'], io)).toBe(0);
    expect(await main(['status', '--json'], io)).toBe(0);

    for (const s of [...statuses, status]) outputs.push({ where: `status ${s.state}`, text: `${s.reason}\n${describeStatus(s, clock.now())}` });
    for (const w of warnings) outputs.push({ where: `warning ${w.kind}`, text: w.message });
    outputs.push({ where: 'fathom status', text: cli.join('\n') }, { where: 'the log', text: log.lines.join('\n') });

    // Something was said everywhere, and the planted text did reach the code.
    expect(statuses.map((s) => s.reason).filter((r) => r !== null)).toHaveLength(4);
    expect(warnings.map((w) => w.kind)).toEqual(['sign-in-failed', 'refresh-failed']);
    expect(log.lines.length).toBeGreaterThan(5);
    expect(cli).toHaveLength(2);
    expect(outputs.filter((o) => o.text.includes('[redacted]')).length).toBeGreaterThan(FORMS.length);
    for (const { where, text } of outputs) {
      for (const form of FORMS) expect(text.includes(form), `${where} carries ${form}`).toBe(false);
    }
  });
});
