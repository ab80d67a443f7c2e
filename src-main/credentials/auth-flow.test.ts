// The whole sign-in path against the simulator's OAuth endpoints over real HTTP, the real
// keychain (private gnome-keyring) and a manual clock: authorize, exchange, refresh ahead of
// expiry, the 7-day countdown with its warnings, a refused refresh, an expired code, sign-out.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AuthWarning } from '../../shared/ipc/auth.ts';
import { openSignedInSource } from '../market/stream-source.ts';
import { SchwabStreamer } from '../schwab/streamer.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { seededRandom } from '../util/random.ts';
import { AuthService } from './auth-service.ts';
import type { CredentialStore } from './credential-store.ts';
import { SignInError } from './redirect.ts';
import { approveInBrowser, describeKeychain, nextEvent, settle, startOAuthSimulator, TEST_APP, throwawayStore, type SimSetup } from './credentials.testkit.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describeKeychain('signing in with Schwab (simulator OAuth, real keychain, manual clock)', () => {
  let setup: SimSetup;
  let store: CredentialStore;
  let auth: AuthService;
  let warnings: AuthWarning['kind'][];
  let streamer: SchwabStreamer | null;
  const log = memoryLogger('debug');

  beforeEach(async () => {
    setup = await startOAuthSimulator();
    store = throwawayStore();
    auth = service();
    warnings = [];
    auth.events.on('warning', (w) => warnings.push(w.kind));
    streamer = null;
  });

  afterEach(async () => {
    await streamer?.stop();
    auth.stop();
    await store.clear();
    await setup.sim.stop();
  });

  function service(): AuthService {
    return new AuthService({ credentials: store, clock: setup.clock, apiBase: setup.sim.apiBase, logger: log.logger, tokens: { retryDelayMs: 1_000 } });
  }

  async function signIn(target = auth) {
    const { authorizeUrl } = await target.begin(TEST_APP);
    return target.complete(await approveInBrowser(authorizeUrl));
  }

  it('signs in: an authorize URL with a state, the code exchanged at once, every secret in the keychain', async () => {
    const t0 = setup.clock.now();
    const { authorizeUrl, callbackUrl } = await auth.begin(TEST_APP);
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${setup.sim.apiBase}/v1/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: TEST_APP.appKey, redirect_uri: TEST_APP.callbackUrl, response_type: 'code' });
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{24}$/);
    expect(callbackUrl).toBe(TEST_APP.callbackUrl);

    const published = nextEvent(auth.events, 'status');
    const redirect = await approveInBrowser(authorizeUrl);
    expect(redirect).toMatch(/code=C0\.[\w-]+%40/);
    const status = await auth.complete(redirect);
    expect(status).toEqual({ state: 'signed-in', accessTokenExpiresAt: t0 + 30 * MIN, refreshTokenExpiresAt: t0 + 7 * DAY, reason: null });
    expect(await published).toEqual(status);

    const stored = await store.load();
    expect(stored.app).toEqual({ ...TEST_APP, apiBase: setup.sim.apiBase });
    expect(stored.refresh).toMatchObject({ token: expect.stringMatching(/@$/), issuedAt: t0 });
    expect(stored.access).toMatchObject({ token: expect.stringMatching(/^I0\./), expiresAt: t0 + 30 * MIN });
    // The stored access token is the one Schwab gave: the stream can use it without a refresh.
    expect(await auth.tokenSource.getAccessToken()).toBe(stored.access?.token);
  });

  it('refuses a code older than 30 seconds and stores nothing', async () => {
    const { authorizeUrl } = await auth.begin(TEST_APP);
    const redirect = await approveInBrowser(authorizeUrl);
    setup.clock.advance(30_001);
    await expect(auth.complete(redirect)).rejects.toThrow(/Schwab refused the code: it lives about 30 seconds/);
    expect((await auth.status()).state).toBe('signed-out');
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
    // The same sign-in can still finish with a fresh redirect.
    expect((await auth.complete(await approveInBrowser(authorizeUrl))).state).toBe('signed-in');
  });

  it('refuses a redirect from another sign-in, and a completion with none started', async () => {
    await expect(auth.complete(`${TEST_APP.callbackUrl}?code=C0.x%40`)).rejects.toThrow(/no sign-in is in progress/);
    const first = await auth.begin(TEST_APP);
    const stale = await approveInBrowser(first.authorizeUrl);
    await auth.begin(TEST_APP);
    await expect(auth.complete(stale)).rejects.toThrow(SignInError);
    await expect(auth.complete(stale)).rejects.toThrow(/another sign-in attempt/);
    expect((await auth.status()).state).toBe('signed-out');
  });

  it('refreshes the access token ahead of its expiry, one refresh at a time, and keeps it in the keychain', async () => {
    await signIn();
    await auth.start();
    const t0 = setup.clock.now();
    const refreshed = nextEvent(auth.events, 'status', (s) => s.accessTokenExpiresAt === t0 + 55 * MIN);
    setup.clock.advance(25 * MIN); // 5 minutes before expiry (the leeway)
    await refreshed;
    expect((await store.loadAccessToken())?.expiresAt).toBe(t0 + 55 * MIN);

    const before = setup.sim.stats().restRequests;
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => auth.tokenSource.getAccessToken({ force: true })));
    expect(new Set(tokens).size).toBe(1);
    expect(setup.sim.stats().restRequests - before).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('counts the 7 days down: warnings 24 hours and 1 hour before, then needs sign-in', async () => {
    await signIn();
    const t0 = setup.clock.now();
    await auth.start();
    let refreshed = nextEvent(auth.events, 'status', (s) => (s.accessTokenExpiresAt ?? 0) > t0 + 6 * DAY);
    setup.clock.advanceTo(t0 + 6 * DAY);
    expect(warnings).toEqual(['refresh-expires-24h']);
    await refreshed;
    refreshed = nextEvent(auth.events, 'status', (s) => (s.accessTokenExpiresAt ?? 0) > t0 + 7 * DAY - HOUR);
    setup.clock.advanceTo(t0 + 7 * DAY - HOUR);
    expect(warnings).toEqual(['refresh-expires-24h', 'refresh-expires-1h']);
    await refreshed;
    expect((await auth.status()).state).toBe('signed-in');

    const ended = nextEvent(auth.events, 'status', (s) => s.state === 'needs-sign-in');
    setup.clock.advanceTo(t0 + 7 * DAY);
    expect(await ended).toMatchObject({ state: 'needs-sign-in', refreshTokenExpiresAt: t0 + 7 * DAY, reason: "Schwab's 7-day sign-in has ended: sign in again" });
    await expect(auth.tokenSource.getAccessToken()).rejects.toThrow(NeedsSignInError);
  });

  it('warns once, the most urgent warning only, when the app starts inside the last day', async () => {
    await signIn();
    const t0 = setup.clock.now();
    setup.clock.advanceTo(t0 + 7 * DAY - 2 * HOUR);
    const restarted = service();
    const seen: string[] = [];
    restarted.events.on('warning', (w) => seen.push(`${w.kind} ${w.message}`));
    expect((await restarted.start()).state).toBe('signed-in');
    expect(seen).toEqual(["refresh-expires-24h Your Schwab sign-in ends in 2h 0m (Schwab's 7-day limit). Sign in again to keep streaming."]);
    setup.clock.advance(HOUR);
    expect(seen.map((s) => s.split(' ')[0])).toEqual(['refresh-expires-24h', 'refresh-expires-1h']);
    restarted.stop();
  });

  it('a refused refresh stops the stream cleanly and asks for sign-in (never demo data)', async () => {
    await signIn();
    await auth.start();
    const source = await openSignedInSource(auth);
    expect(source.simulator).toBeNull();
    // The simulator beats its heart once an hour here; the watchdog must not fire meanwhile.
    const live = new SchwabStreamer({
      tokens: source.tokens,
      streamerInfo: (token) => source.rest.streamerInfo(token),
      clock: setup.clock,
      random: seededRandom(1),
      source: source.kind,
      logger: log.logger,
      livenessTimeoutMs: 10 * DAY,
      pingIntervalMs: 10 * DAY,
    });
    streamer = live;
    const isLive = new Promise<void>((resolve) => live.on('status', (s) => s.state === 'live' && resolve()));
    live.subscribeLevelOneEquities(['SPY']);
    live.start();
    await isLive;

    setup.sim.faults.refuseRefreshes(1);
    const asked = nextEvent(auth.events, 'status', (s) => s.state === 'needs-sign-in');
    setup.clock.advance(25 * MIN);
    expect(await asked).toMatchObject({ state: 'needs-sign-in', reason: expect.stringMatching(/^Schwab refused the sign-in; sign in again \(.*refresh_token_authentication_error\)$/) });
    expect(warnings).toEqual(['refresh-failed']);
    // The refused tokens are gone from the keychain; the app stays for the next sign-in.
    const stored = await store.load();
    expect(stored.refresh).toBeNull();
    expect(stored.access).toBeNull();
    expect(stored.app).not.toBeNull();

    // The next time the stream needs a token (here: after a dropped socket) it stops for good.
    setup.sim.faults.cutSockets();
    await settle(() => live.status().state === 'reconnecting');
    setup.clock.advance(60_000);
    await settle(() => live.status().state === 'error');
    expect(live.status()).toMatchObject({ state: 'error', source: 'live', reason: expect.stringMatching(/sign/) });

    // Signing in again reuses the stored app: no key or secret to type.
    expect((await auth.begin()).authorizeUrl).toContain(`client_id=${TEST_APP.appKey}`);
  });

  it('signs out: every keychain item deleted, the session revoked, no timer left', async () => {
    await signIn();
    await auth.start();
    const timersWhileSignedIn = setup.clock.pendingTimers();
    expect((await auth.signOut())).toEqual({ state: 'signed-out', accessTokenExpiresAt: null, refreshTokenExpiresAt: null, reason: null });
    expect(await store.load()).toEqual({ app: null, refresh: null, access: null });
    await expect(auth.tokenSource.getAccessToken()).rejects.toThrow(/not signed in/);
    // The refresh, warning and expiry timers went; only the simulator's tick is left.
    expect(setup.clock.pendingTimers()).toBe(timersWhileSignedIn - 4);
    await expect(auth.begin()).rejects.toThrow(/no Schwab app is stored/);
  });
});
