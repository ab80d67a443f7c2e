// The token manager against a loopback token service on a manual clock: only a JSON refusal asks
// for a new sign-in; every other failed refresh is retried with capped backoff, and whoever
// listens is told why and when (issue 15).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import { SchwabRest } from './rest.ts';
import { AccessTokenManager, NeedsSignInError, type RefreshTokenStore } from './token-manager.ts';
import { REFUSALS, startTokenServer, UNCLEAR, type TokenServer } from './token-server.testkit.ts';

const APP = { appKey: 'TokenTestAppKey0123456789abcdefg', appSecret: 'token-test-app-secret-0123456789' };

describe('AccessTokenManager refresh answers (issue 15 reproductions)', () => {
  let server: TokenServer;
  let clock: ManualClock;
  let retries: { message: string; delayMs: number }[];

  beforeEach(async () => {
    server = await startTokenServer();
    clock = new ManualClock(Date.UTC(2025, 0, 6, 14));
    retries = [];
  });
  afterEach(() => server.close());

  /** The refresh token as the environment source holds it: in memory. */
  function manager(options: { retries?: number; retryDelayMs?: number; maxRetryDelayMs?: number; timeoutMs?: number } = {}) {
    const store: RefreshTokenStore = { load: async () => 'refresh-token-abc@', rotated: async () => undefined };
    return new AccessTokenManager({
      rest: new SchwabRest({ apiBase: server.apiBase, timeoutMs: options.timeoutMs ?? 15_000 }),
      app: APP,
      store,
      clock,
      retries: 3,
      retryDelayMs: 1_000,
      ...options,
      retrying: (error, delayMs) => retries.push({ message: error.message, delayMs }),
    });
  }

  /** Fires each retry timer once the manager has set it (it is set after the failed request). */
  async function runRetries(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 5_000;
        const poll = () => {
          if (retries.length > i && clock.pendingTimers() > 0) return resolve();
          if (Date.now() > deadline) return reject(new Error(`retry ${i + 1} never came`));
          setImmediate(poll);
        };
        poll();
      });
      clock.advance(clock.nextTimerIn() ?? 0);
    }
  }

  for (const [name, canned] of Object.entries(REFUSALS)) {
    it(`${name}: asks for a new sign-in at once, no retry`, async () => {
      server.answers.push(canned);
      const error = await manager().getAccessToken().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NeedsSignInError);
      expect((error as Error).message).toMatch(/^Schwab refused the sign-in; sign in again \(Schwab's token service refused the (grant|app key or secret): [a-z_]+\)$/);
      expect(server.requests).toHaveLength(1);
      expect(retries).toEqual([]);
    });
  }

  for (const [name, { answer, shown }] of Object.entries(UNCLEAR)) {
    it(`${name}: retried after 1 s with the reason told, then refreshed`, async () => {
      server.answers.push(answer);
      const token = manager().getAccessToken();
      await runRetries(1);
      expect(await token).toBe(server.issued[0]);
      expect(retries).toEqual([{ message: `Schwab's token service ${shown}`, delayMs: 1_000 }]);
      expect(server.requests.map((r) => r.form.get('refresh_token'))).toEqual(['refresh-token-abc@', 'refresh-token-abc@']);
    });
  }

  it('a token service that does not answer in time: retried, not a refusal', async () => {
    server.answers.push('hang');
    const token = manager({ timeoutMs: 50 }).getAccessToken();
    await runRetries(1);
    expect(await token).toBe(server.issued[0]);
    expect(retries).toEqual([{ message: "Schwab's token service did not answer within 0.1 s", delayMs: 1_000 }]);
  });

  it('a token service that refuses the connection: retried, not a refusal', async () => {
    await server.refuse();
    const token = manager().getAccessToken();
    await new Promise<void>((resolve) => {
      const poll = () => (retries.length === 1 ? resolve() : setImmediate(poll));
      poll();
    });
    await server.reopen();
    clock.advance(clock.nextTimerIn() ?? 0);
    expect(await token).toBe(server.issued[0]);
    expect(retries).toEqual([{ message: "Schwab's token service could not be reached (connection refused)", delayMs: 1_000 }]);
  });

  it('backs off exponentially up to the cap, then gives the last error to the caller', async () => {
    for (let i = 0; i < 7; i++) server.answers.push(UNCLEAR['503 Service Unavailable'].answer);
    const token = manager({ retries: 6, retryDelayMs: 1_000, maxRetryDelayMs: 5_000 }).getAccessToken().catch((e: unknown) => e);
    await runRetries(6);
    const error = await token;
    expect(error).not.toBeInstanceOf(NeedsSignInError);
    expect((error as Error).message).toBe("Schwab's token service answered 503 (text)");
    expect(retries.map((r) => r.delayMs)).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    expect(server.requests).toHaveLength(7);
  });
});
