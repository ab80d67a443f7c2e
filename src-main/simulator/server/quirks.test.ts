// The live quirks the simulator can switch on (docs/schwab-streaming.md §9; issue 16), each seen
// by a real client socket or over real HTTP on 127.0.0.1, switched by option, by
// `sim.faults`, and through the fault endpoint: delayed data, how an empty stream ends, VIEW
// ignored, a failing userPreference, 1011 closes, the REST budget, the chain buffer, the symbol
// cap.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from './fault-route.ts';
import { SCRIPTED_CALL, SCRIPTED_PUT } from './scripted-market.testkit.ts';
import {
  accessToken,
  adminCode,
  getJson,
  loggedInClient,
  postFault,
  refreshGrant,
  scriptedPerTest,
  subscribeScriptedCall,
  type TestStreamClient,
} from './simulator.testkit.ts';

const setup = scriptedPerTest();
const withEndpoint = (overrides = {}) => setup({ faultEndpoint: true, ...overrides });

async function applied(response: Response): Promise<void> {
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ applied: true });
}

/** Nothing closed `client`: a ping comes back and the socket is open. */
async function stillOpen(client: TestStreamClient): Promise<void> {
  await client.ping('still open');
  expect(client.ws.readyState).toBe(client.ws.OPEN);
}

describe('the fault endpoint knows every switch', () => {
  it('lists the new kinds', () => {
    for (const kind of [
      'delayed',
      'realtime',
      'empty-close',
      'empty-drop',
      'ignore-view',
      'fail-preferences',
      'close1011',
      'rate-limit',
      'chain-limit',
      'symbol-limit',
    ])
      expect(FAULT_KINDS).toContain(kind);
  });
});

describe('delayed data (a login without real-time entitlement)', () => {
  it('option and equity snapshots say delayed: true, chains isDelayed, quotes realtime: false', async () => {
    const { sim } = await setup({ delayed: true });
    const client = await loggedInClient(sim);
    expect(await subscribeScriptedCall(client, '0,2,3')).toMatchObject({
      key: SCRIPTED_CALL,
      delayed: true,
      assetMainType: 'OPTION',
    });
    await client.ask('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1,2' });
    expect(await client.item('LEVELONE_EQUITIES', 'SPY')).toMatchObject({
      delayed: true,
      assetMainType: 'EQUITY',
    });
    // The meta key keeps its place, right after the key.
    const raw = client.received
      .map((r) => r.text)
      .find((t) => t.includes('"LEVELONE_OPTIONS"') && t.includes('"data"'));
    expect(raw).toContain(`"key":"${SCRIPTED_CALL}","delayed":true,"assetMainType":"OPTION"`);
    const token = await accessToken(sim);
    expect(
      (await getJson(sim, '/marketdata/v1/chains?symbol=SPY&strikeCount=2', token)).body,
    ).toMatchObject({ isDelayed: true });
    expect((await getJson(sim, '/marketdata/v1/quotes?symbols=SPY', token)).body).toMatchObject({
      SPY: { realtime: false },
    });
    client.close();
  });

  it("the delayed and realtime kinds apply to logins from then on (the entitlement is the login's)", async () => {
    const { sim } = await withEndpoint();
    const before = await loggedInClient(sim);
    await applied(await postFault(sim, 'delayed'));
    const after = await loggedInClient(sim);
    expect(await subscribeScriptedCall(after, '0,2')).toMatchObject({ delayed: true });
    // `after` logged in last: `before` was stopped with code 12, so subscribe on a fresh one.
    expect(before.ws.readyState).not.toBe(before.ws.OPEN);
    await applied(await postFault(sim, 'realtime'));
    const again = await loggedInClient(sim);
    expect(await subscribeScriptedCall(again, '0,2')).toMatchObject({ delayed: false });
    again.close();
  });
});

describe('how a stream with nothing subscribed ends', () => {
  it('by default: code 30, then a clean close, 30 s after LOGIN', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    clock.advance(29_900);
    await stillOpen(client);
    clock.advance(200);
    await client.notify(adminCode(30), 'code 30');
    expect((await client.closed).code).toBe(1000);
  });

  it('empty-drop?ms=5000: a bare drop after 5 s, no code 30', async () => {
    const { sim, clock } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'empty-drop?ms=5000'));
    clock.advance(5_100);
    expect((await client.closed).code).toBe(1006);
    expect(
      client.received.some((r) => r.frame?.kind === 'notify' && r.frame.items.some(adminCode(30))),
    ).toBe(false);
  });

  it('empty-close?ms=0: never, not even when the last key is unsubscribed', async () => {
    const { sim, clock } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'empty-close?ms=0'));
    clock.advance(120_000);
    await subscribeScriptedCall(client, '0,2');
    await client.ask('LEVELONE_OPTIONS', 'UNSUBS', { keys: SCRIPTED_CALL });
    clock.advance(120_000);
    await stillOpen(client);
    client.close();
  });

  it('empty-close?ms=2000: code 30 two seconds later, also on a connection already logged in', async () => {
    const { sim, clock } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'empty-close?ms=2000'));
    clock.advance(2_100);
    await client.notify(adminCode(30), 'code 30');
    expect((await client.closed).code).toBe(1000);
  });
});

describe('VIEW ignored', () => {
  it('ignore-view: VIEW answers success and the field list stays', async () => {
    const { sim, clock, market } = await withEndpoint();
    const client = await loggedInClient(sim);
    await subscribeScriptedCall(client, '0,2,3');
    await applied(await postFault(sim, 'ignore-view'));
    const view = await client.ask('LEVELONE_OPTIONS', 'VIEW', { fields: '0,8' });
    expect(view.content).toEqual({ code: 0, msg: 'VIEW command succeeded' });
    market.setOption(SCRIPTED_CALL, { bid: 1.23, volume: 4_321 });
    clock.advance(1_100);
    const delta = await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL);
    expect(delta).toEqual({ key: SCRIPTED_CALL, 2: 1.23 });
    client.close();
  });
});

describe('userPreference fails now and then', () => {
  it('fail-preferences?count=2: the next two answer 500, then it answers again', async () => {
    const { sim } = await withEndpoint();
    const token = await accessToken(sim);
    await applied(await postFault(sim, 'fail-preferences?count=2'));
    const first = await getJson(sim, '/trader/v1/userPreference', token);
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({
      errors: [{ status: '500', title: 'Internal Server Error' }],
    });
    expect((await getJson(sim, '/trader/v1/userPreference', token)).status).toBe(500);
    expect((await getJson(sim, '/trader/v1/userPreference', token)).status).toBe(200);
  });
});

describe('1011 after a network loss', () => {
  it('close1011: logged-in sockets close with 1011 "keepalive ping timeout"', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'close1011'));
    expect(await client.closed).toEqual({ code: 1011, reason: 'keepalive ping timeout' });
  });
});

describe('the REST budget', () => {
  it('rate-limit?count=3: a fourth market-data request within the minute is a 429; the token service is apart; 0 lifts it', async () => {
    const { sim, clock } = await withEndpoint();
    const token = await accessToken(sim);
    await applied(await postFault(sim, 'rate-limit?count=3'));
    for (let i = 0; i < 3; i++)
      expect((await getJson(sim, '/marketdata/v1/quotes?symbols=SPY', token)).status).toBe(200);
    const refused = await getJson(sim, '/trader/v1/userPreference', token);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ errors: [{ status: '429', title: 'Too Many Requests' }] });
    expect((await refreshGrant(sim, sim.issueRefreshToken())).status).toBe(200);
    clock.advance(60_000);
    expect((await getJson(sim, '/marketdata/v1/quotes?symbols=SPY', token)).status).toBe(200);
    await applied(await postFault(sim, 'rate-limit?count=0'));
    for (let i = 0; i < 10; i++)
      expect((await getJson(sim, '/marketdata/v1/quotes?symbols=SPY', token)).status).toBe(200);
    expect(sim.stats().restRateLimited).toBe(1);
  });

  it('is 120 a minute by default', async () => {
    const { sim } = await setup();
    const token = await accessToken(sim);
    const statuses = await Promise.all(
      Array.from({ length: 121 }, () =>
        getJson(sim, '/marketdata/v1/quotes?symbols=SPY', token).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(120);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});

describe('chains and their expiries', () => {
  it('chain-limit?count=1: a chain of more contracts is the gateway 502 "Body buffer overflow"', async () => {
    const { sim } = await withEndpoint();
    const token = await accessToken(sim);
    expect((await getJson(sim, '/marketdata/v1/chains?symbol=SPY', token)).status).toBe(200);
    await applied(await postFault(sim, 'chain-limit?count=1'));
    const refused = await getJson(sim, '/marketdata/v1/chains?symbol=SPY', token);
    expect(refused.status).toBe(502);
    expect(refused.body).toEqual({
      fault: {
        faultstring: 'Body buffer overflow',
        detail: { errorcode: 'protocol.http.TooBigBody' },
      },
    });
    expect(sim.stats().chainsTooBig).toBe(1);
  });

  it('GET /marketdata/v1/expirationchain lists the expiries, nearest first; an unknown symbol is a 404', async () => {
    const { sim } = await setup();
    const token = await accessToken(sim);
    const { status, body } = await getJson(sim, '/marketdata/v1/expirationchain?symbol=SPY', token);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'SUCCESS',
      expirationList: [{ expirationDate: '2025-01-17', daysToExpiration: 30, optionRoots: 'SPY' }],
    });
    expect((await getJson(sim, '/marketdata/v1/expirationchain?symbol=NOPE', token)).status).toBe(
      404,
    );
    expect((await getJson(sim, '/marketdata/v1/expirationchain', token)).status).toBe(400);
  });
});

describe('the symbol cap', () => {
  it('symbol-limit?count=1: a SUBS of two keys keeps one and answers code 19', async () => {
    const { sim } = await withEndpoint();
    const client = await loggedInClient(sim);
    await applied(await postFault(sim, 'symbol-limit?count=1'));
    const response = await client.ask('LEVELONE_OPTIONS', 'SUBS', {
      keys: `${SCRIPTED_CALL},${SCRIPTED_PUT}`,
      fields: '0,2',
    });
    expect(response.content).toEqual({
      code: 19,
      msg: "You've reached the maximum number of symbols allowed.  (LEVELONE_OPTIONS=1, DISCARDED=1)",
    });
    expect(sim.stats().subscribedKeys).toEqual({ LEVELONE_OPTIONS: 1 });
    client.close();
  });
});
