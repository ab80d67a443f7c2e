import { describe, expect, it } from 'vitest';
import type { Bar } from '../../shared/domain/market.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { gapMarkerTimes, mergeBars, NetPremiumByMinute } from './net-premium.ts';

const M = 60_000;
const T0 = 1_732_890_000_000 - (1_732_890_000_000 % M);

function bar(time: number, close: number): Bar {
  return { symbol: 'SPY', seq: 1, minuteIndex: 0, time, open: close, high: close, low: close, close, volume: 1, chartDay: 0 };
}

describe('NetPremiumByMinute', () => {
  it('leaves out an earlier day\'s flows shown for their next day\'s check (FLOW-RULES.md §10)', () => {
    const net = new NetPremiumByMinute();
    const nextDay = { label: 'OPENING' as const, oiBefore: 0, oiAfter: 100, change: 100, flowSize: 100, dayTotal: 100, at: T0, source: 'rest' as const, reason: 'NEXT_DAY OPENING' };
    net.apply({ added: [flowRow({ underlying: 'SPY', time: T0 - 86_400_000, premium: 50_000, sentiment: 'BULLISH', nextDay }), flowRow({ underlying: 'SPY', time: T0, premium: 7, sentiment: 'BULLISH' })], updated: [], evicted: [] });
    expect(net.cumulative('SPY', [bar(T0, 1)])).toEqual([{ time: T0 / 1000, value: 7 }]);
  });

  it('accumulates bullish minus bearish premium by minute, carried across bar minutes', () => {
    const net = new NetPremiumByMinute();
    net.apply({
      added: [
        flowRow({ underlying: 'SPY', time: T0 + 5_000, premium: 100_000, sentiment: 'BULLISH' }),
        flowRow({ underlying: 'SPY', time: T0 + 2 * M, premium: 30_000.1, sentiment: 'BEARISH' }),
        flowRow({ underlying: 'SPY', time: T0 + 2 * M + 1, premium: 999, sentiment: 'NEUTRAL' }),
        flowRow({ underlying: 'QQQ', time: T0, premium: 5, sentiment: 'BULLISH' }),
      ],
      updated: [],
      evicted: [],
    });
    const points = net.cumulative('SPY', [bar(T0, 1), bar(T0 + M, 2), bar(T0 + 3 * M, 3)]);
    expect(points).toEqual([
      { time: T0 / 1000, value: 100_000 },
      { time: (T0 + M) / 1000, value: 100_000 },
      { time: (T0 + 2 * M) / 1000, value: 69_999.9 },
      { time: (T0 + 3 * M) / 1000, value: 69_999.9 },
    ]);
  });

  it('swaps a grown flow for its previous version', () => {
    const net = new NetPremiumByMinute();
    const v1 = flowRow({ id: 's', underlying: 'SPY', time: T0, premium: 10_000, sentiment: 'BULLISH' });
    const v2 = { ...v1, premium: 150_000, version: 2 };
    net.apply({ added: [v1], updated: [], evicted: [] });
    const before = net.revision('SPY');
    net.apply({ added: [], updated: [[v1, v2]], evicted: [] });
    expect(net.cumulative('SPY')).toEqual([{ time: T0 / 1000, value: 150_000 }]);
    expect(net.revision('SPY')).toBeGreaterThan(before);
  });
});

describe('mergeBars', () => {
  it('replaces a minute by its later copy and keeps the newest within the cap', () => {
    const merged = mergeBars([bar(T0, 1), bar(T0 + M, 2)], [bar(T0 + M, 5), bar(T0 + 2 * M, 6)], 2);
    expect(merged.map((b) => b.close)).toEqual([5, 6]);
  });
});

describe('gapMarkerTimes', () => {
  it('puts each gap on the first plotted minute at or after it', () => {
    const points = [0, 1, 3].map((m) => ({ time: (T0 + m * M) / 1000, value: 0 }));
    const gaps = [
      { start: T0 + 2 * M + 5_000, end: T0 + 3 * M, reason: 'reconnect' },
      { start: T0 + 30_000, end: null, reason: 'open' },
      { start: T0 + 9 * M, end: null, reason: 'after the data' },
    ];
    expect(gapMarkerTimes(points, gaps)).toEqual([T0 / 1000, (T0 + 3 * M) / 1000]);
  });
});
