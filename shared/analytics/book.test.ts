import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cumulativeDepth, imbalance, imbalanceOf, isSpreadWide, notional, spreadOf, topOfBook, venueClockOffset } from './book.ts';
import { defaultAppSettings } from '../domain/app-settings.ts';
import type { Book, BookLevel } from '../domain/market.ts';

const level = (price: number, size: number): BookLevel => ({
  price,
  size,
  venueCount: 1,
  venues: [{ venue: 'CBOE', size, quoteTimeEtMs: 34_200_000 }],
});

const book = (bids: BookLevel[], asks: BookLevel[]): Book => ({
  symbol: 'SPY   260116C00600000',
  time: 0,
  receivedAt: 0,
  bids,
  asks,
});

// The single-level shape real option books often have.
const oneLevel = book([level(1.25, 30)], [level(1.3, 10)]);

// The live capture (GOOGL 251212C00315000, Dec 2025, docs/schwab-streaming.md §9): one level per
// side, 16 venues on each, sizes as captured.
const venuesOf = (sizes: [string, number][]) => sizes.map(([venue, size]) => ({ venue, size, quoteTimeEtMs: 50_714_000 }));
const liveBid = venuesOf([['S', 24], ['PACX', 21], ['MEMX', 16], ['MIAX', 14], ['AMEX', 10], ['BATS', 9], ['PHLX', 9], ['BOSX', 9], ['EDGX', 7], ['ISEX', 7], ['XBXO', 5], ['MERC', 5], ['CBOE', 4], ['NYSE', 3], ['GMNI', 2], ['NSDQ', 1]]);
const liveAsk = venuesOf([['AMEX', 362], ['CBOE', 291], ['EDGX', 279], ['PHLX', 232], ['BOSX', 156], ['S', 152], ['ISEX', 112], ['MIAX', 99], ['MERC', 76], ['BATS', 70], ['NSDQ', 47], ['GMNI', 39], ['PACX', 37], ['NYSE', 29], ['XBXO', 26], ['MEMX', 22]]);
const live = book(
  [{ price: 5.45, size: 146, venueCount: 16, venues: liveBid }],
  [{ price: 5.55, size: 2029, venueCount: 16, venues: liveAsk }],
);

// 50 levels a side, a cent apart: bids 1.00 down to 0.51, asks 1.05 up to 1.54, size i + 1.
const fifty = book(
  Array.from({ length: 50 }, (_, i) => level((100 - i) / 100, i + 1)),
  Array.from({ length: 50 }, (_, i) => level((105 + i) / 100, i + 1)),
);

describe('topOfBook', () => {
  it('takes the first level of each side, null when a side is empty', () => {
    expect(topOfBook(oneLevel)).toEqual({ bid: level(1.25, 30), ask: level(1.3, 10) });
    expect(topOfBook(fifty).ask?.price).toBe(1.05);
    expect(topOfBook(book([], [level(1, 1)]))).toEqual({ bid: null, ask: level(1, 1) });
  });
});

describe('spreadOf', () => {
  it('reads the live one-level book from its touch', () => {
    expect(spreadOf(live)).toEqual({ dollars: 0.1, mid: 5.5, percentOfMid: expect.closeTo(1.818181818, 8) });
    expect(notional(live.asks)).toBe(2029 * 555);
    expect(cumulativeDepth(live.bids)).toEqual([{ price: 5.45, size: 146, cumulative: 146 }]);
  });

  it('gives dollars, mid and percent of mid, without double noise in the dollars', () => {
    const s = spreadOf(oneLevel);
    expect(s?.dollars).toBe(0.05); // 1.30 - 1.25 is 0.050000000000000044 in doubles
    expect(s?.mid).toBe(1.275);
    expect(s?.percentOfMid).toBeCloseTo((0.05 / 1.275) * 100, 12);
  });

  it('works on a 50-level book from its touch', () => {
    expect(spreadOf(fifty)).toEqual({
      dollars: 0.05,
      mid: 1.025,
      percentOfMid: expect.closeTo(4.878048780487805, 12),
    });
  });

  it('is null when a side is empty or the mid is not positive', () => {
    expect(spreadOf(book([], [level(1, 1)]))).toBeNull();
    expect(spreadOf(book([level(1, 1)], []))).toBeNull();
    expect(spreadOf(book([level(0, 1)], [level(0, 1)]))).toBeNull();
  });

  it('is negative on a crossed book', () => {
    expect(spreadOf(book([level(1.3, 1)], [level(1.2, 1)]))?.dollars).toBe(-0.1);
  });
});

describe('isSpreadWide', () => {
  it('is true only past the threshold', () => {
    const tenPercent = book([level(0.95, 1)], [level(1.05, 1)]); // 0.10 on a mid of 1.00
    expect(isSpreadWide(tenPercent, 10)).toBe(false);
    expect(isSpreadWide(tenPercent, 9.99)).toBe(true);
    expect(isSpreadWide(oneLevel, 5)).toBe(false);
    expect(isSpreadWide(oneLevel, 3)).toBe(true);
  });

  it('is false without a spread', () => {
    expect(isSpreadWide(book([], []), 0)).toBe(false);
  });
});

describe('imbalance', () => {
  it('compares bid and ask size at the touch', () => {
    expect(imbalance(oneLevel, 1)).toBe(0.5); // (30 - 10) / 40
    expect(imbalance(book([level(1, 10)], [level(1.1, 30)]), 5)).toBe(-0.5);
  });

  it('sums the top N levels of each side', () => {
    const b = book([level(1, 10), level(0.9, 10), level(0.8, 100)], [level(1.1, 5), level(1.2, 5)]);
    expect(imbalance(b, 1)).toBe(5 / 15);
    expect(imbalance(b, 2)).toBe(10 / 30);
    expect(imbalance(b, 3)).toBe(110 / 130);
    expect(imbalance(b, Number.POSITIVE_INFINITY)).toBe(110 / 130);
    expect(imbalance(fifty, 50)).toBe(0);
  });

  it('is 0 when both sides are empty, +-1 when one is', () => {
    expect(imbalance(book([], []), 5)).toBe(0);
    expect(imbalance(book([level(1, 3)], []), 5)).toBe(1);
    expect(imbalance(book([], [level(1, 3)]), 5)).toBe(-1);
  });

  const levels = fc.array(
    fc.record({
      price: fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100),
      size: fc.integer({ min: 0, max: 100_000 }),
    }),
    { maxLength: 50 },
  );

  it('stays in [-1, 1] and flips sign when the sides are swapped', () => {
    fc.assert(
      fc.property(levels, levels, fc.integer({ min: 0, max: 60 }), (bids, asks, n) => {
        const x = imbalance({ bids, asks }, n);
        expect(x).toBeGreaterThanOrEqual(-1);
        expect(x).toBeLessThanOrEqual(1);
        expect(imbalance({ bids: asks, asks: bids }, n)).toBe(-x === 0 ? 0 : -x);
      }),
    );
  });
});

describe('imbalanceOf', () => {
  it('reads a live one-level book as its touch across the venues, whatever N is asked for', () => {
    for (const n of [1, 5, 50]) {
      expect(imbalanceOf(live, n)).toEqual({ value: (146 - 2029) / (146 + 2029), levels: 1, venues: { bid: 16, ask: 16 } });
    }
    expect(imbalanceOf(live, 5).value).toBe(imbalance(live, 1));
  });

  it('reads a deep book over the levels it summed, at most the book has', () => {
    expect(imbalanceOf(fifty, 5)).toEqual({ value: 0, levels: 5, venues: { bid: 5, ask: 5 } });
    expect(imbalanceOf(fifty, 80).levels).toBe(50);
    const lopsided = book([level(1, 10), level(0.9, 10), level(0.8, 10)], [level(1.1, 30)]);
    expect(imbalanceOf(lopsided, 5)).toEqual({ value: 0, levels: 3, venues: { bid: 3, ask: 1 } });
    expect(imbalanceOf(book([], []), 5)).toEqual({ value: 0, levels: 0, venues: { bid: 0, ask: 0 } });
  });

  it('is the rule FLOW-RULES.md §6 publishes', () => {
    const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## 6.'));
    expect(section).toContain(`(\`imbalanceLevels\`, default ${defaultAppSettings().book.imbalanceLevels})`);
    expect(section).toMatch(/one-level book that is\s+the touch, each side's size summed across its venues/);
  });
});

describe('venueClockOffset', () => {
  // 14:05:14.236 New York time in winter, and 10:00:00.000 in summer (daylight time).
  const winter = Date.UTC(2025, 11, 9, 19, 5, 14, 236);
  const summer = Date.UTC(2026, 5, 9, 14, 0, 0, 0);
  const at = (time: number, ...quoteTimes: number[]): Book => ({
    ...book([{ price: 1, size: quoteTimes.length, venueCount: quoteTimes.length, venues: quoteTimes.map((t, i) => ({ venue: `V${i}`, size: 1, quoteTimeEtMs: t })) }], []),
    time,
  });

  it('reads the venue clock as New York time when the freshest venue is seconds behind', () => {
    expect(venueClockOffset(at(winter, 50_714_236 - 900, 50_700_000))).toBe(0);
    expect(venueClockOffset(at(summer, 36_000_000 - 3_000))).toBe(0);
  });

  it('adds the hour back when the venue clock stayed on standard time through the summer', () => {
    expect(venueClockOffset(at(summer, 36_000_000 - 3_600_020))).toBe(3_600_000);
  });

  it('shows no age when the clock cannot be read: far behind, ahead, or no venues', () => {
    expect(venueClockOffset(at(summer, 36_000_000 - 30 * 60_000))).toBeNull();
    expect(venueClockOffset(at(summer, 36_000_000 + 60_000))).toBeNull();
    expect(venueClockOffset(book([], []))).toBeNull();
  });

  it('is the rule FLOW-RULES.md §6 publishes', () => {
    const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
    expect(doc.slice(doc.indexOf('## 6.'))).toMatch(/Venue quote age[\s\S]*up to 10 minutes behind[\s\S]*exactly one hour more behind/);
  });
});

describe('notional', () => {
  it('sums price x size x multiplier, to the cent', () => {
    expect(notional([level(1.25, 30), level(1.2, 10)])).toBe(3750 + 1200);
    expect(notional([level(1.15, 1)])).toBe(115); // 1.15 * 100 is 114.99999999999999 in doubles
    expect(notional([level(2.5, 4)], 10)).toBe(100);
    expect(notional([])).toBe(0);
  });

  it('equals an integer-cent sum on any side', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 10_000 })),
          { maxLength: 50 },
        ),
        (rows) => {
          // cents x size x 100 / 100 = cents x size dollars.
          const expected = rows.reduce((sum, [c, s]) => sum + c * s, 0);
          expect(notional(rows.map(([c, s]) => level(c / 100, s)))).toBe(expected);
        },
      ),
    );
  });
});

describe('cumulativeDepth', () => {
  it('accumulates size in book order', () => {
    expect(cumulativeDepth([level(1.3, 10), level(1.35, 5), level(1.4, 20)])).toEqual([
      { price: 1.3, size: 10, cumulative: 10 },
      { price: 1.35, size: 5, cumulative: 15 },
      { price: 1.4, size: 20, cumulative: 35 },
    ]);
    expect(cumulativeDepth([])).toEqual([]);
  });

  it('ends at 1275 contracts on the 50-level side (1 + 2 + ... + 50)', () => {
    const points = cumulativeDepth(fifty.bids);
    expect(points).toHaveLength(50);
    expect(points[49]?.cumulative).toBe(1275);
  });

  it('is non-decreasing, keeps each level, and ends at the total size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 10_000 })), {
          maxLength: 60,
        }),
        (rows) => {
          const levels = rows.map(([c, s]) => level(c / 100, s));
          const points = cumulativeDepth(levels);
          expect(points.map((p) => [p.price, p.size])).toEqual(
            levels.map((l) => [l.price, l.size]),
          );
          points.reduce((previous, p) => {
            expect(p.cumulative).toBeGreaterThanOrEqual(previous);
            return p.cumulative;
          }, 0);
          const total = rows.reduce((sum, [, s]) => sum + s, 0);
          expect(points.at(-1)?.cumulative ?? 0).toBe(total);
        },
      ),
    );
  });
});
