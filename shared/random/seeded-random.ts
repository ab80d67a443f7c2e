// Seeded randomness for what must be reproducible: the simulator, the reconnect jitter, and tests'
// generated inputs. Here so the main process (src-main/util/random.ts) and shared code's tests
// (shared/analytics/book-timeline.testkit.ts) use one generator.

export type Random = () => number;

/** mulberry32: small, fast, good enough for simulation; returns [0, 1). The same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
