// OAuth over real HTTP (docs/schwab-streaming.md §1): the authorize redirect, code exchange
// (expired, reused, wrong redirect), refresh (refused, 7-day expiry, no extension),
// access-token expiry, secrets.
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { REFRESH_TOKEN_TTL_MS } from './oauth.ts';
import type { Simulator } from './simulator.ts';
import {
  basicAuth,
  getJson,
  loggedInClient,
  postForm,
  refreshGrant,
  scriptedPerTest,
  TestStreamClient,
} from './simulator.testkit.ts';

const setup = scriptedPerTest();

async function authorize(sim: Simulator, query: Record<string, string>): Promise<Response> {
  return fetch(`${sim.apiBase}/v1/oauth/authorize?${new URLSearchParams(query)}`, {
    redirect: 'manual',
  });
}

/** The code as the client reads it off the callback URL: URL-decoded. */
async function code(sim: Simulator): Promise<string> {
  const response = await authorize(sim, {
    client_id: sim.app.appKey,
    redirect_uri: sim.app.callbackUrl,
  });
  const location = response.headers.get('location') ?? '';
  return new URL(location).searchParams.get('code') ?? '';
}

function exchange(
  sim: Simulator,
  authCode: string,
  redirectUri = sim.app.callbackUrl,
): Promise<Response> {
  return postForm(
    `${sim.apiBase}/v1/oauth/token`,
    { grant_type: 'authorization_code', code: authCode, redirect_uri: redirectUri },
    basicAuth(sim),
  );
}

describe('authorize', () => {
  it('redirects to the exact callback with a code ending in %40, a session uuid and the state', async () => {
    const { sim } = await setup();
    const response = await authorize(sim, {
      client_id: sim.app.appKey,
      redirect_uri: sim.app.callbackUrl,
      response_type: 'code',
      state: 'xyz 1',
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(
      /^https:\/\/127\.0\.0\.1\?code=C0\.[\w-]+%40&session=[0-9a-f-]{36}&state=xyz%201$/,
    );
  });

  it('refuses an unknown app key and a callback that differs by a trailing slash', async () => {
    const { sim } = await setup();
    expect(
      (await authorize(sim, { client_id: 'nope', redirect_uri: sim.app.callbackUrl })).status,
    ).toBe(401);
    const slash = await authorize(sim, {
      client_id: sim.app.appKey,
      redirect_uri: `${sim.app.callbackUrl}/`,
    });
    expect(slash.status).toBe(400);
    expect(await slash.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('token: authorization_code', () => {
  it('exchanges a decoded code once for the full token set', async () => {
    const { sim } = await setup();
    const authCode = await code(sim);
    expect(authCode.endsWith('@')).toBe(true);
    const response = await exchange(sim, authCode);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
    expect(body).toMatchObject({ expires_in: 1800, token_type: 'Bearer', scope: 'api' });
    const reused = await exchange(sim, authCode);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses an expired code (30 s), a still-encoded code and a different redirect_uri', async () => {
    const { sim, clock } = await setup();
    const late = await code(sim);
    clock.advance(30_000);
    expect((await exchange(sim, late)).status).toBe(400);
    const encoded = await code(sim);
    expect((await exchange(sim, encodeURIComponent(encoded))).status).toBe(400);
    const wrongRedirect = await code(sim);
    const response = await exchange(sim, wrongRedirect, 'https://127.0.0.1:8182');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 401 invalid_client to a bad app secret', async () => {
    const { sim } = await setup();
    const bad = Buffer.from(`${sim.app.appKey}:wrong-secret`).toString('base64');
    const response = await postForm(
      `${sim.apiBase}/v1/oauth/token`,
      { grant_type: 'refresh_token', refresh_token: sim.issueRefreshToken() },
      bad,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    expect(
      (
        await postForm(`${sim.apiBase}/v1/oauth/token`, {
          grant_type: 'refresh_token',
          refresh_token: 'x',
        })
      ).status,
    ).toBe(401);
  });
});

describe('token: refresh_token', () => {
  it('refreshes with the same refresh token, which still dies 7 days after issue', async () => {
    const { sim, clock } = await setup();
    const refreshToken = sim.issueRefreshToken();
    clock.advance(REFRESH_TOKEN_TTL_MS - 60_000);
    const ok = await refreshGrant(sim, refreshToken);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { refresh_token: string }).refresh_token).toBe(refreshToken);
    clock.advance(60_000);
    const expired = await refreshGrant(sim, refreshToken);
    expect(expired.status).toBe(400);
    const body = (await expired.json()) as { error: string; error_description: string };
    expect(body.error).toBe('unsupported_token_type');
    expect(body.error_description).toMatch(
      /^400 Bad Request: ".*refresh_token_authentication_error.*"$/,
    );
  });

  it('refuses the next n refreshes when told to, then works again', async () => {
    const { sim } = await setup();
    const refreshToken = sim.issueRefreshToken();
    sim.faults.refuseRefreshes(2);
    expect((await refreshGrant(sim, refreshToken)).status).toBe(400);
    expect((await refreshGrant(sim, refreshToken)).status).toBe(400);
    expect((await refreshGrant(sim, refreshToken)).status).toBe(200);
    expect((await refreshGrant(sim, 'unknown-refresh-token')).status).toBe(400);
  });
});

describe('access tokens', () => {
  it('work on REST for 1800 s of clock time, then 401', async () => {
    const { sim, clock } = await setup();
    const body = (await (await refreshGrant(sim, sim.issueRefreshToken())).json()) as {
      access_token: string;
    };
    expect((await getJson(sim, '/trader/v1/userPreference', body.access_token)).status).toBe(200);
    clock.advance(1_799_000);
    expect((await getJson(sim, '/trader/v1/userPreference', body.access_token)).status).toBe(200);
    clock.advance(1_000);
    const expired = await getJson(sim, '/trader/v1/userPreference', body.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ errors: [{ status: 401, title: 'Unauthorized' }] });
  });

  it('never show up in logs, nor does the app secret', async () => {
    const { logger, lines } = memoryLogger('debug');
    const { sim } = await setup({
      logger,
      app: {
        appKey: 'K'.repeat(32),
        appSecret: 'SuperSecretValue',
        callbackUrl: 'https://127.0.0.1:8182',
      },
    });
    const refreshToken = sim.issueRefreshToken();
    const tokens = (await (await refreshGrant(sim, refreshToken)).json()) as {
      access_token: string;
      id_token: string;
    };
    const client = await loggedInClient(sim, tokens.access_token);
    sim.faults.refuseRefreshes(1);
    await refreshGrant(sim, refreshToken);
    // A LOGIN presenting the refresh token is denied, and logged without it.
    const wrong = await TestStreamClient.connect(sim.wsUrl);
    wrong.ids = client.ids;
    const id = wrong.login(refreshToken);
    expect((await wrong.response(id)).content.code).toBe(3);
    client.close();
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    for (const secret of [refreshToken, tokens.access_token, tokens.id_token, 'SuperSecretValue'])
      expect(all).not.toContain(secret);
  });
});
