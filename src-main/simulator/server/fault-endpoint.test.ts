// The opt-in fault endpoint over real HTTP on 127.0.0.1: POST /__faults/<kind>, each kind seen
// by a real client where that is cheap, and what is refused (off, unknown kind, GET, web pages).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isHeartbeat } from '../../schwab/protocol.ts';
import { DEFAULT_GARBAGE } from './faults.ts';
import { FAULT_KINDS } from './fault-route.ts';
import {
  accessToken,
  adminCode,
  getJson,
  loggedInClient,
  postFault,
  refreshGrant,
  scriptedPerTest,
  type TestStreamClient,
} from './simulator.testkit.ts';

const setup = scriptedPerTest();
const withEndpoint = () => setup({ faultEndpoint: true });

/** Nothing closed `client`: a ping comes back and the socket is open; then it is closed. */
async function stillOpen(client: TestStreamClient): Promise<void> {
  await client.ping('still open');
  expect(client.ws.readyState).toBe(client.ws.OPEN);
  client.close();
}

async function applied(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(await response.json()).toEqual({ applied: true });
}

describe('POST /__faults/<kind> with faultEndpoint', () => {
  it('cut: a connected streamer client sees its socket drop (1006)', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'cut'));
    expect((await client.closed).code).toBe(1006);
    expect(sim.stats().connectionsOpen).toBe(0);
  });

  it('garbage: a connected client receives a non-JSON text frame', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'garbage'));
    const got = await client.next((r) => r.frame === null, 'garbage');
    expect(got.text).toBe(DEFAULT_GARBAGE);
    client.close();
  });

  for (const [query, ms] of [
    ['', 60_000],
    ['?ms=20000', 20_000],
  ] as const) {
    it(`silence${query}: nothing is sent for ${ms} ms of clock time, then a heartbeat`, async () => {
      // No empty-stream stop (code 30) within the silence.
      const { sim, clock } = await setup({ faultEndpoint: true, emptyTimeoutMs: 3_600_000 });
      const client = await loggedInClient(sim);
      await client.notify(isHeartbeat, 'heartbeat after LOGIN');
      const start = clock.now();
      await applied(await postFault(sim, `silence${query}`));
      // Heartbeats fall due every 10 s; the first one sent is the one at the silence's end.
      clock.advance(ms);
      expect(await client.notify(isHeartbeat, 'heartbeat at the end')).toEqual({
        heartbeat: String(start + ms),
      });
      client.close();
    });
  }

  it('code12 and code30: logged-in clients are notified and closed with 1000', async () => {
    const { sim } = await withEndpoint();
    const first = await loggedInClient(sim);
    await applied(await postFault(sim, 'code12'));
    await first.notify(adminCode(12), 'code 12');
    expect((await first.closed).code).toBe(1000);
    const second = await loggedInClient(sim);
    await applied(await postFault(sim, 'code30'));
    await second.notify(adminCode(30), 'code 30');
    expect((await second.closed).code).toBe(1000);
  });

  it('deny-logins?count=2 refuses the next two LOGINs; without count, the next one', async () => {
    const { sim } = await withEndpoint();
    const token = await accessToken(sim);
    await applied(await postFault(sim, 'deny-logins?count=2'));
    await expect(loggedInClient(sim, token)).rejects.toThrow(/LOGIN failed: Login Denied/);
    await expect(loggedInClient(sim, token)).rejects.toThrow(/LOGIN failed: Login Denied/);
    (await loggedInClient(sim, token)).close();
    await applied(await postFault(sim, 'deny-logins'));
    await expect(loggedInClient(sim, token)).rejects.toThrow(/LOGIN failed: Login Denied/);
    (await loggedInClient(sim, token)).close();
    expect(sim.stats()).toMatchObject({ loginsDenied: 3, loginsOk: 2 });
  });

  it('refuse-refreshes?count=1 fails the next refresh grant only', async () => {
    const { sim } = await withEndpoint();
    const refreshToken = sim.issueRefreshToken();
    await applied(await postFault(sim, 'refuse-refreshes?count=1'));
    expect((await refreshGrant(sim, refreshToken)).status).toBe(400);
    expect((await refreshGrant(sim, refreshToken)).status).toBe(200);
  });

  it('expire-tokens: access tokens issued so far answer 401', async () => {
    const { sim } = await withEndpoint();
    const token = await accessToken(sim);
    expect((await getJson(sim, '/trader/v1/userPreference', token)).status).toBe(200);
    await applied(await postFault(sim, 'expire-tokens'));
    expect((await getJson(sim, '/trader/v1/userPreference', token)).status).toBe(401);
  });

  it('is not counted as a REST request', async () => {
    const { sim } = await withEndpoint();
    const before = sim.stats().restRequests;
    await applied(await postFault(sim, 'expire-tokens'));
    expect(sim.stats().restRequests).toBe(before);
  });
});

describe('what the fault endpoint refuses', () => {
  it('is a 404 like any unknown path when the option is off, and applies nothing', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    for (const kind of ['cut', 'garbage', 'nonsense']) {
      const response = await postFault(sim, kind);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        errors: [{ status: '404', title: 'Not Found' }],
      });
    }
    await client.ping('still open');
    expect(client.received.some((r) => r.frame === null)).toBe(false);
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.close();
  });

  it('answers 400 naming every kind to an unknown kind, and applies nothing', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    for (const kind of ['nonsense', 'CUT', '', 'cut/more', 'toString']) {
      const response = await postFault(sim, kind);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { applied: boolean; error: string };
      expect(body.applied).toBe(false);
      expect(body.error).toContain('Unknown fault kind');
      for (const known of FAULT_KINDS) expect(body.error).toContain(known);
    }
    await stillOpen(client);
  });

  it('answers 400 to a bad or unexpected parameter', async () => {
    const { sim } = await withEndpoint();
    for (const [kind, needle] of [
      ['silence?ms=soon', 'ms must be a whole number'],
      ['silence?ms=-5', 'ms must be a whole number'],
      ['silence?ms=', 'ms must be a whole number'],
      ['deny-logins?count=1.5', 'count must be a whole number'],
      ['refuse-refreshes?count=x', 'count must be a whole number'],
      ['deny-logins?cout=3', 'takes only ?count='],
      ['cut?ms=10', 'takes no parameters'],
    ] as const) {
      const response = await postFault(sim, kind);
      expect(response.status, kind).toBe(400);
      expect(((await response.json()) as { error: string }).error, kind).toContain(needle);
    }
    expect(sim.stats().loginsDenied).toBe(0);
  });

  it('answers 405 with Allow: POST to GET and other methods', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await fetch(`${sim.apiBase}/__faults/cut`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.json()).toMatchObject({ applied: false });
    }
    await stillOpen(client);
  });

  it('answers 403 to a request from a web page (it carries Origin)', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    const response = await postFault(sim, 'cut', { headers: { Origin: 'https://example.com' } });
    expect(response.status).toBe(403);
    await stillOpen(client);
  });

  it('is served on loopback only', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10'])
      await expect(setup({ host, faultEndpoint: true })).rejects.toThrow(/loopback only/);
    const { sim } = await withEndpoint();
    expect(new URL(sim.apiBase).hostname).toBe('127.0.0.1');
  });
});

describe('the fault table in README.md', () => {
  it('lists every kind the endpoint takes, and no other', () => {
    const readme = readFileSync(fileURLToPath(new URL('./README.md', import.meta.url)), 'utf8');
    const table = readme.slice(readme.indexOf('| Kind'));
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
    const listed = rows.flatMap((row) =>
      [...(row.split('|')[1] ?? '').matchAll(/`([a-z0-9-]+)[`?]/g)].map((m) => m[1]),
    );
    expect([...listed].sort()).toEqual([...FAULT_KINDS].sort());
  });
});
