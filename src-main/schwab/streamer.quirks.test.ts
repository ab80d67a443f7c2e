// Schwab's live quirks (docs/schwab-streaming.md §9; issue 16), each switched on in the real
// simulator on 127.0.0.1 and met by the real client on one ManualClock: delayed data, the
// empty-stream close, a failing userPreference, app keys and secrets of any length, chains too
// big for the gateway, the REST budget, a second streamer on the login (code 12), 1011 closes,
// and a VIEW the server ignores.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/domain/session.ts';
import { api } from '../../shared/ipc/index.ts';
import { validateRequest } from '../../shared/ipc/validate.ts';
import { checkAppInput } from '../credentials/sign-in-input.ts';
import { contractsAround, startDemoHarness, until, type DemoHarness, type DemoHarnessOptions } from '../market/demo-harness.testkit.ts';
import { seededRandom } from '../util/random.ts';
import { REST_WINDOW_MS, SchwabRest } from './rest.ts';
import { IDLE_REASON, SchwabStreamer, type RequestOutcome } from './streamer.ts';

let harness: DemoHarness | null = null;
const others: SchwabStreamer[] = [];
afterEach(async () => {
  for (const other of others.splice(0)) await other.stop();
  await harness?.stop();
  harness = null;
});

async function live(options: DemoHarnessOptions = {}): Promise<{ h: DemoHarness; statuses: ConnectionState[]; outcomes: RequestOutcome[] }> {
  const h = await startDemoHarness(options);
  harness = h;
  const statuses: ConnectionState[] = [];
  const outcomes: RequestOutcome[] = [];
  h.streamer.on('status', (s) => statuses.push(s));
  h.streamer.on('request', (o) => outcomes.push(o));
  return { h, statuses, outcomes };
}

const liveNow = (h: DemoHarness) => until(() => h.streamer.status().state === 'live', 'live');

/** Advances the clock in steps, letting every frame and then REST answers in between. */
async function tick(h: DemoHarness, ms: number, stepMs = 250): Promise<void> {
  for (let done = 0; done < ms; done += stepMs) {
    h.clock.advance(Math.min(stepMs, ms - done));
    await h.settle();
    for (let i = 0; i < 30; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Reconnects after the backoff the status announces. */
async function throughReconnect(h: DemoHarness): Promise<void> {
  await until(() => h.streamer.status().state === 'reconnecting', 'reconnecting');
  const status = h.streamer.status();
  if (status.state === 'reconnecting') h.clock.advance(status.nextDelayMs);
  await liveNow(h);
}

describe('1. delayed data', () => {
  it('says delayed while the data says delayed (a login without real-time entitlement), and not once it does not', async () => {
    const { h } = await live({ delayed: true });
    const [symbol] = await contractsAround(h, 'SPY', 1);
    h.streamer.subscribeLevelOneOptions([symbol!]);
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    await h.run(2_000);
    expect(h.streamer.status()).toMatchObject({ state: 'live', delayed: true });

    h.sim.faults.setDelayed(false);
    h.sim.faults.cutSockets();
    await throughReconnect(h);
    await h.run(3_000);
    expect(h.streamer.status()).toMatchObject({ state: 'live', delayed: false });
  });
});

describe('3. the empty-stream close', () => {
  for (const how of ['notify', 'drop'] as const) {
    it(`with nothing subscribed, a close (${how === 'notify' ? 'code 30' : 'a bare drop'}) makes the stream idle, not a reconnect loop; it streams again once something is subscribed`, async () => {
      const { h } = await live({ emptyClose: how });
      h.streamer.start();
      await liveNow(h);
      await tick(h, 5 * 60_000, 1_000);
      expect(h.sim.stats().loginsOk).toBe(1);
      expect(h.streamer.stats().reconnects).toBe(0);
      expect(h.streamer.status()).toMatchObject({ state: 'stopped', reason: IDLE_REASON });

      h.streamer.subscribeLevelOneEquities(['SPY']);
      await liveNow(h);
      await tick(h, 60_000, 1_000);
      expect(h.streamer.status().state).toBe('live');
      expect(h.sim.stats().loginsOk).toBe(2);
      expect(h.sim.stats().subscribedKeys).toEqual({ LEVELONE_EQUITIES: 1 });
    });
  }

  it('never leaves the server without a key while the subscriptions move from one service to another (no code 30, no reconnect)', async () => {
    const { h, statuses } = await live();
    const [symbol] = await contractsAround(h, 'SPY', 1);
    const off = h.streamer.subscribeLevelOneOptions([symbol!]);
    h.streamer.start();
    await liveNow(h);
    await h.run(2_000);
    off();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    await h.run(5_000);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'live']);
    expect(h.sim.stats().loginsOk).toBe(1);
    expect(h.sim.stats().subscribedKeys).toEqual({ LEVELONE_EQUITIES: 1 });
  });
});

describe('4. userPreference fails now and then', () => {
  it('is tried again in place with backoff on the clock, the status saying why: no reconnect, so no gap', async () => {
    const { h, statuses } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.sim.faults.failPreferences(3);
    h.streamer.start();
    await tick(h, 20_000, 50);
    expect(h.streamer.status().state).toBe('live');
    expect(statuses.map((s) => s.state)).not.toContain('reconnecting');
    expect(h.streamer.stats().reconnects).toBe(0);
    const retries = statuses.filter((s) => s.state === 'connecting' && s.reason !== undefined);
    expect(retries).toHaveLength(3);
    for (const s of retries) expect(s).toMatchObject({ reason: expect.stringMatching(/^userPreference failed \(Schwab \/trader\/v1\/userPreference: server error 500\); trying again in \d+ s$/) });
    // Each wait at least half of 0.5 s, 1 s, 2 s (equal jitter), in clock time.
    const since = retries.map((s) => s.since);
    expect(since[1]! - since[0]!).toBeGreaterThanOrEqual(250);
    expect(since[2]! - since[1]!).toBeGreaterThanOrEqual(500);
    expect(h.sim.stats().loginsOk).toBe(1);
  });

  it('after its tries the failure counts as a failed connection, retried with the reconnect backoff', async () => {
    const { h, statuses } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.sim.faults.failPreferences(5);
    h.streamer.start();
    await tick(h, 60_000, 100);
    expect(h.streamer.status().state).toBe('live');
    expect(statuses.filter((s) => s.state === 'reconnecting')).toHaveLength(1);
    expect(statuses.find((s) => s.state === 'reconnecting')).toMatchObject({ reason: expect.stringMatching(/^cannot start a session: Schwab \/trader\/v1\/userPreference: server error 500/) });
  });

  it('a 401 from userPreference gets a fresh access token before the next try', async () => {
    const { h, statuses } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.expireAccessTokens();
    h.sim.faults.cutSockets();
    await until(() => h.streamer.status().state === 'reconnecting', 'reconnecting');
    await tick(h, 10_000, 100);
    expect(h.streamer.status().state).toBe('live');
    expect(h.sim.stats().loginsOk).toBe(2);
    expect(statuses.some((s) => s.state === 'connecting' && /not authorized \(401\)/.test(s.reason ?? ''))).toBe(true);
  });
});

describe('5. app keys and secrets of any length', () => {
  const app = { appKey: 'Ab3'.repeat(16), appSecret: 'Zy9x'.repeat(16), callbackUrl: 'https://127.0.0.1:8182' };

  it('a 48-character app key and a 64-character secret pass the sign-in form, the contract, the OAuth exchange and stream', async () => {
    expect(app.appKey).toHaveLength(48);
    expect(app.appSecret).toHaveLength(64);
    expect(validateRequest(api.auth.begin.channel, app, 'feed')).toMatchObject({ ok: true });
    expect(checkAppInput(app, 'https://api.schwabapi.com')).toMatchObject({ appKey: app.appKey, appSecret: app.appSecret });
    const { h } = await live({ app });
    const rest = new SchwabRest({ apiBase: h.sim.apiBase, clock: h.clock });
    const authorize = await fetch(rest.authorizeUrl(app.appKey, app.callbackUrl), { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code');
    const tokens = await rest.exchangeCode(app, code ?? '', app.callbackUrl);
    expect(tokens.access_token).toMatch(/^I0\./);
    expect((await rest.refresh(app, tokens.refresh_token ?? '')).access_token).toMatch(/^I0\./);
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
  });
});

describe('6. chains too big for the gateway', () => {
  it('every chain request is limited by strikes and dates; an unlimited chain of a big root is the gateway 502', async () => {
    const { h } = await live({ chainContractLimit: 400 });
    const token = await h.tokens.getAccessToken();
    const whole = await fetch(`${h.sim.apiBase}/marketdata/v1/chains?symbol=SPY`, { headers: { Authorization: `Bearer ${token}` } });
    expect(whole.status).toBe(502);
    expect(await whole.json()).toEqual({ fault: { faultstring: 'Body buffer overflow', detail: { errorcode: 'protocol.http.TooBigBody' } } });

    // The picker's ask: 24 strikes of the nearest 4 expiries (and one more, should one close today).
    const picker = await h.rest.chains(token, 'SPY', { strikeCount: 24, expiries: 4 });
    expect(Object.keys(picker.callExpDateMap)).toHaveLength(5);
    expect(picker.numberOfContracts).toBe(24 * 5 * 2);
    // A caller that gives only strikes (record --chain) still sends dates: the nearest 4 expiries.
    const strikesOnly = await h.rest.chains(token, 'SPY', { strikeCount: 10 });
    expect(Object.keys(strikesOnly.putExpDateMap)).toHaveLength(5);

    h.sim.faults.setChainLimit(10);
    await expect(h.rest.chains(token, 'SPY', { strikeCount: 24, expiries: 4 })).rejects.toMatchObject({
      kind: 'too-big',
      transient: false,
      message: expect.stringMatching(/Body buffer overflow\); ask fewer strikes or dates$/),
    });
    expect(h.sim.stats().chainsTooBig).toBe(2);
  });
});

describe('7. the REST budget (about 120 requests a minute)', () => {
  it('every SchwabRest on a clock shares one limiter: past 120 a minute requests wait their turn, none is dropped, none meets a 429', async () => {
    const { h } = await live();
    const token = await h.tokens.getAccessToken();
    const a = new SchwabRest({ apiBase: h.sim.apiBase, clock: h.clock });
    const b = new SchwabRest({ apiBase: h.sim.apiBase, clock: h.clock });
    const before = h.sim.stats().restRequests;
    const calls = Array.from({ length: 130 }, (_, i) =>
      (i % 2 === 0 ? a : b).quotes(token, ['SPY']).then(
        (answer) => ('SPY' in answer ? 'ok' : 'no SPY'),
        (error: unknown) => (error as Error).message,
      ),
    );
    await until(() => h.sim.stats().restRequests - before >= 120, 'the first 120');
    for (let i = 0; i < 200; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    // The minute's budget went out; the rest waits on the clock.
    expect(h.sim.stats().restRequests - before).toBe(120);
    h.clock.advance(REST_WINDOW_MS);
    expect((await Promise.all(calls)).filter((result) => result !== 'ok')).toEqual([]);
    expect(h.sim.stats().restRequests - before).toBe(130);
    expect(h.sim.stats().restRateLimited).toBe(0);
    expect(a.limiter).toBe(b.limiter);
    expect(a.limiter.stats()).toMatchObject({ sent: 130, delayed: 10, waiting: 0 });
  });

  it('the simulator answers 429 past its budget, and serves again a minute later', async () => {
    const { h } = await live({ restPerMinute: 5 });
    const token = await h.tokens.getAccessToken();
    const get = () => fetch(`${h.sim.apiBase}/marketdata/v1/quotes?symbols=SPY`, { headers: { Authorization: `Bearer ${token}` } });
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ errors: [{ status: '429', title: 'Too Many Requests' }] });
    // The token service is not in the budget.
    expect((await h.tokens.getAccessToken({ force: true })).length).toBeGreaterThan(0);
    h.clock.advance(60_000);
    expect((await get()).status).toBe(200);
    expect(h.sim.stats().restRateLimited).toBe(1);
  });
});

describe('8. a second API streamer on the login (code 12)', () => {
  it('says in words that another application streams on this login, never fights it, and streams again on the user\'s word', async () => {
    const { h } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    // Another Fathom or a script logs in with the same login: Schwab drops the first (code 12).
    const other = new SchwabStreamer({ tokens: h.tokens, streamerInfo: (token) => h.rest.streamerInfo(token), clock: h.clock, random: seededRandom(9), source: 'demo' });
    others.push(other);
    other.subscribeLevelOneEquities(['QQQ']);
    other.start();
    await until(() => h.streamer.status().state === 'error', 'takeover');
    expect(h.streamer.status()).toMatchObject({
      state: 'error',
      reason: expect.stringMatching(/^another application is streaming on this login; close it \(thinkorswim's API streams, another Fathom, a script\)/),
    });
    // Three minutes on, it has not tried to connect again.
    const connections = h.streamer.stats().connections;
    await tick(h, 180_000, 2_000);
    expect(h.streamer.stats().connections).toBe(connections);
    expect(h.streamer.status().state).toBe('error');

    await other.stop();
    expect(h.streamer.resume()).toBe(true);
    await liveNow(h);
    expect(h.streamer.stats().connections).toBe(connections + 1);
    expect(h.streamer.resume()).toBe(false);
  });
});

describe('9. 1011 closes', () => {
  it('a close with 1011 "keepalive ping timeout" after a network loss is retried like any drop', async () => {
    const { h, statuses } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    h.sim.faults.close1011();
    await throughReconnect(h);
    expect(statuses.find((s) => s.state === 'reconnecting')).toMatchObject({ reason: 'socket closed (1011 keepalive ping timeout)' });
    await h.run(2_000);
    expect(h.sim.stats().loginsOk).toBe(2);
    expect(h.sim.stats().subscribedKeys).toEqual({ LEVELONE_EQUITIES: 1 });
  });
});

describe('10. VIEW is unreliable', () => {
  it('a field change subscribes the keys again instead of VIEW, so a server that ignores VIEW still applies it; later ADDs and reconnects keep it', async () => {
    const { h } = await live({ intensity: 5 });
    h.sim.faults.ignoreView();
    const [a, b] = await contractsAround(h, 'SPY', 1);
    const items: { at: number; fields: string[] }[] = [];
    h.streamer.on('frame', ({ text }) => {
      const frame = JSON.parse(text) as { data?: { service: string; content: Record<string, unknown>[] }[] };
      for (const block of frame.data ?? []) {
        if (block.service !== 'LEVELONE_OPTIONS') continue;
        for (const item of block.content) items.push({ at: items.length, fields: Object.keys(item).filter((k) => /^\d+$/.test(k)) });
      }
    });
    h.streamer.subscribeLevelOneOptions([a!]);
    h.streamer.start();
    await liveNow(h);
    await h.run(5_000);
    expect(items.some((i) => i.fields.some((f) => f !== '2' && f !== '3'))).toBe(true);

    const outcome = await h.streamer.view('LEVELONE_OPTIONS', '0,2,3');
    expect(outcome).toMatchObject({ command: 'SUBS', ok: true, keys: [a] });
    const from = items.length;
    h.streamer.subscribeLevelOneOptions([b!]);
    await h.run(20_000);
    const after = items.slice(from);
    expect(after.length).toBeGreaterThan(3);
    for (const item of after) for (const f of item.fields) expect(['2', '3']).toContain(f);
    const requests = h.sim.stats().requests;
    expect(requests['LEVELONE_OPTIONS/VIEW']).toBeUndefined();
    expect(requests['LEVELONE_OPTIONS/ADD']?.lastFields).toBe('0,2,3');

    h.sim.faults.cutSockets();
    await throughReconnect(h);
    await h.run(1_000);
    expect(h.sim.stats().requests['LEVELONE_OPTIONS/SUBS']?.lastFields).toBe('0,2,3');
  });
});

describe('a request the server never answers', () => {
  it('gives the connection up at the request timeout and subscribes the current set on the next one, instead of stalling', async () => {
    const { h } = await live();
    h.streamer.subscribeLevelOneEquities(['SPY']);
    h.streamer.start();
    await liveNow(h);
    await h.run(1_000);
    // The answer to the next request is lost (the server applies it but says nothing for 15 s).
    h.sim.faults.goSilent(15_000);
    h.streamer.subscribeLevelOneEquities(['QQQ']);
    await tick(h, 12_000, 250);
    expect(h.streamer.stats().connections).toBe(2);
    await tick(h, 8_000, 250);
    expect(h.streamer.status().state).toBe('live');
    expect(h.sim.stats().subscribedKeys).toEqual({ LEVELONE_EQUITIES: 2 });
  });
});
