// The Schwab sign-in window on stand-ins: the attempt is fed what Electron would report
// (requests, navigations, window.open, permissions, the user closing it) and its answers and
// the window's end are checked. The callback rules are credentials/redirect.ts's isCallback.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { SECURE_WEB_PREFERENCES } from './security-policy.ts';
import { decideSignInNavigation, decideSignInRequest, firstSignInPage, SIGN_IN_TIMEOUT_MS, SignInAttempt, signInWindowOptions, SignInSlot } from './sign-in-policy.ts';
import { FakeSignInSurface } from './stand-ins.testkit.ts';

const CALLBACK = 'https://127.0.0.1:8182/fathom/callback';
const AUTHORIZE = 'https://api.schwabapi.com/v1/oauth/authorize?client_id=K&redirect_uri=https%3A%2F%2F127.0.0.1%3A8182%2Ffathom%2Fcallback&state=s';
const CAUGHT = `${CALLBACK}?code=C0.abc%40&session=9f&state=s`;

function attempt(timeoutMs?: number) {
  const clock = new ManualClock(1_000);
  const surface = new FakeSignInSurface();
  const { logger, lines } = memoryLogger();
  const signIn = new SignInAttempt(surface, { callbackUrl: CALLBACK, clock, logger, ...(timeoutMs ? { timeoutMs } : {}) });
  let result: string | null | undefined;
  void signIn.result.then((value) => (result = value));
  return { signIn, surface, clock, lines, result: () => result };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the sign-in window', () => {
  it('has the fixed secure preferences, no preload, and dev tools only when not packaged', () => {
    const packaged = signInWindowOptions(true);
    expect(packaged.webPreferences).toEqual({ ...SECURE_WEB_PREFERENCES, devTools: false });
    expect(packaged.webPreferences).not.toHaveProperty('preload');
    expect(packaged.title).toBe('Sign in with Schwab');
    expect(signInWindowOptions(false).webPreferences.devTools).toBe(true);
  });

  it('opens only an https first page', () => {
    expect(firstSignInPage(AUTHORIZE)).toBe(AUTHORIZE);
    for (const page of ['http://127.0.0.1:5199/v1/oauth/authorize', 'file:///etc/passwd', 'javascript:alert(1)', 'app://fathom/index.html', 'https://user:pw@api.schwabapi.com/', 'nonsense']) {
      expect(() => firstSignInPage(page)).toThrow(/must be an https address/);
    }
  });

  it("catches the callback in the network layer, before it loads: cancelled, window closed, session wiped", async () => {
    const { signIn, surface, result } = attempt();
    expect(signIn.onRequest(AUTHORIZE, 'mainFrame')).toEqual({ cancel: false });
    expect(signIn.onRequest('https://sws-gateway.schwab.com/ui/host/#/login', 'mainFrame')).toEqual({ cancel: false });
    expect(signIn.onRequest(CAUGHT, 'mainFrame')).toEqual({ cancel: true });
    await settle();
    expect(result()).toBe(CAUGHT);
    expect(signIn.done).toBe(true);
    expect(surface).toMatchObject({ destroyed: 1, released: 1 });
    // What Electron reports after the end changes nothing.
    signIn.onClosed();
    expect(signIn.onRequest(CAUGHT, 'mainFrame')).toEqual({ cancel: true });
    await settle();
    expect(result()).toBe(CAUGHT);
    expect(surface).toMatchObject({ destroyed: 1, released: 1 });
  });

  it('catches the callback as a redirect or a script navigation too', async () => {
    const redirect = attempt();
    expect(redirect.signIn.onNavigation('https://sws-gateway.schwab.com/ui/host/', true)).toBe(false);
    expect(redirect.signIn.onNavigation(CAUGHT, true)).toBe(true);
    await settle();
    expect(redirect.result()).toBe(CAUGHT);
    // Even a subresource request to the callback ends it: nothing may reach that address.
    const beacon = attempt();
    expect(beacon.signIn.onRequest(`${CALLBACK}?code=x`, 'image')).toEqual({ cancel: true });
    await settle();
    expect(beacon.result()).toBe(`${CALLBACK}?code=x`);
  });

  it.each([
    // Not the callback: another path, port, host or scheme is not caught (and is held to https).
    ['https://127.0.0.1:8182/fathom/callbackx?code=x', 'allow'],
    ['https://127.0.0.1:8182/fathom/?code=x', 'allow'],
    ['https://127.0.0.1:8183/fathom/callback?code=x', 'allow'],
    ['https://localhost:8182/fathom/callback?code=x', 'allow'],
    ['http://127.0.0.1:8182/fathom/callback?code=x', 'refuse'],
    ['https://user:pw@127.0.0.1:8182/fathom/callback?code=x', 'refuse'],
    [CAUGHT, 'callback'],
    [`${CALLBACK}#code=x`, 'callback'],
  ])('tells %s from the callback (%s)', (url, action) => {
    expect(decideSignInNavigation(url, true, CALLBACK).action).toBe(action);
  });

  it.each<[string, boolean]>([
    ['http://sws-gateway.schwab.com/', true],
    ['file:///etc/passwd', true],
    ['javascript:alert(1)', true],
    ['data:text/html,<script>1</script>', true],
    ['app://fathom/index.html', true],
    ['chrome://settings', true],
    ['about:blank', true],
    ['https://user:pw@sws-gateway.schwab.com/', true],
    ['http://tracker.example/frame', false],
    ['data:text/html,<script>1</script>', false],
    ['file:///etc/passwd', false],
  ])('refuses navigating to %s (main frame: %s): https only', (url, isMainFrame) => {
    const { signIn, result, surface } = attempt();
    expect(signIn.onNavigation(url, isMainFrame)).toBe(true);
    expect(signIn.onRequest(url, isMainFrame ? 'mainFrame' : 'subFrame')).toEqual({ cancel: true });
    expect(result()).toBeUndefined();
    expect(surface.destroyed).toBe(0);
  });

  it('lets a frame become about:blank or about:srcdoc, never the main frame', () => {
    expect(decideSignInNavigation('about:blank', false, CALLBACK).action).toBe('allow');
    expect(decideSignInNavigation('about:srcdoc', false, CALLBACK).action).toBe('allow');
    expect(decideSignInNavigation('about:blank', true, CALLBACK).action).toBe('refuse');
    expect(decideSignInNavigation('https://www.google.com/recaptcha/api2/anchor', false, CALLBACK).action).toBe('allow');
  });

  it("lets Schwab's pages load https, wss, data and blob resources and nothing else", () => {
    for (const url of ['https://static.schwab.com/a.js', 'wss://sws-gateway.schwab.com/ws', 'data:image/png;base64,AA==', 'blob:https://sws-gateway.schwab.com/1']) {
      expect(decideSignInRequest(url, 'script', CALLBACK).action).toBe('allow');
    }
    for (const url of ['http://static.schwab.com/a.js', 'ws://127.0.0.1:5199/', 'file:///etc/passwd', 'app://fathom/assets/index.js', 'ftp://x/y']) {
      expect(decideSignInRequest(url, 'image', CALLBACK).action).toBe('refuse');
    }
  });

  it('opens no window anywhere and grants no permission', () => {
    const { signIn, lines, result } = attempt();
    expect(signIn.onWindowOpen('https://developer.schwab.com/')).toEqual({ action: 'deny' });
    expect(signIn.onWindowOpen('https://evil.example/')).toEqual({ action: 'deny' });
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal']) expect(signIn.onPermission(permission)).toBe(false);
    expect(lines.some((l) => l.includes('window.open refused'))).toBe(true);
    expect(result()).toBeUndefined();
  });

  it('resolves null when the user closes it, and wipes the session even if that fails', async () => {
    const { signIn, surface, result, lines } = attempt();
    surface.failRelease = true;
    signIn.onClosed();
    await settle();
    expect(result()).toBeNull();
    expect(surface).toMatchObject({ destroyed: 1, released: 1 });
    expect(lines.some((l) => l.includes('not wiped'))).toBe(true);
  });

  it('gives up after the time limit', async () => {
    const { clock, surface, result } = attempt();
    clock.advance(SIGN_IN_TIMEOUT_MS - 1);
    await settle();
    expect(result()).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(result()).toBeNull();
    expect(surface.destroyed).toBe(1);
  });

  it('runs one sign-in at a time: a new one closes the window of the first', async () => {
    const slot = new SignInSlot();
    const first = attempt();
    const second = attempt();
    void slot.take(first.signIn);
    expect(slot.active).toBe(first.signIn);
    const answer = slot.take(second.signIn);
    await settle();
    expect(first.result()).toBeNull();
    expect(first.surface.destroyed).toBe(1);
    expect(second.surface.destroyed).toBe(0);
    second.signIn.onRequest(CAUGHT, 'mainFrame');
    expect(await answer).toBe(CAUGHT);
    await settle();
    expect(slot.active).toBeNull();
  });
});
