import { describe, expect, it } from 'vitest';
import { QuoteRing } from '../../shared/analytics/quote-ring.ts';
import { packState, unpackState } from './packed-state.ts';

class Counter {
  hits: number[] = [];
  ring = new QuoteRing(4);
  last: { at: number } | null = null;
  total(): number {
    return this.hits.reduce((a, b) => a + b, 0);
  }
}

describe('a packed checkpoint state', () => {
  it('reads back equal, with class instances, shared references, maps and typed arrays as they were', () => {
    const shared = { at: 5 };
    const a = new Counter();
    a.hits.push(1, 2, -0, Number.NaN);
    a.last = shared;
    a.ring.push({ time: 1, bid: 1.1, ask: 1.2, bidSize: 3, askSize: 4 });
    const bare = Object.create(null) as Record<string, number>;
    bare.x = 1;
    const state = { byName: new Map<string, Counter | null>([['a', a], ['none', null]]), also: shared, bare, column: new Float64Array([0.5, 2]), when: undefined, tags: new Set(['x']) };
    const back = unpackState(packState(state));
    expect(back).toEqual(state);
    const copy = back.byName.get('a') as Counter;
    expect(copy).toBeInstanceOf(Counter);
    expect(copy.ring).toBeInstanceOf(QuoteRing);
    expect(copy.ring.size).toBe(1);
    expect(copy.total()).toBeNaN();
    expect(Object.is(copy.hits[2], -0)).toBe(true);
    expect(copy.last).toBe(back.also);
    expect(Object.getPrototypeOf(back.bare)).toBeNull();
    expect('when' in back).toBe(true);
    // A copy, not the same objects: changing it leaves the state as it was.
    copy.hits.push(9);
    expect(a.hits).toHaveLength(4);
  });

  it('refuses functions', () => {
    expect(() => packState({ f: () => 1 })).toThrow();
  });
});
