// Books (Whole delivery) and bars (All Sequence delivery) over real sockets.
import { describe, expect, it } from 'vitest';
import { SCRIPTED_CALL } from './scripted-market.testkit.ts';
import { loggedInClient, scriptedPerTest } from './simulator.testkit.ts';

const setup = scriptedPerTest();

describe('OPTIONS_BOOK (Whole delivery)', () => {
  for (const levels of [1, 50]) {
    it(`sends whole books with ${levels} level(s) per side, throttled and only when changed`, async () => {
      const { sim, clock, market } = await setup({ bookLevels: levels, bookIntervalMs: 1_000 });
      const client = await loggedInClient(sim);
      await client.ask('OPTIONS_BOOK', 'SUBS', { keys: SCRIPTED_CALL, fields: '0,1,2,3' });
      const book = await client.item('OPTIONS_BOOK', SCRIPTED_CALL);
      const bids = book['2'] as { '0': number; '1': number; '2': number; '3': unknown[] }[];
      const asks = book['3'] as typeof bids;
      expect(bids).toHaveLength(levels);
      expect(asks).toHaveLength(levels);
      expect(bids[0]).toMatchObject({ '0': 1, '2': 1 });
      expect(bids[0]?.['3']).toEqual([{ '0': 'CBOE', '1': 10, '2': 34_200_000 }]);
      expect(book['1']).toBe(clock.now());
      expect(book.delayed).toBeUndefined();

      clock.advance(3_000);
      await client.ping('unchanged');
      expect(client.items('OPTIONS_BOOK', SCRIPTED_CALL)).toHaveLength(1);

      const level = {
        price: 1.02,
        size: 7,
        venueCount: 1,
        venues: [{ venue: 'MIAX', size: 7, quoteTimeEtMs: 1 }],
      };
      for (let i = 0; i < 10; i++) {
        market.setBook(SCRIPTED_CALL, {
          time: clock.now(),
          bids: [{ ...level, size: 7 + i }],
          asks: [],
        });
        clock.advance(100);
      }
      await client.ping('changed');
      const books = client.items('OPTIONS_BOOK', SCRIPTED_CALL);
      expect(books).toHaveLength(2);
      expect(books[1]?.item['3']).toEqual([]);
      client.close();
    });
  }
});

describe('CHART_EQUITY (All Sequence delivery)', () => {
  it('sends recent bars on SUBS, each new bar once with seq, and repeats recent bars to a reconnecting client', async () => {
    const { sim, clock, market } = await setup();
    for (const close of [500, 501, 502, 503, 504]) market.addBar('SPY', close);
    const client = await loggedInClient(sim);
    await client.ask('CHART_EQUITY', 'SUBS', { keys: 'SPY', fields: '0,1,2,3,4,5,6,7,8' });
    const first = await client.data('CHART_EQUITY', 'SPY');
    expect(first.content.map((i) => i.seq)).toEqual([102, 103, 104]);
    expect(first.content[2]).toMatchObject({ key: 'SPY', seq: 104, '1': 104, '5': 504, '6': 1104 });
    market.addBar('SPY', 505);
    clock.advance(100);
    expect((await client.data('CHART_EQUITY', 'SPY')).content.map((i) => i.seq)).toEqual([105]);
    clock.advance(5_000);
    await client.ping('no repeats');
    expect(client.items('CHART_EQUITY', 'SPY').map((i) => i.item.seq)).toEqual([
      102, 103, 104, 105,
    ]);
    client.close();

    const again = await loggedInClient(sim);
    await again.ask('CHART_EQUITY', 'SUBS', { keys: 'SPY', fields: '0,1,2,3,4,5,6,7,8' });
    expect((await again.data('CHART_EQUITY', 'SPY')).content.map((i) => i.seq)).toEqual([
      103, 104, 105,
    ]);
    again.close();
  });
});
