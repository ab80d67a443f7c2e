// Issue 15, reproductions: a refresh that got an unclear answer from Schwab's token service (an
// HTML "Access Denied" page, a redirect, a 404, a 5xx, a 200 that is not JSON, a timeout, a
// refused connection) deleted the seven-day refresh token. Only a JSON refusal may
// (docs/schwab-streaming.md §1.5); everything else keeps it, is retried with capped backoff on
// the manual clock, and the status says which it is. Real keychain, a loopback token service.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AuthStatus, AuthWarning } from '../../shared/ipc/auth.ts';
import { SchwabStreamer } from '../schwab/streamer.ts';
import { REFUSALS, startTokenServer, UNCLEAR, type TokenServer } from '../schwab/token-server.testkit.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { seededRandom } from '../util/random.ts';
import { AuthService, type AuthServiceOptions } from './auth-service.ts';
import type { CredentialStore } from './credential-store.ts';
import { describeKeychain, settle, TEST_APP, throwawayStore } from './credentials.testkit.ts';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 6, 14);
const REFRESH_TOKEN = 'R0.refresh-token-of-this-sign-in+/=@';
const ACCESS_TOKEN = 'I0.access-token-of-this-sign-in@';

describeKeychain('refresh answers: which delete the sign-in and which are retried (issue 15)', () => {
  let clock: ManualClock;
  let server: TokenServer;
  let store: CredentialStore;
  let auth: AuthService;
  let statuses: AuthStatus[];
  let warnings: AuthWarning[];
  const log = memoryLogger('debug');

  beforeEach(async () => {
    clock = new ManualClock(T0);
    server = await startTokenServer();
    store = throwawayStore();
    statuses = [];
    warnings = [];
  });

  afterEach(async () => {
    auth.stop();
    await store.clear();
    await server.close();
  });

  /** A sign-in from T0 whose access token lives 30 minutes (or has already expired). */
  async function signedIn(options: Partial<AuthServiceOptions> = {}, accessExpiresAt = T0 + 30 * MIN): Promise<void> {
    await store.saveSignIn({ ...TEST_APP, apiBase: server.apiBase }, { token: REFRESH_TOKEN, issuedAt: T0 }, { token: ACCESS_TOKEN, expiresAt: accessExpiresAt });
    auth = new AuthService({ credentials: store, clock, logger: log.logger, tokens: { retries: 3, retryDelayMs: 1_000 }, ...options });
    auth.events.on('status', (s) => statuses.push(s));
    auth.events.on('warning', (w) => warnings.push(w));
    expect((await auth.start()).state).toBe('signed-in');
  }

  /** The first status after the failed refresh that is not a plain "signed in". */
  async function verdict(): Promise<AuthStatus> {
    await settle(() => statuses.some((s) => s.state !== 'signed-in' || s.reason !== null));
    return statuses.find((s) => s.state !== 'signed-in' || s.reason !== null) as AuthStatus;
  }

  async function expectKept(): Promise<void> {
    expect((await store.loadRefreshToken())?.token).toBe(REFRESH_TOKEN);
    expect(warnings).toEqual([]);
  }

  /** Fires the retry and waits for the refreshed status: same refresh token, a new access token. */
  async function expectRefreshedOnRetry(retryInMs: number): Promise<void> {
    expect(clock.nextTimerIn()).toBe(retryInMs);
    const failedAt = clock.now();
    clock.advance(retryInMs);
    await settle(() => statuses.some((s) => s.state === 'signed-in' && s.reason === null && (s.accessTokenExpiresAt ?? 0) > failedAt + 29 * MIN));
    expect(server.requests.map((r) => r.form.get('refresh_token'))).toEqual(server.requests.map(() => REFRESH_TOKEN));
    expect((await store.loadAccessToken())?.token).toBe(server.issued.at(-1));
    await expectKept();
  }

  for (const [name, answer] of Object.entries(REFUSALS)) {
    it(`reproduction: ${name} means refused: the tokens are deleted and the status says to sign in again`, async () => {
      await signedIn();
      server.answers.push(answer);
      clock.advance(25 * MIN);
      const status = await verdict();
      expect(status).toMatchObject({ state: 'needs-sign-in', reason: expect.stringMatching(/^Schwab refused the sign-in; sign in again \(Schwab's token service refused the /) });
      expect(warnings).toEqual([expect.objectContaining({ kind: 'refresh-failed', message: status.reason })]);
      const stored = await store.load();
      expect([stored.refresh, stored.access]).toEqual([null, null]);
      expect(stored.app?.appKey).toBe(TEST_APP.appKey);
      expect(server.requests).toHaveLength(1);
    });
  }

  for (const [name, { answer, shown }] of Object.entries(UNCLEAR)) {
    it(`reproduction: ${name} keeps the refresh token, says "retrying in 1 s" in the status, and the retry refreshes`, async () => {
      await signedIn();
      server.answers.push(answer);
      clock.advance(25 * MIN);
      expect(await verdict()).toMatchObject({ state: 'signed-in', reason: `Schwab's token service ${shown}, retrying in 1 s` });
      await expectKept();
      await expectRefreshedOnRetry(1_000);
    });
  }

  it('reproduction: a token service that does not answer in time keeps the refresh token and is retried', async () => {
    await signedIn({ restTimeoutMs: 100 });
    server.answers.push('hang');
    clock.advance(25 * MIN);
    expect(await verdict()).toMatchObject({ state: 'signed-in', reason: "Schwab's token service did not answer within 0.1 s, retrying in 1 s" });
    await expectKept();
    await expectRefreshedOnRetry(1_000);
  });

  it('reproduction: a token service that refuses the connection keeps the refresh token and is retried', async () => {
    await signedIn();
    await server.refuse();
    clock.advance(25 * MIN);
    expect(await verdict()).toMatchObject({ state: 'signed-in', reason: "Schwab's token service could not be reached (connection refused), retrying in 1 s" });
    await expectKept();
    await server.reopen();
    await expectRefreshedOnRetry(1_000);
  });

  it('a token service that keeps answering 403 HTML is retried with capped backoff, the status saying when', async () => {
    await signedIn({ tokens: { retries: 0 }, lifecycleRetryMs: 60_000, lifecycleRetryMaxMs: 300_000 });
    const answer = UNCLEAR['403 HTML Access Denied'].answer;
    server.answers.push(answer, answer, answer, answer, answer);
    clock.advance(25 * MIN);
    const notes = () => statuses.map((s) => s.reason).filter((r) => r !== null);
    const delays: number[] = [];
    for (let failure = 1; failure <= 5; failure++) {
      await settle(() => notes().length === failure);
      expect(notes().at(-1)).toMatch(/^Schwab's token service answered 403 \(HTML\), retrying in \d+ s$/);
      delays.push(clock.nextTimerIn() ?? 0);
      clock.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
    expect(notes().map((n) => n.replace(/.*retrying in /, ''))).toEqual(['60 s', '120 s', '240 s', '300 s', '300 s']);
    await settle(() => statuses.at(-1)?.reason === null && server.issued.length === 1);
    await expectKept();
  });

  it("a stream that needs a token while the token service answers 503 says so in its connection state's reason", async () => {
    await signedIn({ tokens: { retries: 0 } }, T0 - 1);
    server.answers.push(UNCLEAR['503 Service Unavailable'].answer);
    const streamer = new SchwabStreamer({
      tokens: auth.tokenSource,
      streamerInfo: () => Promise.reject(new Error('not reached')),
      clock,
      random: seededRandom(1),
      source: 'live',
      logger: log.logger,
    });
    streamer.start();
    await settle(() => streamer.status().state === 'reconnecting');
    expect(streamer.status()).toMatchObject({ reason: "cannot start a session: Schwab's token service answered 503 (text)" });
    await streamer.stop();
    await expectKept();
  });
});
