// The server over the real simulated market (the default): chain to subscription, deltas that
// carry only changed fields at the conflation spacing, deep books, bars with seq.
import { describe, expect, it } from 'vitest';
import type { DataItem } from '../../schwab/protocol.ts';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { startSimulator, type Simulator } from './simulator.ts';
import { accessToken, getJson, loggedInClient, stopAfterEach } from './simulator.testkit.ts';

const stopLater = stopAfterEach();

/** 10:00 ET on a Thursday: the market is open. */
const OPEN = Date.UTC(2025, 0, 2, 15, 0, 0);

async function setup(bookLevels: number) {
  const clock = new ManualClock(OPEN);
  const sim = stopLater(await startSimulator({ clock, seed: 7, intensity: 5, bookLevels }));
  return { clock, sim };
}

async function nearMoneyContracts(sim: Simulator, count: number): Promise<string[]> {
  const token = await accessToken(sim);
  const { status, body } = await getJson(
    sim,
    '/marketdata/v1/chains?symbol=SPY&strikeCount=4&contractType=CALL',
    token,
  );
  expect(status).toBe(200);
  const chain = body as { callExpDateMap: Record<string, Record<string, { symbol: string }[]>> };
  const symbols = Object.values(chain.callExpDateMap).flatMap((byStrike) =>
    Object.values(byStrike).flatMap((list) => list.map((c) => c.symbol)),
  );
  expect(symbols.length).toBeGreaterThanOrEqual(count);
  return symbols.slice(0, count);
}

function numeric(item: DataItem): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => /^\d+$/.test(k)));
}

describe('the default simulated market behind the server', () => {
  it('streams Level 1 snapshots then changed-field deltas at most once per second per key', async () => {
    const { clock, sim } = await setup(10);
    const contracts = await nearMoneyContracts(sim, 4);
    const client = await loggedInClient(sim);
    const fields = '0,2,3,4,8,9,10,16,17,18,28,35,37,38,39';
    await client.response(
      client.request('LEVELONE_OPTIONS', 'SUBS', { keys: contracts.join(','), fields }),
    );
    await client.response(
      client.request('LEVELONE_EQUITIES', 'SUBS', { keys: 'SPY', fields: '0,1,2,3,8' }),
    );
    for (let i = 0; i < 120; i++) clock.advance(500);
    await client.ping('done');

    for (const key of [...contracts, 'SPY']) {
      const service = key === 'SPY' ? 'LEVELONE_EQUITIES' : 'LEVELONE_OPTIONS';
      const updates = client.items(service, key);
      expect(updates.length).toBeGreaterThan(1);
      const [snapshot, ...deltas] = updates;
      expect(snapshot?.item).toMatchObject({ delayed: false, cusip: '' });
      const merged = numeric(snapshot?.item ?? { key });
      for (let i = 0; i < deltas.length; i++) {
        const delta = deltas[i];
        const previous = updates[i];
        if (!delta || !previous) continue;
        expect(delta.timestamp - previous.timestamp).toBeGreaterThanOrEqual(1_000);
        expect(delta.item.assetMainType).toBeUndefined();
        const changed = numeric(delta.item);
        expect(Object.keys(changed).length).toBeGreaterThan(0);
        for (const [field, value] of Object.entries(changed)) expect(merged[field]).not.toBe(value);
        Object.assign(merged, changed);
      }
    }
    expect(sim.market.truth().length).toBeGreaterThan(0);
    client.close();
  });

  for (const levels of [1, 50]) {
    it(`sends whole books of up to ${levels} level(s) per side, best first`, async () => {
      const { clock, sim } = await setup(levels);
      const [contract = ''] = await nearMoneyContracts(sim, 1);
      const client = await loggedInClient(sim);
      await client.response(
        client.request('OPTIONS_BOOK', 'SUBS', { keys: contract, fields: '0,1,2,3' }),
      );
      await client.item('OPTIONS_BOOK', contract);
      for (let i = 0; i < 20; i++) clock.advance(500);
      await client.ping('books');
      const books = client.items('OPTIONS_BOOK', contract);
      for (let i = 1; i < books.length; i++)
        expect((books[i]?.timestamp ?? 0) - (books[i - 1]?.timestamp ?? 0)).toBeGreaterThanOrEqual(
          1_000,
        );
      type Level = { '0': number; '1': number; '2': number; '3': { '1': number }[] };
      for (const { item } of books) {
        const bids = item['2'] as Level[];
        const asks = item['3'] as Level[];
        expect(bids.length).toBeLessThanOrEqual(levels);
        expect(asks.length).toBeLessThanOrEqual(levels);
        if (levels === 50) expect(bids.length).toBeGreaterThan(1);
        for (let i = 1; i < bids.length; i++)
          expect(bids[i]?.['0']).toBeLessThan(bids[i - 1]?.['0'] ?? 0);
        for (let i = 1; i < asks.length; i++)
          expect(asks[i]?.['0']).toBeGreaterThan(asks[i - 1]?.['0'] ?? 0);
        for (const level of [...bids, ...asks])
          expect(level['1']).toBe(level['3'].reduce((sum, venue) => sum + venue['1'], 0));
      }
      client.close();
    });
  }

  it('sends minute bars with increasing seq, and recent ones again on a new subscription', async () => {
    const { clock, sim } = await setup(5);
    const client = await loggedInClient(sim);
    await client.response(
      client.request('CHART_EQUITY', 'SUBS', { keys: 'SPY', fields: '0,1,2,3,4,5,6,7,8' }),
    );
    for (let i = 0; i < 4 * 60; i++) clock.advance(1_000);
    await client.ping('bars');
    const seqs = client.items('CHART_EQUITY', 'SPY').map((b) => b.item.seq as number);
    expect(seqs.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? 0);
    client.close();
    const again = await loggedInClient(sim);
    await again.response(
      again.request('CHART_EQUITY', 'SUBS', { keys: 'SPY', fields: '0,1,2,3,4,5,6,7,8' }),
    );
    const repeat = (await again.data('CHART_EQUITY', 'SPY')).content.map((i) => i.seq as number);
    expect(repeat).toEqual(seqs.slice(-repeat.length));
    again.close();
  });

  it('answers quotes for underlyings and contracts from the market', async () => {
    const { sim } = await setup(1);
    const [contract = ''] = await nearMoneyContracts(sim, 1);
    const token = await accessToken(sim);
    const { status, body } = await getJson(
      sim,
      `/marketdata/v1/quotes?symbols=${encodeURIComponent(`SPY,${contract}`)}`,
      token,
    );
    expect(status).toBe(200);
    const quotes = body as Record<string, { quote: { bidPrice: number; askPrice: number } }>;
    for (const symbol of ['SPY', contract])
      expect(quotes[symbol]?.quote.askPrice).toBeGreaterThanOrEqual(
        quotes[symbol]?.quote.bidPrice ?? Infinity,
      );
  });
});
