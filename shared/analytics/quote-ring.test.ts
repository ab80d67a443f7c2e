import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuoteRing } from './quote-ring.ts';
import type { QuoteEvidence } from '../domain/flow.ts';

const quote = (time: number, bid = 1, ask = 1.1, bidSize = 10, askSize = 20): QuoteEvidence => ({
  time,
  bid,
  ask,
  bidSize,
  askSize,
});

describe('QuoteRing', () => {
  it('returns null when empty or when nothing is strictly earlier', () => {
    const ring = new QuoteRing(4);
    expect(ring.before(1000)).toBeNull();
    ring.push(quote(1000));
    expect(ring.before(1000)).toBeNull();
    expect(ring.before(999)).toBeNull();
  });

  it('never uses the quote carried by the same update as the trade', () => {
    const ring = new QuoteRing(4);
    ring.push(quote(1000, 1.0, 1.1));
    ring.push(quote(2000, 1.2, 1.3)); // the print's own update moved the quote
    expect(ring.before(2000)).toEqual(quote(1000, 1.0, 1.1));
    expect(ring.before(2001)).toEqual(quote(2000, 1.2, 1.3));
  });

  it('copies every field of the quote in force', () => {
    const ring = new QuoteRing(2);
    ring.push({ time: 5, bid: 2.15, ask: 2.2, bidSize: 7, askSize: 93 });
    expect(ring.before(6)).toEqual({ time: 5, bid: 2.15, ask: 2.2, bidSize: 7, askSize: 93 });
  });

  it('keeps its own copy, so a caller may reuse the object it pushed', () => {
    const ring = new QuoteRing(2);
    const scratch = quote(100, 1, 2);
    ring.push(scratch);
    scratch.time = 200;
    scratch.bid = 9;
    expect(ring.before(150)).toEqual(quote(100, 1, 2));
  });

  it('prefers the later arrival among quotes with the same time', () => {
    const ring = new QuoteRing(4);
    ring.push(quote(100, 1.0, 1.2));
    ring.push(quote(100, 1.05, 1.2));
    expect(ring.before(101)?.bid).toBe(1.05);
  });

  it('files an out-of-order quote by its time', () => {
    const ring = new QuoteRing(4);
    ring.push(quote(100, 1.0));
    ring.push(quote(300, 3.0));
    ring.push(quote(200, 2.0)); // late
    expect(ring.before(250)?.bid).toBe(2.0);
    expect(ring.before(301)?.bid).toBe(3.0);
    expect(ring.before(150)?.bid).toBe(1.0);
  });

  it('evicts the oldest by time when full, and drops a late quote older than all it keeps', () => {
    const ring = new QuoteRing(2);
    ring.push(quote(100, 1));
    ring.push(quote(200, 2));
    ring.push(quote(300, 3));
    expect(ring.size).toBe(2);
    expect(ring.before(150)).toBeNull();
    expect(ring.push(quote(50, 0.5))).toBe(false);
    expect(ring.before(250)?.bid).toBe(2);
    expect(ring.push(quote(250, 2.5))).toBe(true); // evicts 200
    expect(ring.before(240)).toBeNull();
    expect(ring.before(260)?.bid).toBe(2.5);
  });

  it('drops quotes without a finite time', () => {
    const ring = new QuoteRing(2);
    expect(ring.push(quote(Number.NaN))).toBe(false);
    expect(ring.size).toBe(0);
  });

  it('forgets everything on clear', () => {
    const ring = new QuoteRing(3);
    ring.push(quote(1));
    ring.push(quote(2));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.before(10)).toBeNull();
    ring.push(quote(5, 4));
    expect(ring.before(10)?.bid).toBe(4);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new QuoteRing(0)).toThrow(RangeError);
    expect(() => new QuoteRing(2.5)).toThrow(RangeError);
  });

  it('answers like a brute-force search over the newest quotes by (time, arrival)', () => {
    // Few distinct times, so ties and out-of-order arrivals are common.
    const time = fc.integer({ min: 0, max: 40 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(
          fc.oneof(
            time.map((t) => ({ push: t })),
            time.map((t) => ({ ask: t })),
          ),
          {
            maxLength: 80,
          },
        ),
        (capacity, ops) => {
          const ring = new QuoteRing(capacity);
          const pushed: { time: number; seq: number }[] = [];
          for (const op of ops) {
            if ('push' in op) {
              const seq = pushed.length;
              pushed.push({ time: op.push, seq });
              // The arrival number rides in bidSize so the answer says which quote it was.
              ring.push(quote(op.push, 1, 2, seq, 0));
              continue;
            }
            const kept = [...pushed]
              .sort((a, b) => b.time - a.time || b.seq - a.seq)
              .slice(0, capacity);
            const expected = kept.find((q) => q.time < op.ask) ?? null;
            const got = ring.before(op.ask);
            expect(got === null ? null : { time: got.time, seq: got.bidSize }).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
