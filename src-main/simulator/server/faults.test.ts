// Every fault, seen from a real client socket.
import { describe, expect, it, vi } from 'vitest';
import { isHeartbeat, type AdminNotifyItem } from '../../schwab/protocol.ts';
import { DEFAULT_GARBAGE } from './faults.ts';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import {
  accessToken,
  adminCode,
  getJson,
  loggedInClient,
  refreshGrant,
  scriptedPerTest,
  subscribeScriptedCall,
  TestStreamClient,
} from './simulator.testkit.ts';

const setup = scriptedPerTest();

describe('faults', () => {
  it('cutSockets drops connections without a close frame', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    sim.faults.cutSockets();
    expect((await client.closed).code).toBe(1006);
    expect(sim.stats().connectionsOpen).toBe(0);
  });

  it('goSilent sends nothing (no data, heartbeats, responses or pongs) for its clock time', async () => {
    const { sim, clock, market } = await setup();
    const client = await loggedInClient(sim);
    await subscribeScriptedCall(client, '0,2,3');
    const before = client.received.length;
    sim.faults.goSilent(20_000);
    market.setOption(SCRIPTED_CALL, { bid: 1.5 });
    clock.advance(12_000);
    const pongs: string[] = [];
    client.ws.on('pong', (data) => pongs.push(data.toString()));
    const framesBefore = sim.stats().framesReceived;
    const unanswered = client.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1' });
    client.ws.ping('during');
    // The server must have read the request while still silent; nothing it sends can show that.
    await vi.waitFor(() => expect(sim.stats().framesReceived).toBe(framesBefore + 1));
    clock.advance(8_000);
    const silenceEnd = clock.now();
    // Anything sent during the silence would arrive before this pong.
    await client.ping('after');
    expect(pongs).toEqual(['after']);
    expect(sim.stats().framesSuppressed).toBeGreaterThan(0);
    const afterwards = client.received.slice(before);
    expect(
      afterwards.some(
        (r) =>
          r.frame?.kind === 'response' && r.frame.items.some((i) => i.requestid === unanswered),
      ),
    ).toBe(false);
    // What arrived was sent the moment the silence ended: a heartbeat and the missed change.
    const times = afterwards.map((r) =>
      r.frame?.kind === 'data'
        ? r.frame.blocks[0]?.timestamp
        : r.frame?.kind === 'notify'
          ? Number((r.frame.items[0] as { heartbeat: string }).heartbeat)
          : -1,
    );
    expect(times.every((t) => t === silenceEnd)).toBe(true);
    expect(
      afterwards.some((r) => r.frame?.kind === 'notify' && r.frame.items.some(isHeartbeat)),
    ).toBe(true);
    expect(client.items('LEVELONE_OPTIONS', SCRIPTED_CALL).at(-1)?.item).toEqual({
      key: SCRIPTED_CALL,
      '2': 1.5,
    });
    client.close();
  });

  it('sendGarbage sends a non-JSON text frame', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    sim.faults.sendGarbage();
    const got = await client.next((r) => r.frame === null, 'garbage');
    expect(got.text).toBe(DEFAULT_GARBAGE);
    sim.faults.sendGarbage('<html>Access Denied</html>');
    expect((await client.next((r) => r.frame === null, 'custom garbage')).text).toBe(
      '<html>Access Denied</html>',
    );
    client.close();
  });

  it('denyLogins refuses the next n LOGINs with code 3 even with a valid token', async () => {
    const { sim } = await setup();
    const token = await accessToken(sim);
    sim.faults.denyLogins(1);
    await expect(loggedInClient(sim, token)).rejects.toThrow(/LOGIN failed: Login Denied/);
    const client = await loggedInClient(sim, token);
    client.close();
    expect(sim.stats()).toMatchObject({ loginsDenied: 1, loginsOk: 1 });
  });

  it('sendCode12 and sendCode30 notify logged-in connections and close them', async () => {
    const { sim } = await setup();
    const first = await loggedInClient(sim);
    sim.faults.sendCode12();
    const takeover = (await first.notify(adminCode(12), 'code 12')) as AdminNotifyItem;
    expect(takeover.service).toBe('ADMIN');
    expect((await first.closed).code).toBe(1000);
    const second = await loggedInClient(sim);
    sim.faults.sendCode30();
    await second.notify(adminCode(30), 'code 30');
    expect((await second.closed).code).toBe(1000);
  });

  it('refuseRefreshes fails the next n refresh grants', async () => {
    const { sim } = await setup();
    const refreshToken = sim.issueRefreshToken();
    sim.faults.refuseRefreshes(1);
    const refused = await refreshGrant(sim, refreshToken);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'unsupported_token_type' });
    expect((await refreshGrant(sim, refreshToken)).status).toBe(200);
  });

  it('expireAccessTokens: REST 401 and LOGIN code 3, while an open stream goes on', async () => {
    const { sim, clock } = await setup();
    const token = await accessToken(sim);
    const open = await loggedInClient(sim, token);
    sim.faults.expireAccessTokens();
    expect((await getJson(sim, '/trader/v1/userPreference', token)).status).toBe(401);
    const retry = await TestStreamClient.connect(sim.wsUrl);
    retry.ids = open.ids;
    const id = retry.login(token);
    expect((await retry.response(id)).content.code).toBe(3);
    clock.advance(10_000);
    await open.notify(isHeartbeat, 'heartbeat on the open stream');
    const fresh = await loggedInClient(sim);
    fresh.close();
    open.close();
  });
});

describe('stop', () => {
  it('closes every socket and the server, and is idempotent', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    await Promise.all([sim.stop(), sim.stop()]);
    expect((await client.closed).code).toBe(1006);
    await expect(fetch(`${sim.apiBase}/trader/v1/userPreference`)).rejects.toThrow();
  });
});
