// The auth channels as a renderer reaches them: through the router, which validates against
// shared/ipc/auth.ts first. Hostile payloads get a refusal, never a crash; no answer, pushed
// event or log line ever carries the app secret, a token or a code.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { authEvents } from '../../shared/ipc/auth.ts';
import type { Envelope } from '../../shared/ipc/define.ts';
import { IpcRouter, type CallContext } from '../ipc/router.ts';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { AuthService } from './auth-service.ts';
import type { CredentialStore } from './credential-store.ts';
import { registerAuthHandlers, type AuthHandlerOptions } from './ipc-handlers.ts';
import { approveInBrowser, describeKeychain, nextEvent, startOAuthSimulator, TEST_APP, throwawayStore, type SimSetup } from './credentials.testkit.ts';
import { api, events as eventDefs } from '../../shared/ipc/index.ts';

const FEED: CallContext = { windowId: 'feed-1', kind: 'feed', symbol: null };
const BOOK: CallContext = { windowId: 'book-1', kind: 'book', symbol: 'SPY   250117C00600000' };
const STATUS_KEYS = ['state', 'accessTokenExpiresAt', 'refreshTokenExpiresAt', 'reason'];

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describeKeychain('the auth IPC handlers', () => {
  let setup: SimSetup;
  let store: CredentialStore;
  let auth: AuthService;
  let router: IpcRouter;
  let pushed: [string, unknown][];
  let answers: Envelope<unknown>[];
  let secrets: Set<string>;
  let log: ReturnType<typeof memoryLogger>;

  function wire(options: Omit<AuthHandlerOptions, 'push'> = {}) {
    router = new IpcRouter(log.logger);
    registerAuthHandlers(router, auth, { ...options, push: { push: (def, payload) => void pushed.push([def.channel, payload]) } });
  }

  async function call(channel: unknown, payload: unknown, from: CallContext = FEED): Promise<Envelope<unknown>> {
    const answer = await router.dispatch(channel, payload, from);
    answers.push(answer);
    return answer;
  }

  /** Everything secret the keychain holds right now joins the list the test greps for. */
  async function collectSecrets(): Promise<void> {
    const { app, refresh, access } = await store.load();
    for (const value of [app?.appSecret, refresh?.token, access?.token]) if (value) secrets.add(value);
  }

  async function signInByIpc(): Promise<Envelope<unknown>> {
    const begun = await call(api.auth.begin.channel, { ...TEST_APP });
    expect(begun.ok).toBe(true);
    const redirect = await approveInBrowser((begun as { value: { authorizeUrl: string } }).value.authorizeUrl);
    secrets.add(decodeURIComponent(/code=([^&]+)/.exec(redirect)?.[1] ?? 'none'));
    const done = await call(api.auth.complete.channel, { redirectUrl: redirect });
    await collectSecrets();
    return done;
  }

  function expectNoSecret(where: string, text: string): void {
    for (const secret of secrets) expect(text.includes(secret), `${where} carries a secret`).toBe(false);
  }

  beforeEach(async () => {
    setup = await startOAuthSimulator();
    store = throwawayStore();
    log = memoryLogger('debug');
    auth = new AuthService({ credentials: store, clock: setup.clock, apiBase: setup.sim.apiBase, logger: log.logger });
    pushed = [];
    answers = [];
    secrets = new Set([TEST_APP.appSecret]);
    wire();
  });

  afterEach(async () => {
    auth.stop();
    await store.clear();
    await setup.sim.stop();
    expectNoSecret('an IPC answer', JSON.stringify(answers));
    expectNoSecret('a pushed event', JSON.stringify(pushed));
    expectNoSecret('the log', log.lines.join('\n'));
  });

  it('refuses hostile payloads on every auth channel: no crash, no secret, nothing changed', async () => {
    expect(await signInByIpc()).toMatchObject({ ok: true, value: { state: 'signed-in' } });
    const huge = 'x'.repeat(1_000_000);
    const hostile: unknown[] = [
      null, 42, 'auth', true, [], [TEST_APP], nested(5_000),
      JSON.parse('{"__proto__":{"polluted":true}}'),
      JSON.parse('{"constructor":{"prototype":{"polluted":true}},"redirectUrl":"x"}'),
      { appKey: huge, appSecret: huge, callbackUrl: `https://${huge}` },
      { appKey: { toString: () => TEST_APP.appKey }, appSecret: TEST_APP.appSecret, callbackUrl: TEST_APP.callbackUrl },
      { ...TEST_APP, callbackUrl: 'http://evil.example' }, { ...TEST_APP, extra: 1 }, { appKey: TEST_APP.appKey },
      { redirectUrl: huge }, { redirectUrl: 42 }, { redirectUrl: [TEST_APP.callbackUrl] }, { redirectUrl: 'javascript:alert(1)' },
      { redirectUrl: `${TEST_APP.callbackUrl}?code=C0.x%40&__proto__=1&constructor=2&state=forged` },
      { redirectUrl: `https://evil.example/cb?code=C0.x%40` }, { redirectUrl: '\u0000\uFFFF%' }, { redirectUrl: '' },
    ];
    for (const channel of [api.auth.status.channel, api.auth.begin.channel, api.auth.complete.channel, api.auth.signOut.channel]) {
      for (const payload of hostile) {
        const answer = await call(channel, payload);
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) expect(answer.error.message.length).toBeLessThan(500);
        // A sign-out with an acceptable payload would be a real sign-out; none of these is one.
        if (channel === api.auth.signOut.channel) expect(answer.ok).toBe(false);
      }
    }
    for (const channel of [42, null, { toString: () => api.auth.status.channel }, 'auth:__proto__', 'constructor', api.auth.status.channel.repeat(100)]) {
      expect((await call(channel, {})).ok).toBe(false);
    }
    for (const channel of [api.auth.begin.channel, api.auth.complete.channel, api.auth.signOut.channel]) {
      expect(await call(channel, {}, BOOK)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Still signed in, same tokens: none of that touched the keychain.
    expect(await call(eventDefs.auth.status.channel, {})).toMatchObject({ ok: true, value: { state: 'signed-in' } });
    expect((await store.loadRefreshToken())?.token).toBeDefined();
    expect(secrets.has((await store.loadRefreshToken())?.token ?? '')).toBe(true);
  });

  it('answers with a status only: four fields, no secret, in every state', async () => {
    const seen: unknown[] = [(await call(eventDefs.auth.status.channel, undefined)) as { value: unknown }];
    seen.push(await signInByIpc());
    await auth.start();
    setup.sim.faults.refuseRefreshes(1);
    const refused = nextEvent(auth.events, 'status', (s) => s.state === 'needs-sign-in');
    setup.clock.advance(25 * 60_000);
    await refused;
    seen.push(await call(eventDefs.auth.status.channel, {}));
    seen.push(await call(api.auth.signOut.channel, {}));
    const values = seen.map((answer) => (answer as { ok: boolean; value: Record<string, unknown> }).value);
    expect(values.map((v) => v.state)).toEqual(['signed-out', 'signed-in', 'needs-sign-in', 'signed-out']);
    for (const value of values) expect(Object.keys(value)).toEqual(STATUS_KEYS);
    expect(pushed.map(([channel]) => channel)).toContain(authEvents.warning.channel);
    expect(pushed.filter(([c]) => c === authEvents.status.channel).map(([, s]) => (s as { state: string }).state)).toContain('needs-sign-in');
  });

  it('finishes a sign-in the host window caught, and reports a failed one as a warning', async () => {
    let capture: (url: string) => Promise<string | null> = approveInBrowser;
    wire({ captureRedirect: (url) => capture(url) });
    const signedIn = nextEvent(auth.events, 'status', (s) => s.state === 'signed-in');
    const begun = await call(api.auth.begin.channel, { ...TEST_APP });
    expect(begun).toMatchObject({ ok: true, value: { authorizeUrl: expect.stringContaining('/v1/oauth/authorize?') } });
    await signedIn;
    await collectSecrets();
    expect(pushed.at(-1)).toEqual([authEvents.status.channel, expect.objectContaining({ state: 'signed-in' })]);

    // The window caught the redirect too late: the code had expired.
    capture = async (url) => {
      const redirect = await approveInBrowser(url);
      setup.clock.advance(31_000);
      return redirect;
    };
    const failed = nextEvent(auth.events, 'warning');
    expect((await call(api.auth.begin.channel, {})).ok).toBe(true);
    expect(await failed).toMatchObject({ kind: 'sign-in-failed', message: expect.stringMatching(/Schwab refused the code/) });
    expect(pushed.at(-1)?.[0]).toBe(eventDefs.auth.warning.channel);

    // The user closed the window: nothing happens, the paste fallback is still open.
    capture = async () => null;
    const before = pushed.length;
    expect((await call(api.auth.begin.channel, {})).ok).toBe(true);
    expect(pushed.length).toBe(before);
    expect((await call(eventDefs.auth.status.channel, {})) as unknown).toMatchObject({ ok: true, value: { state: 'signed-in' } });
  });

  it('turns sign-in problems into refusals the renderer can show', async () => {
    expect(await call(api.auth.complete.channel, { redirectUrl: `${TEST_APP.callbackUrl}?code=x` })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/no sign-in is in progress/) },
    });
    expect(await call(api.auth.begin.channel, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/no Schwab app is stored/) } });
    expect(await call(api.auth.begin.channel, { ...TEST_APP, callbackUrl: 'https://127.0.0.1:8182/' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await call(api.auth.begin.channel, { ...TEST_APP })).ok).toBe(true);
    expect(await call(api.auth.complete.channel, { redirectUrl: 'https://127.0.0.1:8182/elsewhere?code=x' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/not the callback URL/) },
    });
  });
});
