// Level 1 delivery over real sockets: snapshots and conflated deltas, field lists, the
// symbol cap and the market's watch list.
import { describe, expect, it, vi } from 'vitest';
import type { DataItem } from '../../schwab/protocol.ts';
import { SCRIPTED_CALL, SCRIPTED_PUT } from './scripted-market.testkit.ts';
import { loggedInClient, scriptedPerTest, subscribeScriptedCall } from './simulator.testkit.ts';

const OPTION_FIELDS = '0,2,3,4,8,16,17,18,37';
const setup = scriptedPerTest();

function numericKeys(item: DataItem): string[] {
  return Object.keys(item)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b));
}

describe('LEVELONE_OPTIONS / LEVELONE_EQUITIES (Change delivery)', () => {
  it('sends a snapshot with meta keys and every subscribed field, then deltas of changed fields only', async () => {
    const { sim, clock, market } = await setup();
    const client = await loggedInClient(sim);
    const snapshot = await subscribeScriptedCall(client, OPTION_FIELDS);
    expect(snapshot).toMatchObject({
      key: SCRIPTED_CALL,
      delayed: false,
      assetMainType: 'OPTION',
      cusip: '',
      '2': 1,
      '3': 1.1,
      '4': 1.05,
      '8': 10,
    });
    expect(numericKeys(snapshot)).toEqual(['2', '3', '4', '8', '16', '17', '18', '37']);

    market.setOption(SCRIPTED_CALL, { bid: 1.01 });
    clock.advance(1_200);
    expect(await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL)).toEqual({
      key: SCRIPTED_CALL,
      '2': 1.01,
    });

    // A same-price trade: only volume and last size change.
    market.setOption(SCRIPTED_CALL, { volume: 15, lastSize: 5 });
    clock.advance(1_000);
    expect(await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL)).toEqual({
      key: SCRIPTED_CALL,
      '8': 15,
      '18': 5,
    });

    // Nothing changed: nothing sent.
    clock.advance(5_000);
    await client.ping('quiet');
    expect(client.items('LEVELONE_OPTIONS', SCRIPTED_CALL)).toHaveLength(3);
    client.close();
  });

  it('conflates: at most one update per key per conflationMs, carrying the latest values', async () => {
    const { sim, clock, market } = await setup({ conflationMs: 1_000 });
    const client = await loggedInClient(sim);
    await client.ask('LEVELONE_OPTIONS', 'SUBS', {
      keys: `${SCRIPTED_CALL},${SCRIPTED_PUT}`,
      fields: OPTION_FIELDS,
    });
    for (let i = 1; i <= 60; i++) {
      market.setOption(SCRIPTED_CALL, { bid: 1 + i / 100, volume: 10 + i });
      market.setOption(SCRIPTED_PUT, { ask: 2 + i / 100 });
      clock.advance(100);
    }
    await client.ping('done');
    for (const key of [SCRIPTED_CALL, SCRIPTED_PUT]) {
      const updates = client.items('LEVELONE_OPTIONS', key);
      expect(updates.length).toBeGreaterThanOrEqual(5);
      expect(updates.length).toBeLessThanOrEqual(7);
      for (let i = 1; i < updates.length; i++) {
        const gap = (updates[i]?.timestamp ?? 0) - (updates[i - 1]?.timestamp ?? 0);
        expect(gap).toBeGreaterThanOrEqual(1_000);
      }
      expect(updates[0]?.item.assetMainType).toBe('OPTION');
      for (const update of updates.slice(1)) expect(update.item.assetMainType).toBeUndefined();
    }
    const calls = client.items('LEVELONE_OPTIONS', SCRIPTED_CALL).slice(1);
    for (const { item } of calls) expect(numericKeys(item)).toEqual(['2', '8']);
    const puts = client.items('LEVELONE_OPTIONS', SCRIPTED_PUT).slice(1);
    for (const { item } of puts) expect(numericKeys(item)).toEqual(['3']);
    // Several keys of one service can share a block.
    expect(
      client.received.some(
        (r) => r.frame?.kind === 'data' && r.frame.blocks.some((b) => b.content.length > 1),
      ),
    ).toBe(true);
    client.close();
  });

  it('equities carry assetSubType; unknown symbols get success and nothing else', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    const id = client.request('LEVELONE_EQUITIES', 'SUBS', {
      keys: 'SPY,AAPL,NOPE',
      fields: '0,1,2,3,8',
    });
    expect((await client.response(id)).content.code).toBe(0);
    expect(await client.item('LEVELONE_EQUITIES', 'SPY')).toMatchObject({
      delayed: false,
      assetMainType: 'EQUITY',
      assetSubType: 'ETF',
      cusip: '',
      '1': 499.9,
    });
    const options = client.request('LEVELONE_OPTIONS', 'ADD', {
      keys: 'XYZ   250117C00500000,garbage',
      fields: OPTION_FIELDS,
    });
    expect((await client.response(options)).content.code).toBe(0);
    clock.advance(5_000);
    await client.ping('after');
    expect(client.items('LEVELONE_EQUITIES', 'AAPL')[0]?.item.assetSubType).toBe('COE');
    expect(client.items('LEVELONE_EQUITIES', 'NOPE')).toEqual([]);
    expect(client.items('LEVELONE_OPTIONS', 'garbage')).toEqual([]);
    expect(client.items('LEVELONE_OPTIONS', 'XYZ   250117C00500000')).toEqual([]);
    client.close();
  });

  it('VIEW and ADD replace the service field list for every key; SUBS re-snapshots', async () => {
    const { sim, clock } = await setup();
    const client = await loggedInClient(sim);
    await subscribeScriptedCall(client, '0,2,3');
    expect((await client.ask('LEVELONE_OPTIONS', 'VIEW', { fields: '0,2,3,9' })).content.msg).toBe(
      'VIEW command succeeded',
    );
    clock.advance(1_200);
    expect(await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL)).toEqual({
      key: SCRIPTED_CALL,
      '9': 100,
    });

    // ADD with another list: the last list applies to the existing key too.
    await client.ask('LEVELONE_OPTIONS', 'ADD', { keys: SCRIPTED_PUT, fields: '0,2,16' });
    const put = await client.item('LEVELONE_OPTIONS', SCRIPTED_PUT);
    expect(numericKeys(put)).toEqual(['2', '16']);
    clock.advance(1_200);
    expect(await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL)).toEqual({
      key: SCRIPTED_CALL,
      '16': 10,
    });

    // SUBS with the same key starts it over with a snapshot.
    await client.ask('LEVELONE_OPTIONS', 'SUBS', { keys: SCRIPTED_CALL, fields: '0,2,16' });
    expect(await client.item('LEVELONE_OPTIONS', SCRIPTED_CALL)).toMatchObject({
      assetMainType: 'OPTION',
      '2': 1,
      '16': 10,
    });
    expect((await client.ask('LEVELONE_OPTIONS', 'VIEW', {})).content.code).toBe(21);
    client.close();
  });

  it('SUBS without fields on a fresh service is bad formatting; ADD without fields keeps the list', async () => {
    const { sim } = await setup();
    const client = await loggedInClient(sim);
    expect((await client.ask('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY' })).content.code).toBe(21);
    expect(
      (await client.ask('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1' })).content.code,
    ).toBe(0);
    expect((await client.ask('LEVELONE_EQUITIES', 'ADD', { keys: 'AAPL' })).content.code).toBe(0);
    expect(numericKeys(await client.item('LEVELONE_EQUITIES', 'AAPL'))).toEqual(['1']);
    expect((await client.ask('LEVELONE_EQUITIES', 'ADD', { fields: '0,1' })).content.code).toBe(21);
    client.close();
  });

  it('caps keys per service with code 19 and serves the accepted ones (docs/schwab-streaming.md §3.10 checklist 10)', async () => {
    const { sim } = await setup({ symbolLimit: 2 });
    const client = await loggedInClient(sim);
    const id = client.request('LEVELONE_OPTIONS', 'SUBS', {
      keys: `${SCRIPTED_CALL},${SCRIPTED_PUT},SPY   250117C00510000`,
      fields: OPTION_FIELDS,
    });
    expect((await client.response(id)).content).toEqual({
      code: 19,
      msg: "You've reached the maximum number of symbols allowed.  (LEVELONE_OPTIONS=2, DISCARDED=1)",
    });
    const block = await client.data('LEVELONE_OPTIONS');
    expect(block.content.map((i) => i.key)).toEqual([SCRIPTED_CALL, SCRIPTED_PUT]);
    expect(sim.stats().subscribedKeys).toEqual({ LEVELONE_OPTIONS: 2 });
    const add = client.request('LEVELONE_OPTIONS', 'ADD', {
      keys: `${SCRIPTED_CALL},SPY   250117P00510000`,
      fields: OPTION_FIELDS,
    });
    expect((await client.response(add)).content.msg).toContain('(LEVELONE_OPTIONS=2, DISCARDED=1)');
    client.close();
  });

  it('tells the market which option contracts are subscribed', async () => {
    const { sim, market } = await setup();
    const client = await loggedInClient(sim);
    await client.ask('LEVELONE_OPTIONS', 'SUBS', { keys: SCRIPTED_CALL, fields: OPTION_FIELDS });
    await client.ask('OPTIONS_BOOK', 'SUBS', { keys: SCRIPTED_PUT, fields: '0,1,2,3' });
    await client.ask('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1' });
    expect([...market.watched].sort()).toEqual([SCRIPTED_CALL, SCRIPTED_PUT].sort());
    await client.ask('LEVELONE_OPTIONS', 'UNSUBS', { keys: SCRIPTED_CALL });
    expect(market.watched).toEqual([SCRIPTED_PUT]);
    expect(sim.stats().requests['LEVELONE_OPTIONS/SUBS']).toEqual({
      count: 1,
      keys: 1,
      lastFields: OPTION_FIELDS,
      lastKeys: SCRIPTED_CALL,
    });
    client.close();
    await vi.waitFor(() => expect(sim.stats().connectionsOpen).toBe(0));
    expect(market.watched).toEqual([]);
  });
});
