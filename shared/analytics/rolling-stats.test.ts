import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RollingStats, StatsByUnderlying } from './rolling-stats.ts';
import type { FlowTotals, StatFlow, Tally } from './flow-totals.ts';
import { sentimentOf, type Direction } from '../domain/flow.ts';
import type { RollingSettings } from '../domain/settings.ts';
import type { Right } from '../domain/market.ts';

let nextId = 0;
const flow = (time: number, over: Partial<StatFlow> = {}): StatFlow => ({
  id: `f${nextId++}`,
  time,
  underlying: 'SPY',
  right: 'C',
  size: 1,
  premium: 100,
  direction: 'BUY',
  sentiment: 'BULLISH',
  whale: false,
  ...over,
});

const SECOND: RollingSettings = { windowMs: 5000, bucketMs: 1000 }; // 5 buckets of 1 s

describe('RollingStats window', () => {
  it('counts a flow from its bucket until n buckets later', () => {
    const r = new RollingStats(SECOND);
    r.advance(10_000);
    r.add(flow(10_500));
    expect(r.totals(10_999).count).toBe(1);
    expect(r.totals(14_999).count).toBe(1); // bucket 14: 14 - 5 < 10
    expect(r.totals(15_000).count).toBe(0); // bucket 15: 15 - 5 = 10, out
  });

  it('ignores a flow already older than the window on add', () => {
    const r = new RollingStats(SECOND);
    r.advance(20_000);
    r.add(flow(15_999)); // bucket 15 = 20 - 5: out
    r.add(flow(16_000)); // bucket 16: in
    expect(r.totals(20_000).count).toBe(1);
  });

  it('files a late flow in its own bucket, so it expires on its own time', () => {
    const r = new RollingStats(SECOND);
    r.add(flow(13_000, { size: 7 }));
    r.totals(13_000);
    r.add(flow(11_200, { size: 3 })); // late but inside the window
    expect(r.totals(13_000).contracts).toBe(10);
    expect(r.totals(16_000).contracts).toBe(7); // bucket 11 left at 16
    expect(r.totals(18_000).contracts).toBe(0);
  });

  it('holds a flow ahead of the clock until its bucket comes', () => {
    const r = new RollingStats(SECOND);
    r.advance(10_000);
    r.add(flow(12_100, { size: 4 }));
    expect(r.totals(11_999).contracts).toBe(0);
    expect(r.totals(12_000).contracts).toBe(4);
    expect(r.totals(16_999).contracts).toBe(4);
    expect(r.totals(17_000).contracts).toBe(0);
  });

  it('keeps no pending bucket once its flows are taken back or admitted', () => {
    const r = new RollingStats(SECOND);
    r.advance(0);
    const early = flow(3000);
    r.add(early);
    r.add(flow(4000));
    expect(r.pendingBuckets).toBe(2);
    r.remove(early);
    expect(r.pendingBuckets).toBe(1);
    r.advance(4000);
    expect(r.pendingBuckets).toBe(0);
  });

  it('drops a flow that was ahead of the clock if the clock jumps past its window', () => {
    const r = new RollingStats(SECOND);
    r.advance(0);
    r.add(flow(3000));
    expect(r.totals(100_000).count).toBe(0);
    expect(r.totals(103_000).count).toBe(0);
  });

  it('ignores time going backwards: the window keeps its latest position', () => {
    const r = new RollingStats(SECOND);
    r.add(flow(10_000));
    r.add(flow(20_000));
    expect(r.totals(20_000).count).toBe(1);
    expect(r.totals(11_000).count).toBe(1); // still the window at 20 s
    r.add(flow(19_000));
    expect(r.totals(21_000).count).toBe(2);
  });

  it('clears everything on a jump longer than the window', () => {
    const r = new RollingStats(SECOND);
    for (let t = 0; t < 5000; t += 250) r.add(flow(t));
    expect(r.totals(4999).count).toBe(20);
    expect(r.totals(3_600_000).count).toBe(0);
  });

  it('replaces a grown flow, and drops it entirely once expired', () => {
    const r = new RollingStats(SECOND);
    const first = flow(1000, { id: 'x', size: 10, premium: 1000 });
    const grown = { ...first, size: 200, premium: 120_000, whale: true };
    r.add(first);
    r.replace(first, grown);
    const t = r.totals(1500);
    expect([t.count, t.contracts, t.premium, t.whales]).toEqual([1, 200, 120_000, 1]);
    expect(r.totals(6000).count).toBe(0);
    r.replace(grown, { ...grown, size: 300 }); // old version expired: nothing to take back
    expect(r.totals(6000).count).toBe(0);
  });

  it('uses the default 5-minute window with 1-second buckets', () => {
    const r = new RollingStats({ windowMs: 300_000, bucketMs: 1000 });
    const t0 = Date.UTC(2026, 0, 16, 15, 0, 0);
    r.add(flow(t0));
    expect(r.totals(t0 + 299_999).count).toBe(1);
    expect(r.totals(t0 + 300_000).count).toBe(0);
  });

  it('rejects a window that is not a whole number of buckets', () => {
    expect(() => new RollingStats({ windowMs: 5000, bucketMs: 3000 })).toThrow(RangeError);
    expect(() => new RollingStats({ windowMs: 5000, bucketMs: 0 })).toThrow(RangeError);
    expect(() => new RollingStats({ windowMs: 0, bucketMs: 1000 })).toThrow(RangeError);
  });
});

describe('StatsByUnderlying', () => {
  it('keeps overall and per-underlying totals, creating them on first use', () => {
    const s = new StatsByUnderlying(SECOND);
    expect(s.underlyings()).toEqual([]);
    s.add(flow(1000, { underlying: 'SPY', size: 2 }));
    s.add(flow(1200, { underlying: 'QQQ', size: 3 }));
    s.add(flow(1300, { underlying: 'SPY', size: 5 }));
    expect(s.underlyings()).toEqual(['SPY', 'QQQ']);
    expect(s.rolling(2000).contracts).toBe(10);
    expect(s.rolling(2000, 'SPY').contracts).toBe(7);
    expect(s.rolling(2000, 'QQQ').contracts).toBe(3);
    expect(s.rolling(2000, 'IWM').count).toBe(0);
    expect(s.underlyings()).toEqual(['SPY', 'QQQ']);
    expect(s.rolling(9000).contracts).toBe(0);
    expect(s.session().contracts).toBe(10);
    expect(s.session('SPY').contracts).toBe(7);
    expect(s.session('IWM').count).toBe(0);
  });

  it('shares one clock: asking one underlying moves the window of all', () => {
    const s = new StatsByUnderlying(SECOND);
    s.add(flow(1000, { underlying: 'SPY' }));
    expect(s.rolling(60_000, 'QQQ').count).toBe(0);
    expect(s.rolling(1000, 'SPY').count).toBe(0); // the clock is at 60 s now
  });
});

// ---- Brute force: recount the current version of every flow with the exact window rule. ----

const tally = (flows: StatFlow[]): Tally => ({
  count: flows.length,
  contracts: flows.reduce((sum, f) => sum + f.size, 0),
  premium: flows.reduce((sum, f) => sum + f.premium, 0),
});

function recount(flows: StatFlow[]): FlowTotals {
  const calls = tally(flows.filter((f) => f.right === 'C'));
  const puts = tally(flows.filter((f) => f.right === 'P'));
  const bullish = tally(flows.filter((f) => f.sentiment === 'BULLISH'));
  const bearish = tally(flows.filter((f) => f.sentiment === 'BEARISH'));
  return {
    ...tally(flows),
    calls,
    puts,
    buy: tally(flows.filter((f) => f.direction === 'BUY')),
    sell: tally(flows.filter((f) => f.direction === 'SELL')),
    bullish,
    bearish,
    whales: flows.filter((f) => f.whale).length,
    putCallVolume: calls.contracts === 0 ? null : puts.contracts / calls.contracts,
    putCallPremium: calls.premium === 0 ? null : puts.premium / calls.premium,
    netPremium: bullish.premium - bearish.premium,
  };
}

function inWindow(f: StatFlow, clock: number, { windowMs, bucketMs }: RollingSettings): boolean {
  const b = Math.floor(f.time / bucketMs);
  const now = Math.floor(clock / bucketMs);
  return b > now - windowMs / bucketMs && b <= now;
}

type Op =
  | {
      op: 'add';
      dt: number;
      size: number;
      premium: number;
      right: Right;
      direction: Direction;
      whale: boolean;
      underlying: string;
    }
  | {
      op: 'replace';
      pick: number;
      grow: number;
      premium: number;
      moveTime: number | null;
      whale: boolean;
    }
  | { op: 'tick'; dt: number };

// Mostly steps within [min, max] (in windows), sometimes huge jumps either way.
const step = (scale: number, min: number, max: number) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc.integer({ min: Math.floor(min * scale), max: Math.ceil(max * scale) }),
    },
    { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  );

const ops = (scale: number): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      // Flows land around the clock: late (out of order), on time, or a little ahead of it.
      fc.record({
        op: fc.constant('add' as const),
        dt: step(scale, -1.2, 0.5),
        size: fc.integer({ min: 1, max: 500 }),
        premium: fc.integer({ min: 0, max: 200_000 }), // whole dollars: sums are exact
        right: fc.constantFrom<Right>('C', 'P'),
        direction: fc.constantFrom<Direction>('BUY', 'SELL', 'UNKNOWN'),
        whale: fc.boolean(),
        underlying: fc.constantFrom('SPY', 'QQQ', 'TSLA'),
      }),
      fc.record({
        op: fc.constant('replace' as const),
        pick: fc.nat(),
        grow: fc.integer({ min: 0, max: 100 }),
        premium: fc.integer({ min: 0, max: 50_000 }),
        moveTime: fc.option(step(scale, -0.5, 0.5), { nil: null, freq: 5 }),
        whale: fc.boolean(),
      }),
      // The clock mostly creeps forward, sometimes steps back.
      fc.record({ op: fc.constant('tick' as const), dt: step(scale, -0.3, 0.6) }),
    ),
    { minLength: 10, maxLength: 150, size: 'max' },
  );

const settingsArb = fc
  .tuple(fc.constantFrom(1, 7, 10, 1000), fc.integer({ min: 1, max: 8 }))
  .map(([bucketMs, n]): RollingSettings => ({ bucketMs, windowMs: bucketMs * n }));

const startArb = fc.constantFrom(0, -12_345, 1_768_575_600_000);

/** Runs a stream against `apply`, handing each query the brute-force view of the flows. */
function run(
  start: number,
  stream: Op[],
  apply: {
    add(f: StatFlow): void;
    replace(prev: StatFlow, next: StatFlow): void;
    check(now: number, clock: number, current: StatFlow[]): void;
  },
): void {
  const current = new Map<string, StatFlow>();
  let cursor = start; // the latest `now` given, which may go backwards
  let clock = Number.NEGATIVE_INFINITY; // the latest `now` ever given
  let id = 0;
  for (const s of stream) {
    if (s.op === 'tick') {
      cursor += s.dt;
      clock = Math.max(clock, cursor);
      apply.check(cursor, clock, [...current.values()]);
    } else if (s.op === 'add') {
      const f: StatFlow = {
        id: `f${id++}`,
        time: cursor + s.dt,
        underlying: s.underlying,
        right: s.right,
        size: s.size,
        premium: s.premium,
        direction: s.direction,
        sentiment: sentimentOf(s.right, s.direction),
        whale: s.whale,
      };
      current.set(f.id, f);
      apply.add(f);
    } else if (current.size > 0) {
      const prev = [...current.values()][s.pick % current.size] as StatFlow;
      const next: StatFlow = {
        ...prev,
        size: prev.size + s.grow,
        premium: prev.premium + s.premium,
        whale: prev.whale || s.whale,
        time: s.moveTime === null ? prev.time : prev.time + s.moveTime,
      };
      current.set(prev.id, next);
      apply.replace(prev, next);
    }
  }
}

// A window setting with a stream of operations scaled to it.
const scenario = settingsArb.chain((settings) =>
  fc.record({ settings: fc.constant(settings), start: startArb, stream: ops(settings.windowMs) }),
);

describe('rolling statistics against a brute-force recount', () => {
  it('RollingStats.totals(now) equals a recount of the window, field for field', () => {
    fc.assert(
      fc.property(scenario, ({ settings, start, stream }) => {
        const stats = new RollingStats(settings);
        run(start, stream, {
          add: (f) => stats.add(f),
          replace: (prev, next) => stats.replace(prev, next),
          check: (now, clock, current) => {
            const windowed = current.filter((f) => inWindow(f, clock, settings));
            expect(stats.totals(now)).toEqual(recount(windowed));
          },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('StatsByUnderlying agrees with a recount overall, per underlying, and for the session', () => {
    fc.assert(
      fc.property(scenario, ({ settings, start, stream }) => {
        const stats = new StatsByUnderlying(settings);
        run(start, stream, {
          add: (f) => stats.add(f),
          replace: (prev, next) => stats.replace(prev, next),
          check: (now, clock, current) => {
            const windowed = current.filter((f) => inWindow(f, clock, settings));
            expect(stats.rolling(now)).toEqual(recount(windowed));
            expect(stats.session()).toEqual(recount(current));
            for (const u of ['SPY', 'QQQ', 'TSLA']) {
              expect(stats.rolling(now, u)).toEqual(
                recount(windowed.filter((f) => f.underlying === u)),
              );
              expect(stats.session(u)).toEqual(recount(current.filter((f) => f.underlying === u)));
            }
          },
        });
      }),
      { numRuns: 400 },
    );
  });
});
