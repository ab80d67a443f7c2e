import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifySide, nextTick, SIDE_CONFIDENCE, type SideInput, type Tick } from './side.ts';
import type { Direction, QuoteEvidence, Side } from '../domain/flow.ts';

const q = (bid: number, ask: number, bidSize = 10, askSize = 10): QuoteEvidence => ({
  time: 0,
  bid,
  ask,
  bidSize,
  askSize,
});

const input = (
  price: number,
  quote: QuoteEvidence | null,
  previousPrice: number | null = null,
  previousTick: Tick | null = null,
): SideInput => ({
  price,
  quote,
  previousPrice,
  previousTick,
});

describe('classifySide: the quote rule', () => {
  it('reads each place against the quote', () => {
    const quote = q(1.2, 1.25);
    expect(classifySide(input(1.3, quote))).toMatchObject({
      side: 'ABOVE_ASK',
      direction: 'BUY',
      rule: 'QUOTE',
      reason: 'price 1.30 > ask 1.25',
    });
    expect(classifySide(input(1.25, quote))).toMatchObject({
      side: 'ASK',
      direction: 'BUY',
      rule: 'QUOTE',
      reason: 'price 1.25 = ask 1.25',
    });
    expect(classifySide(input(1.2, quote))).toMatchObject({
      side: 'BID',
      direction: 'SELL',
      rule: 'QUOTE',
      reason: 'price 1.20 = bid 1.20',
    });
    expect(classifySide(input(1.15, quote))).toMatchObject({
      side: 'BELOW_BID',
      direction: 'SELL',
      rule: 'QUOTE',
      reason: 'price 1.15 < bid 1.20',
    });
  });

  it('rates prints through the quote above prints at it (Savickas & Wilson: quote rule 83%)', () => {
    const quote = q(1.2, 1.25);
    expect(classifySide(input(1.3, quote)).confidence).toBe(0.9);
    expect(classifySide(input(1.25, quote)).confidence).toBe(0.83);
    expect(classifySide(input(1.2, quote)).confidence).toBe(0.83);
    expect(classifySide(input(1.1, quote)).confidence).toBe(0.9);
  });

  it('treats prices within a millionth as equal, so double noise does not move a print off the ask', () => {
    const quote = q(0.1 + 0.2, 0.35); // bid is 0.30000000000000004
    expect(classifySide(input(0.3, quote)).side).toBe('BID');
    expect(classifySide(input(0.35 + 5e-7, quote)).side).toBe('ASK');
    expect(classifySide(input(0.35 + 2e-6, quote)).side).toBe('ABOVE_ASK');
  });

  it('shows sub-penny prices in the reason only when they exist', () => {
    expect(classifySide(input(0.125, q(0.1, 0.125))).reason).toBe('price 0.125 = ask 0.125');
  });

  it('follows the published order in a locked market (ask first) at coin-flip confidence', () => {
    const r = classifySide(input(1.25, q(1.25, 1.25)));
    expect(r).toMatchObject({ side: 'ASK', direction: 'BUY', rule: 'QUOTE', confidence: 0.5 });
    expect(r.reason).toBe('price 1.25 = ask 1.25 (locked: bid = ask)');
    expect(classifySide(input(1.3, q(1.25, 1.25))).side).toBe('ABOVE_ASK');
  });
});

describe('classifySide: prints inside the spread', () => {
  it('leans by the midpoint first (Lee-Ready)', () => {
    expect(classifySide(input(1.24, q(1.2, 1.25, 50, 20), 1.3, 'DOWN'))).toEqual({
      side: 'MID',
      direction: 'BUY',
      rule: 'MIDPOINT',
      confidence: 0.7,
      reason: 'price 1.24 inside bid 1.20 / ask 1.25; above the midpoint 1.225: buyer',
    });
    expect(classifySide(input(1.21, q(1.2, 1.25, 20, 50), 1.0, 'UP'))).toMatchObject({
      direction: 'SELL',
      rule: 'MIDPOINT',
      reason: 'price 1.21 inside bid 1.20 / ask 1.25; below the midpoint 1.225: seller',
    });
  });

  it('leans by depth at the midpoint', () => {
    expect(classifySide(input(1.25, q(1.2, 1.3, 20, 50), 1.3, 'DOWN'))).toEqual({
      side: 'MID',
      direction: 'BUY',
      rule: 'DEPTH',
      confidence: 0.65,
      reason: 'price 1.25 inside bid 1.20 / ask 1.30; at the midpoint; ask size 50 > bid size 20: buyer',
    });
    expect(classifySide(input(1.25, q(1.2, 1.3, 50, 20), 1.0, 'UP'))).toMatchObject({
      side: 'MID',
      direction: 'SELL',
      rule: 'DEPTH',
      reason: 'price 1.25 inside bid 1.20 / ask 1.30; at the midpoint; bid size 50 > ask size 20: seller',
    });
  });

  it('falls back to the tick rule when sizes are equal', () => {
    const quote = q(1.2, 1.3, 40, 40);
    expect(classifySide(input(1.25, quote, 1.22, null))).toEqual({
      side: 'MID',
      direction: 'BUY',
      rule: 'TICK',
      confidence: 0.59,
      reason: 'price 1.25 inside bid 1.20 / ask 1.30; sizes equal; up-tick from 1.22',
    });
    expect(classifySide(input(1.25, quote, 1.28, null))).toMatchObject({
      direction: 'SELL',
      rule: 'TICK',
      confidence: 0.59,
    });
  });

  it('uses the earlier move on a zero tick, at lower confidence', () => {
    const quote = q(1.2, 1.3);
    expect(classifySide(input(1.25, quote, 1.25, 'UP'))).toMatchObject({
      direction: 'BUY',
      rule: 'TICK',
      confidence: 0.55,
      reason:
        'price 1.25 inside bid 1.20 / ask 1.30; sizes equal; zero-tick at 1.25 after an up-tick',
    });
    expect(classifySide(input(1.25, quote, 1.25, 'DOWN'))).toMatchObject({
      direction: 'SELL',
      rule: 'TICK',
    });
  });

  it('is UNKNOWN with rule NONE and confidence 0 when nothing decides', () => {
    const quote = q(1.2, 1.3);
    expect(classifySide(input(1.25, quote, null, 'UP'))).toEqual({
      side: 'MID',
      direction: 'UNKNOWN',
      rule: 'NONE',
      confidence: 0,
      reason: 'price 1.25 inside bid 1.20 / ask 1.30; sizes equal; no previous price',
    });
    expect(classifySide(input(1.25, quote, 1.25, null))).toMatchObject({
      direction: 'UNKNOWN',
      rule: 'NONE',
      confidence: 0,
    });
  });
});

describe('classifySide: no usable quote', () => {
  it.each([
    ['no quote at all', null, 'none'],
    ['a negative bid', q(-1, 0.05), 'bid -1'],
    ['a zero ask', q(0.05, 0), 'ask 0'],
    ['a crossed market', q(1.3, 1.25), 'crossed: bid 1.30 > ask 1.25'],
  ])('reads the side from the tick rule for %s', (_name, quote, problem) => {
    expect(classifySide(input(1.27, quote, 1.2, null))).toEqual({
      side: 'ASK',
      direction: 'BUY',
      rule: 'TICK',
      confidence: 0.5,
      reason: `no usable quote (${problem}); up-tick from 1.20`,
    });
  });

  it('still judges by the ask when there is no bid (a zero bid)', () => {
    expect(classifySide(input(0.05, q(0, 0.05), 0.1, 'DOWN'))).toMatchObject({ side: 'ASK', direction: 'BUY', rule: 'QUOTE' });
    expect(classifySide(input(0.02, q(0, 0.05), null, null)).side).toBe('MID');
  });

  it('reads a down-tick as BID and a zero tick by the earlier move', () => {
    expect(classifySide(input(1.1, null, 1.2, 'UP'))).toMatchObject({
      side: 'BID',
      direction: 'SELL',
      confidence: 0.5,
    });
    expect(classifySide(input(1.2, null, 1.2, 'DOWN'))).toMatchObject({
      side: 'BID',
      direction: 'SELL',
      confidence: 0.45,
    });
  });

  it('is MID, UNKNOWN, NONE when there is no tick either', () => {
    expect(classifySide(input(1.2, null))).toEqual({
      side: 'MID',
      direction: 'UNKNOWN',
      rule: 'NONE',
      confidence: 0,
      reason: 'no usable quote (none); no previous price',
    });
  });
});

describe('SIDE_CONFIDENCE', () => {
  it('orders the rules as the literature does', () => {
    const c = SIDE_CONFIDENCE;
    const ranked = [c.outsideQuote, c.atQuote, c.midByDepth, c.midByTick, c.midByZeroTick, c.none];
    expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);
    expect(c.noQuoteByTick).toBeLessThan(c.midByTick);
    expect(c.noQuoteByZeroTick).toBeLessThan(c.noQuoteByTick);
    for (const v of Object.values(c)) expect(v >= 0 && v <= 1).toBe(true);
  });
});

describe('nextTick', () => {
  it('keeps the latest non-zero move', () => {
    expect(nextTick(1.3, 1.2, null)).toBe('UP');
    expect(nextTick(1.1, 1.2, 'UP')).toBe('DOWN');
    expect(nextTick(1.2, 1.2, 'UP')).toBe('UP');
    expect(nextTick(1.2, null, 'DOWN')).toBe('DOWN');
    expect(nextTick(1.2, null, null)).toBeNull();
  });
});

// Whole cents, so the expected answer is an exact integer comparison made independently.
const cents = fc.integer({ min: 1, max: 400 });
const maybeCents = fc.option(cents, { nil: null });
const tick = fc.constantFrom<Tick | null>('UP', 'DOWN', null);
const size = fc.integer({ min: 0, max: 5 });

function expectedDirection(price: number, prev: number | null, prevTick: Tick | null): Direction {
  if (prev === null) return 'UNKNOWN';
  if (price !== prev) return price > prev ? 'BUY' : 'SELL';
  return prevTick === 'UP' ? 'BUY' : prevTick === 'DOWN' ? 'SELL' : 'UNKNOWN';
}

describe('classifySide: properties', () => {
  it('agrees with an integer-cent reading of the published rules', () => {
    fc.assert(
      fc.property(
        cents,
        cents,
        cents,
        size,
        size,
        maybeCents,
        tick,
        (price, bid, ask, bidSize, askSize, prev, prevTick) => {
          const quote = { time: 0, bid: bid / 100, ask: ask / 100, bidSize, askSize };
          const r = classifySide(
            input(price / 100, quote, prev === null ? null : prev / 100, prevTick),
          );
          if (bid > ask) {
            const d = expectedDirection(price, prev, prevTick);
            expect(r.side).toBe(d === 'BUY' ? 'ASK' : d === 'SELL' ? 'BID' : 'MID');
            expect(r.direction).toBe(d);
            return;
          }
          let side: Side = 'MID';
          if (price > ask) side = 'ABOVE_ASK';
          else if (price === ask) side = 'ASK';
          else if (price === bid) side = 'BID';
          else if (price < bid) side = 'BELOW_BID';
          expect(r.side).toBe(side);
          if (side !== 'MID') {
            expect(r.rule).toBe('QUOTE');
            expect(r.direction).toBe(side === 'ABOVE_ASK' || side === 'ASK' ? 'BUY' : 'SELL');
          } else if (2 * price !== bid + ask) {
            expect(r.rule).toBe('MIDPOINT');
            expect(r.direction).toBe(2 * price > bid + ask ? 'BUY' : 'SELL');
          } else if (askSize !== bidSize) {
            expect(r.rule).toBe('DEPTH');
            expect(r.direction).toBe(askSize > bidSize ? 'BUY' : 'SELL');
          } else {
            const d = expectedDirection(price, prev, prevTick);
            expect(r.direction).toBe(d);
            expect(r.rule).toBe(d === 'UNKNOWN' ? 'NONE' : 'TICK');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('mirrors: reflecting prices and swapping bid with ask flips side and direction', () => {
    const mirrorSide: Record<Side, Side> = {
      ABOVE_ASK: 'BELOW_BID',
      ASK: 'BID',
      MID: 'MID',
      BID: 'ASK',
      BELOW_BID: 'ABOVE_ASK',
    };
    const mirrorDir: Record<Direction, Direction> = {
      BUY: 'SELL',
      SELL: 'BUY',
      UNKNOWN: 'UNKNOWN',
    };
    const K = 500; // reflect cents c -> K - c, keeping every price positive
    fc.assert(
      fc.property(
        cents,
        cents,
        cents,
        size,
        size,
        maybeCents,
        tick,
        (price, a, b, s1, s2, prev, prevTick) => {
          const [bid, ask] = a <= b ? [a, b] : [b, a];
          if (bid === ask) return; // locked: the published order (ask first) is deliberately asymmetric
          const r = classifySide(
            input(
              price / 100,
              q(bid / 100, ask / 100, s1, s2),
              prev === null ? null : prev / 100,
              prevTick,
            ),
          );
          const flippedTick = prevTick === 'UP' ? 'DOWN' : prevTick === 'DOWN' ? 'UP' : null;
          const m = classifySide(
            input(
              (K - price) / 100,
              q((K - ask) / 100, (K - bid) / 100, s2, s1),
              prev === null ? null : (K - prev) / 100,
              flippedTick,
            ),
          );
          expect(m.side).toBe(mirrorSide[r.side]);
          expect(m.direction).toBe(mirrorDir[r.direction]);
          expect(m.rule).toBe(r.rule);
          expect(m.confidence).toBe(r.confidence);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps confidence in [0,1], and 0 exactly when the direction is unknown', () => {
    fc.assert(
      fc.property(
        cents,
        fc.option(fc.tuple(cents, cents, size, size), { nil: null }),
        maybeCents,
        tick,
        (price, qt, prev, prevTick) => {
          const quote = qt === null ? null : q(qt[0] / 100, qt[1] / 100, qt[2], qt[3]);
          const r = classifySide(
            input(price / 100, quote, prev === null ? null : prev / 100, prevTick),
          );
          expect(r.confidence).toBeGreaterThanOrEqual(0);
          expect(r.confidence).toBeLessThanOrEqual(1);
          expect(r.confidence === 0).toBe(r.direction === 'UNKNOWN');
          expect(r.rule === 'NONE').toBe(r.direction === 'UNKNOWN');
          expect(r.reason.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('classifySide: version 3 rules (FLOW-RULES.md §2)', () => {
  const v3 = { tradeSize: true, depth: true, minConfidence: 0.55 };
  const sized = (price: number, quote: QuoteEvidence, size: number | null): SideInput => ({ ...input(price, quote, null, null), size });

  it('reads a print at the bid of exactly the bid size as a resting buy order filled (trade-size rule)', () => {
    const quote = q(1.2, 1.25, 30, 40);
    expect(classifySide(sized(1.2, quote, 30), v3)).toMatchObject({ side: 'BID', direction: 'BUY', rule: 'TRADE_SIZE', confidence: SIDE_CONFIDENCE.tradeSize });
    expect(classifySide(sized(1.25, quote, 40), v3)).toMatchObject({ side: 'ASK', direction: 'SELL', rule: 'TRADE_SIZE' });
    expect(classifySide(sized(1.2, quote, 30), v3).reason).toContain('size 30 = bid size 30');
  });

  it('leaves the trade-size rule out when the sizes say nothing or it is off', () => {
    // Another size, both sides the same size, a conflated update (no single size), inside the spread.
    expect(classifySide(sized(1.2, q(1.2, 1.25, 30, 40), 29), v3).rule).toBe('QUOTE');
    expect(classifySide(sized(1.2, q(1.2, 1.25, 30, 30), 30), v3).rule).toBe('QUOTE');
    expect(classifySide(sized(1.2, q(1.2, 1.25, 30, 40), null), v3).rule).toBe('QUOTE');
    expect(classifySide(sized(1.22, q(1.2, 1.25, 30, 40), 30), v3).rule).toBe('MIDPOINT');
    expect(classifySide(sized(1.2, q(1.2, 1.25, 30, 40), 30), { ...v3, tradeSize: false })).toMatchObject({ direction: 'SELL', rule: 'QUOTE' });
  });

  it('says UNKNOWN when the deciding rule is less sure than the minimum', () => {
    // A locked market (0.50) and a print without a quote read by the tick rule (0.50).
    expect(classifySide(input(1.2, q(1.2, 1.2)), v3)).toMatchObject({ side: 'ASK', direction: 'UNKNOWN', rule: 'NONE', confidence: 0 });
    const blind = classifySide(input(1.3, null, 1.2), v3);
    expect(blind).toMatchObject({ side: 'MID', direction: 'UNKNOWN', rule: 'NONE' });
    expect(blind.reason).toContain('tick rule 0.50 is under 0.55: side unknown');
    // The tick rule (0.59) still decides.
    expect(classifySide(input(1.225, q(1.2, 1.25), 1.2), v3)).toMatchObject({ direction: 'BUY' });
    expect(classifySide(input(1.2, q(1.2, 1.2)), { ...v3, minConfidence: 0 }).direction).toBe('BUY');
  });

  it('falls through to the tick rule at the midpoint when the depth rule is off', () => {
    const quote = q(1.2, 1.3, 5, 50);
    expect(classifySide(input(1.25, quote, 1.3), v3)).toMatchObject({ rule: 'DEPTH', direction: 'BUY' });
    expect(classifySide(input(1.25, quote, 1.3), { ...v3, depth: false })).toMatchObject({ rule: 'TICK', direction: 'SELL' });
  });
});
