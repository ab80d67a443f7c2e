import { describe, expect, it } from 'vitest';
import { SessionStats, type StatFlow } from './flow-totals.ts';

const flow = (over: Partial<StatFlow> = {}): StatFlow => ({
  id: 'f1',
  time: 0,
  underlying: 'SPY',
  right: 'C',
  size: 10,
  premium: 1000,
  direction: 'BUY',
  sentiment: 'BULLISH',
  whale: false,
  ...over,
});

const zero = { count: 0, contracts: 0, premium: 0 };

describe('SessionStats', () => {
  it('starts empty, with no put/call ratios', () => {
    expect(new SessionStats().totals()).toEqual({
      ...zero,
      calls: zero,
      puts: zero,
      buy: zero,
      sell: zero,
      bullish: zero,
      bearish: zero,
      whales: 0,
      putCallVolume: null,
      putCallPremium: null,
      netPremium: 0,
    });
  });

  it('splits by right, side and sentiment, and counts whales', () => {
    const s = new SessionStats();
    s.add(
      flow({
        id: 'a',
        right: 'C',
        size: 10,
        premium: 1000,
        direction: 'BUY',
        sentiment: 'BULLISH',
      }),
    );
    s.add(
      flow({
        id: 'b',
        right: 'P',
        size: 30,
        premium: 150_000,
        direction: 'BUY',
        sentiment: 'BEARISH',
        whale: true,
      }),
    );
    s.add(
      flow({ id: 'c', right: 'P', size: 5, premium: 500, direction: 'SELL', sentiment: 'BULLISH' }),
    );
    s.add(
      flow({
        id: 'd',
        right: 'C',
        size: 2,
        premium: 300,
        direction: 'UNKNOWN',
        sentiment: 'NEUTRAL',
      }),
    );
    expect(s.totals()).toEqual({
      count: 4,
      contracts: 47,
      premium: 151_800,
      calls: { count: 2, contracts: 12, premium: 1300 },
      puts: { count: 2, contracts: 35, premium: 150_500 },
      buy: { count: 2, contracts: 40, premium: 151_000 },
      sell: { count: 1, contracts: 5, premium: 500 },
      bullish: { count: 2, contracts: 15, premium: 1500 },
      bearish: { count: 1, contracts: 30, premium: 150_000 },
      whales: 1,
      putCallVolume: 35 / 12,
      putCallPremium: 150_500 / 1300,
      netPremium: 1500 - 150_000,
    });
  });

  it('has a premium ratio but no volume ratio only when it should', () => {
    const s = new SessionStats();
    s.add(flow({ right: 'P', size: 4, premium: 200 }));
    expect(s.totals().putCallVolume).toBeNull();
    expect(s.totals().putCallPremium).toBeNull();
    s.add(flow({ id: 'x', right: 'C', size: 2, premium: 100 }));
    expect(s.totals().putCallVolume).toBe(2);
    expect(s.totals().putCallPremium).toBe(2);
  });

  it('swaps a grown flow for its new version', () => {
    const s = new SessionStats();
    const first = flow({ size: 10, premium: 1000, whale: false });
    const grown = flow({ size: 1500, premium: 150_000, whale: true });
    s.add(first);
    s.replace(first, grown);
    const t = s.totals();
    expect(t.count).toBe(1);
    expect(t.contracts).toBe(1500);
    expect(t.premium).toBe(150_000);
    expect(t.whales).toBe(1);
  });

  it('sums cent premiums without drift and cancels them exactly', () => {
    const s = new SessionStats();
    s.add(flow({ id: 'a', premium: 0.1 }));
    s.add(flow({ id: 'b', premium: 0.2 }));
    expect(s.totals().premium).toBe(0.3); // 0.1 + 0.2 is 0.30000000000000004 in doubles
    for (let i = 0; i < 1000; i++)
      s.replace(flow({ id: 'a', premium: 0.1 }), flow({ id: 'a', premium: 0.1 }));
    s.remove(flow({ id: 'a', premium: 0.1 }));
    s.remove(flow({ id: 'b', premium: 0.2 }));
    expect(s.totals().premium).toBe(0);
    expect(s.totals().netPremium).toBe(0);
  });
});
