import { describe, expect, it } from 'vitest';
import type { Book } from '../../shared/domain/market.ts';
import { etMsSinceMidnight } from '../../shared/time/eastern.ts';
import { bookView, formatAge, formatImbalance, markOpacity, imbalanceDetail, imbalanceScope, imbalanceWords, quoteAge, sameLadderRow } from './book-view.ts';

const T = Date.UTC(2024, 10, 29, 15, 30, 0); // 10:30 ET
const venue = (venue: string, size: number, ageMs: number) => ({ venue, size, quoteTimeEtMs: etMsSinceMidnight(T - ageMs) });

function book(levels: number): Book {
  const side = (sign: number) =>
    Array.from({ length: levels }, (_, i) => ({
      price: Math.round((1.25 + sign * (0.02 + i * 0.01)) * 100) / 100,
      size: 10 * (i + 1),
      venueCount: 2,
      venues: [venue('CBOE', 4 * (i + 1), 250), venue('PHLX', 6 * (i + 1), 12_000)],
    }));
  return { symbol: 'SPY   241129C00450000', time: T, receivedAt: T, bids: side(-1), asks: side(1) };
}

const options = { levels: 10, spreadAlertPercent: 10, imbalanceLevels: 5, multiplier: 100 };

describe('bookView', () => {
  it('cuts the ladders to the chosen depth with running totals and bar shares', () => {
    const view = bookView(book(50), options);
    expect(view.bids).toHaveLength(10);
    expect(view.asks).toHaveLength(10);
    expect(view.depth).toEqual({ bid: 50, ask: 50 });
    expect(view.bids[0]?.price).toBe(1.23);
    expect(view.asks[0]?.price).toBe(1.27);
    expect(view.bids[2]?.cumulative).toBe(10 + 20 + 30);
    expect(view.asks[9]?.share).toBe(1);
    expect(view.bids[0]?.share).toBeCloseTo(0.1);
    expect(view.bids[0]?.key).toBe('bid:123');
  });

  it('lists venues largest first with their quote age at the snapshot', () => {
    const [first] = bookView(book(1), options).bids;
    expect(first?.venues.map((v) => v.venue)).toEqual(['PHLX', 'CBOE']);
    expect(first?.venues[0]?.ageMs).toBe(12_000);
    expect(first?.venues[1]?.ageMs).toBe(250);
    expect(first?.venues[0]?.share).toBeCloseTo(0.6);
  });

  it('shows no quote age when the book\'s venue clock cannot be read', () => {
    const stale = book(1);
    // Every venue half an hour behind: not New York time, not a standard-time clock either.
    for (const level of [...stale.bids, ...stale.asks]) for (const v of level.venues) v.quoteTimeEtMs = etMsSinceMidnight(T - 30 * 60_000);
    expect(bookView(stale, options).bids[0]?.venues.map((v) => v.ageMs)).toEqual([null, null]);
  });

  it('reads spread, alert state, imbalance and notional from the shared analytics', () => {
    const view = bookView(book(1), options);
    expect(view.spread?.dollars).toBe(0.04);
    expect(view.spread?.percentOfMid).toBeCloseTo(3.2);
    expect(view.wide).toBe(false);
    expect(bookView(book(1), { ...options, spreadAlertPercent: 3 }).wide).toBe(true);
    expect(view.imbalance).toBe(0);
    expect(view.notional).toEqual({ bid: 1230, ask: 1270 });
    expect(view.crossed).toBe(false);
  });

  it('says what the imbalance summed: the touch and its venues on one level, the levels deeper', () => {
    const one = bookView(book(1), options);
    expect(one.imbalanceOver).toEqual({ levels: 1, venues: { bid: 2, ask: 2 } });
    expect(imbalanceScope(one.imbalanceOver)).toBe('touch');
    expect(imbalanceDetail(one.imbalanceOver)).toBe('2 × 2 venues');
    const deep = bookView(book(50), options);
    expect(deep.imbalanceOver).toEqual({ levels: 5, venues: { bid: 10, ask: 10 } });
    expect(imbalanceScope(deep.imbalanceOver)).toBe('top 5');
    expect(imbalanceDetail(deep.imbalanceOver)).toBe('5 levels a side');
    expect(imbalanceScope(bookView(book(3), options).imbalanceOver)).toBe('top 3');
  });

  it('survives an empty side', () => {
    const view = bookView({ ...book(3), asks: [] }, options);
    expect(view.spread).toBeNull();
    expect(view.wide).toBe(false);
    expect(view.imbalance).toBe(1);
    expect(view.asks).toEqual([]);
  });
});

describe('markOpacity', () => {
  it('holds a mark at full strength, then fades it to a quarter over its five seconds of market time', () => {
    expect(markOpacity(1_000, 1_000)).toBe(1);
    expect(markOpacity(1_000, 3_000)).toBe(1);
    expect(markOpacity(1_000, 4_500)).toBe(0.6);
    expect(markOpacity(1_000, 6_000)).toBe(0.3);
    expect(markOpacity(1_000, 60_000)).toBe(0.3);
  });

  it('reads the time shown, so a mark seen before its change (a scrub back) is at full strength', () => {
    expect(markOpacity(5_000, 1_000)).toBe(1);
    expect(markOpacity(null, 1_000)).toBe(1);
    expect(markOpacity(1_000, null)).toBe(1);
  });
});

describe('formatting', () => {
  it('writes ages, imbalance and its words', () => {
    expect(formatAge(40)).toBe('40ms');
    expect(formatAge(2_460)).toBe('2.4s');
    expect(formatAge(65_000)).toBe('1m 5s');
    expect(formatAge(null)).toBe('—');
    expect(formatImbalance(0.344)).toBe('+0.34');
    expect(formatImbalance(-0.12)).toBe('-0.12');
    expect(formatImbalance(-0.001)).toBe('0.00');
    expect(imbalanceWords(0.5)).toBe('bid heavy');
    expect(imbalanceWords(-0.5)).toBe('ask heavy');
    expect(imbalanceWords(0.1)).toBe('balanced');
  });

  it('never gives a negative or broken quote age', () => {
    expect(quoteAge(etMsSinceMidnight(T + 500), T)).toBe(0);
    expect(quoteAge(-5, T)).toBeNull();
  });
});

describe('sameLadderRow', () => {
  const later = (b: Book): Book => ({ ...b, time: b.time + 500 });

  it('treats a level whose figures held as the same while its venues are hidden', () => {
    const before = bookView(book(5), options).bids[0];
    const after = bookView(later(book(5)), options).bids[0];
    if (!before || !after) throw new Error('no level');
    expect(sameLadderRow(before, after, false)).toBe(true);
    // Shown venues carry their quote ages, which moved with the snapshot.
    expect(sameLadderRow(before, after, true)).toBe(false);
  });

  it('sees a size change, and a running total that moved with a level above', () => {
    const base = book(5);
    const grown: Book = { ...base, bids: base.bids.map((l, i) => (i === 0 ? { ...l, size: l.size + 1 } : l)) };
    const before = bookView(base, options).bids;
    const after = bookView(grown, options).bids;
    expect(sameLadderRow(before[0]!, after[0]!, false)).toBe(false);
    expect(sameLadderRow(before[1]!, after[1]!, false)).toBe(false);
    // The other side did not move (its bar scale, the largest level, held).
    expect(sameLadderRow(bookView(base, options).asks[1]!, bookView(grown, options).asks[1]!, false)).toBe(true);
  });
});
