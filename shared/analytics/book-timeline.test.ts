import { describe, expect, it } from 'vitest';
import type { BookEvent, BookTimeline, TimelineColumn, TimelinePrint } from '../domain/book-events.ts';
import { TIMELINE_LEVELS, TIMELINE_SPAN_MS } from '../domain/book-events.ts';
import type { Book, BookLevel } from '../domain/market.ts';
import { BookTimelineBuffer, toTimelineColumn, toTimelinePrint, touchMetrics } from './book-timeline.ts';
import { column, level, print, seededRandom, T0 } from './book-timeline.testkit.ts';

const SYMBOL = 'SPY   251219C00600000';

const bookLevel = (price: number, venues: [string, number][]): BookLevel => ({
  price,
  size: venues.reduce((sum, [, size]) => sum + size, 0),
  venueCount: venues.length,
  venues: venues.map(([venue, size], i) => ({ venue, size, quoteTimeEtMs: 38_000_000 + i })),
});

describe('toTimelineColumn', () => {
  it('keeps the snapshot time, the best TIMELINE_LEVELS a side, and venues largest first', () => {
    const book: Book = {
      symbol: SYMBOL,
      time: T0,
      receivedAt: T0 + 5,
      bids: Array.from({ length: 12 }, (_, i) => bookLevel(1.2 - i / 100, [['CBOE', 5], ['PHLX', 9], ['ISEX', 9]])),
      asks: [bookLevel(1.3, [['MIAX', 1], ['AMEX', 7]])],
    };
    const col = toTimelineColumn(book);
    expect(col.time).toBe(T0);
    expect(col.bids).toHaveLength(TIMELINE_LEVELS);
    expect(col.bids[9]?.price).toBe(book.bids[9]?.price);
    expect(col.bids[0]).toEqual({ price: 1.2, size: 23, venues: [['PHLX', 9, 38_000_001], ['ISEX', 9, 38_000_002], ['CBOE', 5, 38_000_000]] });
    expect(col.asks).toEqual([{ price: 1.3, size: 8, venues: [['AMEX', 7, 38_000_001], ['MIAX', 1, 38_000_000]] }]);
  });
});

describe('toTimelinePrint', () => {
  it('takes the flow id, first print time, weighted price, size, side, direction and bust flag', () => {
    const flow = { id: 'f1', time: T0, price: 1.31, size: 120, side: 'ABOVE_ASK' as const, direction: 'BUY' as const, cancelled: true };
    expect(toTimelinePrint(flow)).toEqual({ flowId: 'f1', time: T0, price: 1.31, size: 120, side: 'ABOVE_ASK', direction: 'BUY', cancelled: true });
    // Flows stored before version 3 carry no bust flag: not busted.
    const { cancelled: _, ...older } = flow;
    expect(toTimelinePrint(older).cancelled).toBe(false);
  });
});

const simple = (time: number, size = 10): TimelineColumn => column(time, [level(1.2, [['PHLX', size]])], [level(1.3, [['CBOE', size]])]);
const event = (time: number, venue = 'CBOE'): BookEvent => ({
  id: `${SYMBOL}:${time}:pull:ask:${venue}`,
  symbol: SYMBOL,
  kind: 'pull',
  rule: 'PULL_NO_PRINT',
  side: 'ask',
  venue,
  price: 1.3,
  size: 10,
  time,
  reason: 'test',
});

describe('BookTimelineBuffer', () => {
  it('keeps only the last span of market time, oldest first', () => {
    const buffer = new BookTimelineBuffer(SYMBOL, 10_000);
    for (let t = 0; t <= 20_000; t += 1000) buffer.addColumn(simple(T0 + t));
    expect(buffer.columns.map((c) => c.time - T0)).toEqual(Array.from({ length: 11 }, (_, i) => 10_000 + i * 1000));
    buffer.upsertPrint(print('old', T0 + 9_999, 1.3, 5));
    expect(buffer.prints).toEqual([]);
    buffer.upsertPrint(print('p', T0 + 15_000, 1.3, 5));
    buffer.addEvents([event(T0 + 25_000)]);
    // The event is the newest item: columns before 15 s are gone.
    expect(buffer.columns[0]?.time).toBe(T0 + 15_000);
    expect(buffer.prints.map((p) => p.flowId)).toEqual(['p']);
  });

  it('defaults to TIMELINE_SPAN_MS', () => {
    expect(new BookTimelineBuffer(SYMBOL).spanMs).toBe(TIMELINE_SPAN_MS);
  });

  it('puts items in time order when one arrives late, and a column of the same time replaces the one held', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    buffer.addColumn(simple(T0 + 2000));
    buffer.addColumn(simple(T0));
    buffer.addColumn(simple(T0 + 1000));
    buffer.addColumn(simple(T0 + 1000, 99));
    expect(buffer.columns.map((c) => [c.time - T0, c.bids[0]?.size])).toEqual([[0, 10], [1000, 99], [2000, 10]]);
  });

  it('replaces a print by its flow id where it is (a flow that grew or was busted)', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    buffer.upsertPrint(print('a', T0, 1.3, 5));
    buffer.upsertPrint(print('b', T0 + 100, 1.3, 5));
    buffer.upsertPrint({ ...print('a', T0, 1.31, 50), cancelled: true });
    expect(buffer.prints.map((p) => [p.flowId, p.size, p.cancelled])).toEqual([['a', 50, true], ['b', 5, false]]);
  });

  it('holds an event once, however often it is given', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    buffer.addEvents([event(T0), event(T0, 'PHLX')]);
    buffer.addEvents([event(T0)]);
    expect(buffer.events.map((e) => e.venue)).toEqual(['CBOE', 'PHLX']);
  });

  it('refuses another symbol and items without a time', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    expect(() => buffer.apply({ symbol: 'QQQ', columns: [], prints: [], events: [] })).toThrow(/Timeline of QQQ applied to the buffer of SPY/);
    expect(() => buffer.addColumn(simple(Number.NaN))).toThrow(/Bad column time/);
    expect(() => new BookTimelineBuffer(SYMBOL, 0)).toThrow(/Bad timeline span 0/);
  });

  it('a push marked reset replaces the history held', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    buffer.addColumn(simple(T0 + 60_000));
    buffer.upsertPrint(print('a', T0 + 60_000, 1.3, 5));
    buffer.addEvents([event(T0 + 60_000)]);
    // A replay seeked back a minute: older times than anything held, kept because of the reset.
    buffer.apply({ symbol: SYMBOL, reset: true, columns: [simple(T0)], prints: [], events: [event(T0)] });
    expect(buffer.snapshot()).toEqual({ symbol: SYMBOL, columns: [simple(T0)], prints: [], events: [event(T0)] });
    expect(buffer.newestTime).toBe(T0);
  });

  it('snapshot() is a copy', () => {
    const buffer = new BookTimelineBuffer(SYMBOL);
    buffer.addColumn(simple(T0));
    const snap = buffer.snapshot();
    snap.columns.length = 0;
    expect(buffer.columns).toHaveLength(1);
  });

  it('applying successive pushes holds exactly what a buffer fed directly holds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const random = seededRandom(seed);
      const direct = new BookTimelineBuffer(SYMBOL, 20_000);
      const mirror = new BookTimelineBuffer(SYMBOL, 20_000);
      let push: BookTimeline = { symbol: SYMBOL, columns: [], prints: [], events: [] };
      let time = T0;
      const printsSoFar: TimelinePrint[] = [];
      for (let i = 0; i < 400; i++) {
        time += Math.floor(random() * 400);
        const r = random();
        if (r < 0.6) {
          const c = simple(time, 1 + Math.floor(random() * 50));
          direct.addColumn(c);
          push.columns.push(c);
        } else if (r < 0.85) {
          // A new flow, or one seen before growing (same id, same first print time).
          const old = printsSoFar[Math.floor(random() * printsSoFar.length)];
          const p = old !== undefined && random() < 0.4 ? { ...old, size: old.size + 1 } : print(`f${i}`, time - Math.floor(random() * 3000), 1.3, 1 + i);
          if (p.flowId === `f${i}`) printsSoFar.push(p);
          direct.upsertPrint(p);
          push.prints.push(p);
        } else {
          const e = event(time, random() < 0.5 ? 'CBOE' : 'PHLX');
          direct.addEvents([e]);
          push.events.push(e);
        }
        if (random() < 0.2) {
          mirror.apply(push);
          push = { symbol: SYMBOL, columns: [], prints: [], events: [] };
        }
      }
      mirror.apply(push);
      expect(mirror.snapshot(), `seed ${seed}`).toEqual(direct.snapshot());
      expect(direct.columns.length).toBeGreaterThan(10);
      expect(direct.columns[0]?.time).toBeGreaterThanOrEqual(direct.newestTime - 20_000);
    }
  });
});

describe('touchMetrics', () => {
  it('reads the live GOOGL touch: 16 venues a side (docs/schwab-streaming.md §9)', () => {
    const book: Book = {
      symbol: 'GOOGL 251212C00315000',
      time: T0,
      receivedAt: T0,
      bids: [bookLevel(5.45, [['S', 24], ['PACX', 21], ['MEMX', 16], ['MIAX', 14], ['AMEX', 10], ['BATS', 9], ['PHLX', 9], ['BOSX', 9], ['EDGX', 7], ['ISEX', 7], ['XBXO', 5], ['MERC', 5], ['CBOE', 4], ['NYSE', 3], ['GMNI', 2], ['NSDQ', 1]])],
      asks: [bookLevel(5.55, [['AMEX', 362], ['CBOE', 291], ['EDGX', 279], ['PHLX', 232], ['BOSX', 156], ['S', 152], ['ISEX', 112], ['MIAX', 99], ['MERC', 76], ['BATS', 70], ['NSDQ', 47], ['GMNI', 39], ['PACX', 37], ['NYSE', 29], ['XBXO', 26], ['MEMX', 22]])],
    };
    const m = touchMetrics(toTimelineColumn(book));
    expect(m).toEqual({
      time: T0,
      bidPrice: 5.45,
      askPrice: 5.55,
      bidSize: 146,
      askSize: 2029,
      spread: 0.1,
      spreadPercent: expect.closeTo((0.1 * 100) / 5.5, 9),
      imbalance: expect.closeTo((146 - 2029) / (146 + 2029), 12),
      bidVenues: 16,
      askVenues: 16,
      notional: Math.round((5.45 * 146 + 5.55 * 2029) * 100 * 100) / 100,
    });
  });

  it('reads an empty side as no price, size 0 and no spread', () => {
    const m = touchMetrics(column(T0, [level(1.2, [['PHLX', 30]])], []));
    expect(m).toMatchObject({ bidPrice: 1.2, askPrice: null, askSize: 0, spread: null, spreadPercent: null, imbalance: 1, askVenues: 0, notional: 3600 });
  });
});
