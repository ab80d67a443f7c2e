import { describe, expect, it } from 'vitest';
import { hashKey, hashString, randomFor, unitOf } from './keyed-random.ts';

describe('keyed draws', () => {
  it('gives the same value for the same key and different values for neighbouring keys', () => {
    expect(hashKey(1, 2, 3, 4)).toBe(hashKey(1, 2, 3, 4));
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(hashKey(7, i));
    expect(seen.size).toBe(1000);
    expect(hashKey(1, 2)).not.toBe(hashKey(2, 1));
  });

  it('separates epoch-millisecond keys that differ only above 32 bits', () => {
    const t = 1_767_225_600_000;
    expect(hashKey(t)).not.toBe(hashKey(t + 4_294_967_296));
  });

  it('spreads unit draws evenly over [0, 1)', () => {
    let sum = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const u = unitOf(42, i);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const b = Math.floor(u * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    for (const count of buckets) expect(count).toBeGreaterThan(1700);
  });

  it('hashes strings stably and gives a reproducible stream per key', () => {
    expect(hashString('SPY   260116C00680000')).toBe(hashString('SPY   260116C00680000'));
    expect(hashString('SPY')).not.toBe(hashString('QQQ'));
    const a = randomFor(5, 6);
    const b = randomFor(5, 6);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
