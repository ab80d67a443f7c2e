// Network failures on the way to the token endpoint: a real TCP proxy in front of the
// simulator drops connections on demand. A refresh is retried (on the manual clock), then
// tried again later once the retries are spent; the sign-in stays valid all along.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { AuthService } from './auth-service.ts';
import type { CredentialStore } from './credential-store.ts';
import { approveInBrowser, describeKeychain, nextEvent, settle, startOAuthSimulator, TEST_APP, throwawayStore, type SimSetup } from './credentials.testkit.ts';

const MIN = 60_000;

interface FlakyProxy {
  url: string;
  failNext: number;
  failed: number;
  close(): Promise<void>;
}

/** Forwards HTTP to `target`; while failNext > 0 it hangs up on requests instead. */
async function flakyProxy(target: string): Promise<FlakyProxy> {
  const proxy = { url: '', failNext: 0, failed: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (proxy.failNext > 0) {
      proxy.failNext--;
      proxy.failed++;
      req.socket.destroy();
      return;
    }
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

describeKeychain('refreshing over a flaky network', () => {
  let setup: SimSetup;
  let proxy: FlakyProxy;
  let store: CredentialStore;
  let auth: AuthService;
  const log = memoryLogger('debug');

  beforeEach(async () => {
    setup = await startOAuthSimulator();
    proxy = await flakyProxy(setup.sim.apiBase);
    store = throwawayStore();
    auth = new AuthService({ credentials: store, clock: setup.clock, apiBase: proxy.url, logger: log.logger, tokens: { retries: 3, retryDelayMs: 1_000 }, lifecycleRetryMs: 60_000 });
  });

  afterEach(async () => {
    auth.stop();
    await store.clear();
    await proxy.close();
    await setup.sim.stop();
  });

  async function signIn() {
    const { authorizeUrl } = await auth.begin(TEST_APP);
    return auth.complete(await approveInBrowser(authorizeUrl));
  }

  /** Waits until `failures` requests were dropped and the next retry timer is set, then fires it. */
  async function afterFailure(failures: number, timers: number): Promise<number> {
    await settle(() => proxy.failed === failures && setup.clock.pendingTimers() === timers);
    const delay = setup.clock.nextTimerIn() ?? 0;
    setup.clock.advance(delay);
    return delay;
  }

  it('retries a refresh that failed on the network, with backoff on the clock', async () => {
    await signIn();
    await auth.start();
    const t0 = setup.clock.now();
    const timers = setup.clock.pendingTimers();
    proxy.failNext = 2;
    const refreshed = nextEvent(auth.events, 'status', (s) => (s.accessTokenExpiresAt ?? 0) > t0 + 30 * MIN);
    setup.clock.advance(25 * MIN);
    // The refresh timer was used up; each wait for a retry sets one timer of its own.
    expect(await afterFailure(1, timers)).toBe(1_000);
    expect(await afterFailure(2, timers)).toBe(2_000);
    expect(await refreshed).toMatchObject({ state: 'signed-in', accessTokenExpiresAt: t0 + 25 * MIN + 3_000 + 30 * MIN });
    expect(log.lines.filter((l) => l.includes('refresh failed, retrying'))).toHaveLength(2);
  });

  it('tries again a minute later once the retries are spent, without ever asking for a sign-in', async () => {
    await signIn();
    await auth.start();
    const warnings: string[] = [];
    auth.events.on('warning', (w) => warnings.push(w.kind));
    const timers = setup.clock.pendingTimers();
    proxy.failNext = 4;
    const refreshed = nextEvent(auth.events, 'status', (s) => s.accessTokenExpiresAt !== null && s.accessTokenExpiresAt > setup.clock.now() + 29 * MIN);
    setup.clock.advance(25 * MIN);
    expect([await afterFailure(1, timers), await afterFailure(2, timers), await afterFailure(3, timers)]).toEqual([1_000, 2_000, 4_000]);
    expect(await afterFailure(4, timers)).toBe(60_000);
    expect((await refreshed).state).toBe('signed-in');
    expect(warnings).toEqual([]);
    expect(log.lines.some((l) => l.includes('access token refresh failed; trying again'))).toBe(true);
  });

  it('says so when the network fails during the code exchange, and the sign-in can be finished again', async () => {
    const { authorizeUrl } = await auth.begin(TEST_APP);
    const redirect = await approveInBrowser(authorizeUrl);
    proxy.failNext = 1;
    await expect(auth.complete(redirect)).rejects.toThrow(/could not reach Schwab to finish the sign-in/);
    expect((await auth.status()).state).toBe('signed-out');
    expect((await auth.complete(await approveInBrowser(authorizeUrl))).state).toBe('signed-in');
  });
});
