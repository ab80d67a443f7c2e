// Issue 15, reproductions: SCHWAB_API_BASE=http://… was accepted, so the app secret (HTTP Basic)
// and the tokens would travel in clear. Every way an API base enters the sign-in code now refuses
// plain http unless the host is loopback (the simulator), with a clear error and no request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTokenServer, type TokenServer } from '../schwab/token-server.testkit.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { AuthService } from './auth-service.ts';
import type { CredentialStore } from './credential-store.ts';
import { describeKeychain, TEST_APP, throwawayStore } from './credentials.testkit.ts';
import { credentialsFromEnv } from './env-credentials.ts';
import { SignInError } from './redirect.ts';
import { checkAppInput } from './sign-in-input.ts';

const NOT_HTTPS = /is not https: Fathom sends the app secret and tokens only over https \(plain http only to a loopback simulator on 127\.0\.0\.1, ::1 or localhost\)/;

// 127.0.0.2 answers on this machine, yet it is not one of the simulator's loopback names: a
// request that went out would show up here.
let elsewhere: TokenServer;
beforeEach(async () => {
  elsewhere = await startTokenServer('127.0.0.2');
});
afterEach(async () => {
  expect(elsewhere.requests).toEqual([]);
  await elsewhere.close();
});

describe('https only, from the environment and the sign-in form (issue 15)', () => {
  const env = { SCHWAB_APP_KEY: TEST_APP.appKey, SCHWAB_APP_SECRET: TEST_APP.appSecret, SCHWAB_REFRESH_TOKEN: 'refresh-token-abc@' };

  it('reproduction: SCHWAB_API_BASE=http://… with credentials in the environment is refused', () => {
    for (const base of ['http://api.schwabapi.com', elsewhere.apiBase, 'ftp://api.schwabapi.com']) {
      expect(() => credentialsFromEnv({ ...env, SCHWAB_API_BASE: base })).toThrow(/^the Schwab API base \(SCHWAB_API_BASE\) /);
    }
    expect(() => credentialsFromEnv({ ...env, SCHWAB_API_BASE: 'http://api.schwabapi.com' })).toThrow(NOT_HTTPS);
    expect(credentialsFromEnv({ ...env, SCHWAB_API_BASE: 'https://api.schwabapi.com/' })?.apiBase).toBe('https://api.schwabapi.com');
    expect(credentialsFromEnv({ ...env, SCHWAB_API_BASE: 'http://127.0.0.1:8443' })?.apiBase).toBe('http://127.0.0.1:8443');
    expect(credentialsFromEnv(env)?.apiBase).toBeUndefined();
  });

  it('reproduction: a sign-in started with SCHWAB_API_BASE=http://… stops before anyone is sent off', async () => {
    const auth = new AuthService({ credentials: throwawayStore(), clock: new ManualClock(0), apiBase: elsewhere.apiBase });
    const error = await auth.begin(TEST_APP).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as Error).message).toMatch(NOT_HTTPS);
    expect(() => checkAppInput(TEST_APP, 'http://[::1]:8443/')).not.toThrow();
    expect(checkAppInput(TEST_APP, 'http://localhost:8443/').apiBase).toBe('http://localhost:8443');
  });
});

describeKeychain('https only, for a sign-in stored before it was required (issue 15)', () => {
  let store: CredentialStore;
  beforeEach(() => {
    store = throwawayStore();
  });
  afterEach(() => store.clear());

  it('a stored sign-in whose API base is plain http elsewhere asks for a new sign-in and sends nothing', async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 6));
    await store.saveSignIn({ ...TEST_APP, apiBase: elsewhere.apiBase }, { token: 'refresh-token-abc@', issuedAt: clock.now() }, { token: 'I0.access@', expiresAt: clock.now() - 1 });
    const auth = new AuthService({ credentials: store, clock });
    const error = await auth.tokenSource.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsSignInError);
    expect((error as Error).message).toMatch(/^the stored sign-in cannot be used: the Schwab API base .* is not https/);
    await expect(auth.begin()).rejects.toThrow(/^the stored app cannot be used: .* Give the app details again$/);
    expect(await auth.start()).toMatchObject({ state: 'needs-sign-in', reason: (error as Error).message });
    auth.stop();
  });
});
