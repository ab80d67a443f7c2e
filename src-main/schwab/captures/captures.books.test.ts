// Captured book frames, OPTIONS_BOOK and an older equity book (see captures.test.ts and README.md here).
import { describe, expect, it } from 'vitest';
import { venueClockOffset } from '../../../shared/analytics/book.ts';
import { fixedOffsetTimeOfDay, fromPython, iso, newYorkTimeOfDay, published, run } from './captures.testkit.ts';

describe('OPTIONS_BOOK (Schwabdev, GOOGL 251212C00315000, 2025-12-09)', () => {
  const BID = [
    ['S', 24, 50714236],
    ['PACX', 21, 50714140],
    ['MEMX', 16, 50713823],
    ['MIAX', 14, 50713922],
    ['AMEX', 10, 50714017],
    ['BATS', 9, 50713807],
    ['PHLX', 9, 50714079],
    ['BOSX', 9, 50713802],
    ['EDGX', 7, 50714029],
    ['ISEX', 7, 50713814],
    ['XBXO', 5, 50713819],
    ['MERC', 5, 50713823],
    ['CBOE', 4, 50713922],
    ['NYSE', 3, 50713521],
    ['GMNI', 2, 50713801],
    ['NSDQ', 1, 50713806],
  ] as const;
  const ASK = [
    ['AMEX', 362, 50714236],
    ['CBOE', 291, 50713922],
    ['EDGX', 279, 50714029],
    ['PHLX', 232, 50714079],
    ['BOSX', 156, 50713802],
    ['S', 152, 50713806],
    ['ISEX', 112, 50713814],
    ['MIAX', 99, 50713922],
    ['MERC', 76, 50713823],
    ['BATS', 70, 50713807],
    ['NSDQ', 47, 50713806],
    ['GMNI', 39, 50713801],
    ['PACX', 37, 50713527],
    ['NYSE', 29, 50713521],
    ['XBXO', 26, 50713819],
    ['MEMX', 22, 50713823],
  ] as const;
  const venues = (list: readonly (readonly [string, number, number])[]) => list.map(([venue, size, quoteTimeEtMs]) => ({ venue, size, quoteTimeEtMs }));

  it('decodes one price level per side over sixteen venues, each with its size and quote time', () => {
    const { books } = run(published('schwabdev_2025-12-09_options-book.txt'));
    expect(books).toEqual([
      {
        symbol: 'GOOGL 251212C00315000',
        time: 1765307114236,
        receivedAt: 1_000,
        bids: [{ price: 5.45, size: 146, venueCount: 16, venues: venues(BID) }],
        asks: [{ price: 5.55, size: 2029, venueCount: 16, venues: venues(ASK) }],
      },
    ]);
    expect(iso(books[0]!.time)).toBe('2025-12-09T19:05:14.236Z');
    // Field 1 of a level is the sum of its venues' sizes; field 2 is how many there are.
    for (const level of [...books[0]!.bids, ...books[0]!.asks]) {
      expect(level.venues.reduce((sum, v) => sum + v.size, 0)).toBe(level.size);
      expect(level.venues).toHaveLength(level.venueCount);
    }
  });

  it('carries venue quote times as milliseconds since midnight New York time (EST here): the newest is the snapshot time of day', () => {
    const { books } = run(published('schwabdev_2025-12-09_options-book.txt'));
    const book = books[0]!;
    const times = [...book.bids, ...book.asks].flatMap((l) => l.venues.map((v) => v.quoteTimeEtMs));
    expect(Math.max(...times)).toBe(newYorkTimeOfDay(book.time));
    expect(newYorkTimeOfDay(book.time)).toBe(50_714_236); // 14:05:14.236 EST
    expect(fixedOffsetTimeOfDay(book.time, -5)).toBe(50_714_236); // the same thing in December
    // Every venue quoted within the second before the snapshot.
    for (const t of times) expect(newYorkTimeOfDay(book.time) - t).toBeLessThan(1_000);
    // The book window reads this clock as New York time.
    expect(venueClockOffset(book)).toBe(0);
  });
});

describe('an equity book from the TD Ameritrade streamer (tda-api, 2020-05-26, daylight time)', () => {
  it('has venue times one hour behind New York daylight time: on a fixed UTC-5 clock, that is, not New York time', () => {
    const { books } = run(fromPython(published('tda-api_2020-05-26_book.txt'), 'NASDAQ_BOOK'));
    expect(books.map((b) => [b.symbol, iso(b.time), b.bids.length, b.asks.length])).toEqual([
      ['MSFT', '2020-05-26T22:34:02.608Z', 3, 4],
      ['GOOG', '2020-05-26T22:32:03.728Z', 4, 2],
    ]);
    const msft = books[0]!;
    expect(msft.bids[1]).toEqual({
      price: 181.75,
      size: 545,
      venueCount: 2,
      venues: [
        { venue: 'NSDQ', size: 345, quoteTimeEtMs: 62685730 },
        { venue: 'arcx', size: 200, quoteTimeEtMs: 63242588 },
      ],
    });
    const newest = Math.max(...[...msft.bids, ...msft.asks].flatMap((l) => l.venues.map((v) => v.quoteTimeEtMs)));
    expect(newest).toBe(63_242_588);
    expect(newYorkTimeOfDay(msft.time) - newest).toBe(3_600_020); // 18:34:02.608 EDT
    expect(fixedOffsetTimeOfDay(msft.time, -5) - newest).toBe(20);
    // The book window reads it as a standard-time clock and adds the hour back to its ages.
    expect(venueClockOffset(msft)).toBe(3_600_000);
  });
});
