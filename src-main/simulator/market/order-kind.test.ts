import { describe, expect, it } from 'vitest';
import type { TruthPrint, TruthQuote } from './market.ts';
import { crossedSpread, kindByRules, premiumOf } from './order-kind.ts';

const before: TruthQuote = { time: 0, bid: 1.2, ask: 1.25, bidSize: 300, askSize: 250 };
const print = (price: number, size: number, time = 0): TruthPrint => ({ time, venue: 'CBOE', price, size });
const kind = (direction: 'BUY' | 'SELL', prints: TruthPrint[], depletedVenues = 0) =>
  kindByRules({ direction, prints, before, depletedVenues, multiplier: 100 });

describe('kindByRules', () => {
  it('calls an aggressive order that took more than shown a sweep', () => {
    expect(kind('BUY', [print(1.25, 200), print(1.25, 50), print(1.26, 10)])).toBe('SWEEP');
    expect(kind('SELL', [print(1.2, 301)])).toBe('SWEEP');
  });

  it('calls a walk up, or two venues emptied at the touch, a sweep even within the shown size', () => {
    expect(kind('BUY', [print(1.25, 10), print(1.26, 10)])).toBe('SWEEP');
    expect(kind('BUY', [print(1.25, 10), print(1.25, 10)], 2)).toBe('SWEEP');
  });

  it('calls same-price prints that are not a sweep a split', () => {
    expect(kind('BUY', [print(1.25, 50), print(1.25, 60)], 1)).toBe('SPLIT');
    expect(kind('BUY', [print(1.22, 50), print(1.22, 60), print(1.22, 10)])).toBe('SPLIT');
    expect(kind('BUY', [print(1.22, 50), print(1.23, 60)])).toBe('SINGLE');
  });

  it('calls one big print that did not empty the touch a block', () => {
    expect(kind('BUY', [print(1.23, 500)])).toBe('BLOCK');
    expect(kind('BUY', [print(1.25, 150)])).toBe('BLOCK');
    expect(kind('BUY', [print(1.25, 250)])).toBe('SINGLE');
    expect(kindByRules({ direction: 'SELL', prints: [print(60, 9)], before: { ...before, bid: 59, ask: 61 }, depletedVenues: 0, multiplier: 100 })).toBe('BLOCK');
  });

  it('calls small prints singles', () => {
    expect(kind('BUY', [print(1.25, 5)])).toBe('SINGLE');
    expect(kind('SELL', [print(1.22, 3)])).toBe('SINGLE');
  });
});

describe('crossedSpread and premiumOf', () => {
  it('needs every print at or through the touch', () => {
    expect(crossedSpread('BUY', [print(1.25, 1), print(1.3, 1)], before)).toBe(true);
    expect(crossedSpread('BUY', [print(1.25, 1), print(1.24, 1)], before)).toBe(false);
    expect(crossedSpread('SELL', [print(1.2, 1)], before)).toBe(true);
    expect(crossedSpread('SELL', [print(0.01, 1)], { ...before, bid: 0 })).toBe(false);
  });

  it('adds premium in whole cents', () => {
    expect(premiumOf([print(1.15, 1)], 100)).toBe(115);
    expect(premiumOf([print(1.25, 200), print(1.26, 10)], 100)).toBe(25_000 + 1_260);
  });
});
