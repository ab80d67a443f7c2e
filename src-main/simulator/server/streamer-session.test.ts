// The docs/schwab-streaming.md §3.10 checklist over real sockets on loopback, with a ManualClock.
import { describe, expect, it } from 'vitest';
import { isHeartbeat, type AdminNotifyItem } from '../../schwab/protocol.ts';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import {
  accessToken,
  adminCode,
  connectedClient,
  loggedInClient,
  scriptedPerTest,
  TestStreamClient,
} from './simulator.testkit.ts';

const OPTION_FIELDS = '0,2,3,4,8,16,17,18,37';
const setup = scriptedPerTest();

describe('envelope and formatting (docs/schwab-streaming.md §3.10 checklist 1, 4)', () => {
  it('answers code 21 to unparsable frames, unknown services and commands, and missing ids', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    client.sendRaw('not json at all');
    const garbage = await client.next((r) => r.frame?.kind === 'response');
    expect(garbage.frame?.kind === 'response' && garbage.frame.items[0]?.content).toEqual({
      code: 21,
      msg: 'Bad command formatting',
    });
    for (const [service, command] of [
      ['LEVEL_ONE_EQUITIES', 'SUBS'],
      ['LEVELONE_EQUITIES', 'SUBSCRIBE'],
      ['ADMIN', 'SUBS'],
      ['LEVELONE_OPTIONS', 'LOGIN'],
    ] as const) {
      const id = client.request(service, command, { keys: 'SPY', fields: '0,1' });
      expect((await client.response(id)).content.code).toBe(21);
    }
    const noCustomer = {
      service: 'LEVELONE_EQUITIES',
      command: 'SUBS',
      requestid: '50',
      SchwabClientCorrelId: client.ids.correlId,
      parameters: { keys: 'SPY', fields: '0,1' },
    };
    client.sendRaw(JSON.stringify({ requests: [noCustomer] }));
    expect((await client.response('50')).content.code).toBe(21);
    const noCorrel = {
      ...client.build('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1' }, '51'),
      SchwabClientCorrelId: undefined,
    };
    client.sendRaw(JSON.stringify({ requests: [noCorrel] }));
    expect((await client.response('51')).content.code).toBe(21);
    client.close();
  });

  it('accepts a bare request object and echoes a numeric requestid as a string with correl id and timestamp', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    client.sendRaw(
      JSON.stringify({
        ...client.build('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1,2' }, 'x'),
        requestid: 7,
      }),
    );
    const response = await client.response('7');
    expect(response).toEqual({
      service: 'LEVELONE_EQUITIES',
      command: 'SUBS',
      requestid: '7',
      SchwabClientCorrelId: client.ids.correlId,
      timestamp: clock.now(),
      content: { code: 0, msg: 'SUBS command succeeded' },
    });
    client.close();
  });

  it('answers a batch in request order, then sends one snapshot frame for several services', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    client.sendRaw(
      JSON.stringify({
        requests: [
          client.build(
            'LEVELONE_OPTIONS',
            'SUBS',
            { keys: SCRIPTED_CALL, fields: OPTION_FIELDS },
            '10',
          ),
          client.build('TIMESALE_OPTIONS', 'SUBS', { keys: SCRIPTED_CALL, fields: '0,1' }, '11'),
          client.build('LEVELONE_EQUITIES', 'ADD', { keys: 'SPY', fields: '0,1,2,3' }, '12'),
        ],
      }),
    );
    const responses = await Promise.all(['10', '11', '12'].map((id) => client.response(id)));
    expect(responses.map((r) => [r.requestid, r.content.code])).toEqual([
      ['10', 0],
      ['11', 11],
      ['12', 0],
    ]);
    expect(responses[1]?.content.msg).toBe('Service not available or temporary down');
    const data = await client.next((r) => r.frame?.kind === 'data');
    expect(data.frame?.kind === 'data' && data.frame.blocks.map((b) => b.service)).toEqual([
      'LEVELONE_OPTIONS',
      'LEVELONE_EQUITIES',
    ]);
    // Byte fidelity with live captures: a space after the service name.
    expect(data.text).toContain('{"service":"LEVELONE_OPTIONS", "timestamp":');
    const order = client.received.map((r) => r.frame?.kind);
    expect(order.lastIndexOf('response')).toBeLessThan(order.indexOf('data'));
    client.close();
  });

  it('negotiates permessage-deflate when the client offers it', async () => {
    const { sim } = await setup();
    const client = await TestStreamClient.connect(sim.wsUrl);
    expect(client.ws.extensions).toContain('permessage-deflate');
    client.close();
  });
});

describe('LOGIN (docs/schwab-streaming.md §3.10 checklist 2, 3)', () => {
  it('answers code 20 to requests before LOGIN and when the ids change after it', async () => {
    const { sim } = await setup();
    const token = await accessToken(sim);
    const client = await connectedClient(sim, token);
    const id = client.request('LEVELONE_OPTIONS', 'SUBS', {
      keys: SCRIPTED_CALL,
      fields: OPTION_FIELDS,
    });
    expect((await client.response(id)).content.code).toBe(20);
    const login = client.login(token);
    expect((await client.response(login)).content.code).toBe(0);
    const correl = client.ids.correlId;
    client.ids = { ...client.ids, correlId: 'another-correl-id' };
    const changed = client.request('LEVELONE_OPTIONS', 'SUBS', {
      keys: SCRIPTED_CALL,
      fields: OPTION_FIELDS,
    });
    expect((await client.response(changed)).content.code).toBe(20);
    client.ids = { ...client.ids, correlId: correl };
    client.close();
  });

  it('succeeds with code 0 "server=…;status=NP" and a heartbeat right after', async () => {
    const { sim, clock } = await setup();
    const token = await accessToken(sim);
    const client = await connectedClient(sim, token);
    const id = client.login(token);
    const response = await client.response(id);
    expect(response.content.code).toBe(0);
    expect(response.content.msg).toMatch(/^server=[\w-]+;status=NP$/);
    const heartbeat = await client.notify(isHeartbeat, 'heartbeat');
    expect(heartbeat).toEqual({ heartbeat: String(clock.now()) });
    expect(sim.stats().loginsOk).toBe(1);
    client.close();
  });

  for (const [name, authorization] of [
    ['an unknown token', 'I0.not-a-token@'],
    ['a "Bearer " prefix', null],
    ['no Authorization', undefined],
  ] as const) {
    it(`denies ${name} with code 3 and closes`, async () => {
      const { sim } = await setup();
      const token = await accessToken(sim);
      const client = await connectedClient(sim, token);
      const value = authorization === null ? `Bearer ${token}` : authorization;
      const id = client.login(value);
      const response = await client.response(id);
      expect(response.content).toEqual({
        code: 3,
        msg: 'Login Denied.: token is invalid or has expired.',
      });
      expect((await client.closed).code).toBe(1000);
      expect(sim.stats().loginsDenied).toBe(1);
    });
  }

  it('denies an access token older than 1800 s of clock time', async () => {
    const { sim, clock } = await setup();
    const token = await accessToken(sim);
    clock.advance(1_800_000);
    const client = await connectedClient(sim, await accessToken(sim));
    const id = client.login(token);
    expect((await client.response(id)).content.code).toBe(3);
    await client.closed;
  });
});

describe('connection lifetime (docs/schwab-streaming.md §3.10 checklist 7, 8, 9, 11, 12)', () => {
  it('sends a heartbeat every heartbeatMs of clock time', async () => {
    const { sim, clock } = await setup({ heartbeatMs: 10_000 });
    const client = await loggedInClient(sim);
    await client.notify(isHeartbeat, 'first heartbeat');
    const start = clock.now();
    const id = client.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1' });
    await client.response(id);
    clock.advance(10_000);
    expect(await client.notify(isHeartbeat, 'second heartbeat')).toEqual({
      heartbeat: String(start + 10_000),
    });
    clock.advance(10_000);
    expect(await client.notify(isHeartbeat, 'third heartbeat')).toEqual({
      heartbeat: String(start + 20_000),
    });
    client.close();
  });

  it('stops an empty stream after emptyTimeoutMs with notify code 30 and a close', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    clock.advance(29_950);
    await client.ping('before');
    expect(
      client.received.some((r) => r.frame?.kind === 'notify' && r.frame.items.some(adminCode(30))),
    ).toBe(false);
    clock.advance(50);
    const notify = (await client.notify(adminCode(30), 'code 30')) as AdminNotifyItem;
    expect(notify).toEqual({
      service: 'ADMIN',
      timestamp: clock.now(),
      content: { code: 30, msg: 'Stop streaming due to empty subscription' },
    });
    expect((await client.closed).code).toBe(1000);
  });

  it('keeps a subscribed stream past the empty timeout, and stops it when the last key is unsubscribed', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    await client.ask('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY,AAPL', fields: '0,1' });
    clock.advance(40_000);
    await client.ping('alive');
    expect(
      client.received.some((r) => r.frame?.kind === 'notify' && r.frame.items.some(adminCode(30))),
    ).toBe(false);
    await client.ask('LEVELONE_EQUITIES', 'UNSUBS', { keys: 'SPY' });
    const last = client.request('LEVELONE_EQUITIES', 'UNSUBS', { keys: 'AAPL' });
    expect((await client.response(last)).content).toEqual({
      code: 0,
      msg: 'UNSUBS command succeeded',
    });
    await client.notify(adminCode(30), 'code 30 after UNSUBS');
    expect((await client.closed).code).toBe(1000);
  });

  it('a second LOGIN for the same customer stops the older connection with code 12', async () => {
    const { sim } = await setup();
    const older = await loggedInClient(sim);
    const newer = await loggedInClient(sim);
    const notify = (await older.notify(adminCode(12), 'code 12')) as AdminNotifyItem;
    expect(notify.content.msg).toMatch(/another connection/);
    expect((await older.closed).code).toBe(1000);
    await newer.ping('still open');
    expect(newer.ws.readyState).toBe(newer.ws.OPEN);
    newer.close();
  });

  it('LOGOUT answers code 0 "SUCCESS" and closes with 1000', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    const id = client.request('ADMIN', 'LOGOUT');
    expect((await client.response(id)).content).toEqual({ code: 0, msg: 'SUCCESS' });
    expect((await client.closed).code).toBe(1000);
  });
});
