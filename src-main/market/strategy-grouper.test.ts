import { describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/domain/flow.ts';
import type { StrategyLink, StrategyType } from '../../shared/domain/strategy.ts';
import { DEFAULT_FLOW_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { formatSchwabSymbol } from '../../shared/symbols/option-symbol.ts';
import { FrameProcessor } from '../schwab/frame-processor.ts';
import { FlowEngine } from './flow-engine.ts';
import { STRATEGY_MIN_LEG_SIZE, STRATEGY_WINDOW_MS, StrategyGrouper } from './strategy-grouper.ts';

const T0 = Date.UTC(2026, 10, 24, 15, 0, 0);
const NEAR = '2026-12-18';
const FAR = '2027-01-15';
let seq = 0;

interface LegSpec {
  strike: number;
  right: 'C' | 'P';
  dir: 'BUY' | 'SELL';
  size: number;
  expiry?: string;
  underlying?: string;
  at?: number;
  side?: Flow['side'];
}

function flow(l: LegSpec): Flow {
  seq++;
  const underlying = l.underlying ?? 'SPY';
  const expiry = l.expiry ?? NEAR;
  const symbol = formatSchwabSymbol({ root: underlying, expiry, right: l.right, strike: l.strike });
  const row = flowRow({
    id: `1-${String(seq).padStart(6, '0')}`,
    time: T0 + (l.at ?? 0),
    symbol,
    underlying,
    expiry,
    strike: l.strike,
    right: l.right,
    direction: l.dir,
    side: l.side ?? (l.dir === 'BUY' ? 'ASK' : 'BID'),
    size: l.size,
    price: 2,
    premium: l.size * 200,
    delta: l.right === 'C' ? 0.5 : -0.5,
  });
  return { ...row, evidence: { prints: [], reasons: [], kindRule: '' } };
}

/** Feeds flows in order; returns the last link made, and every flow by id. */
function feed(specs: LegSpec[]): { link: StrategyLink | null; links: (StrategyLink | null)[] } {
  const grouper = new StrategyGrouper();
  const held = new Map<string, Flow>();
  const links: (StrategyLink | null)[] = [];
  for (const spec of specs) {
    const f = flow(spec);
    held.set(f.id, f);
    links.push(grouper.add(f, (id) => held.get(id)));
  }
  return { link: links.filter((l) => l !== null).at(-1) ?? null, links };
}

const CASES: [StrategyType, LegSpec[]][] = [
  ['VERTICAL', [{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 10, at: 8 }]],
  ['CALENDAR', [{ strike: 600, right: 'C', dir: 'SELL', size: 20 }, { strike: 600, right: 'C', dir: 'BUY', size: 20, expiry: FAR, at: 3 }]],
  ['DIAGONAL', [{ strike: 600, right: 'P', dir: 'SELL', size: 15 }, { strike: 595, right: 'P', dir: 'BUY', size: 15, expiry: FAR, at: 12 }]],
  ['STRADDLE', [{ strike: 600, right: 'C', dir: 'BUY', size: 40 }, { strike: 600, right: 'P', dir: 'BUY', size: 40, at: 1 }]],
  ['STRANGLE', [{ strike: 590, right: 'P', dir: 'SELL', size: 25 }, { strike: 610, right: 'C', dir: 'SELL', size: 25, at: 5 }]],
  ['RISK_REVERSAL', [{ strike: 590, right: 'P', dir: 'SELL', size: 30 }, { strike: 610, right: 'C', dir: 'BUY', size: 30, at: 5 }]],
  ['BUTTERFLY', [{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 20, at: 4 }, { strike: 610, right: 'C', dir: 'BUY', size: 10, at: 9 }]],
  ['CONDOR', [
    { strike: 600, right: 'P', dir: 'BUY', size: 5 },
    { strike: 605, right: 'P', dir: 'SELL', size: 5, at: 2 },
    { strike: 615, right: 'C', dir: 'SELL', size: 5, at: 6 },
    { strike: 620, right: 'C', dir: 'BUY', size: 5, at: 11 },
  ]],
  ['RATIO', [{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 610, right: 'C', dir: 'SELL', size: 20, at: 14 }]],
];

describe('strategy grouper (FLOW-RULES.md §8)', () => {
  for (const [type, legs] of CASES) {
    it(`groups a ${type.toLowerCase()} printed within the window`, () => {
      const { link } = feed(legs);
      expect(link?.type).toBe(type);
      expect(link?.legs).toHaveLength(legs.length);
      expect(link?.rule).toBe('STRATEGY_TIME_RATIO');
      expect(link?.reason).toMatch(new RegExp(`^${type} \\(STRATEGY_TIME_RATIO\\): ${legs.length} legs on SPY printed within \\d+ ms`));
    });
  }

  it('extends a strategy as its legs arrive, keeping its id: a ratio, then a butterfly', () => {
    const { links } = feed(CASES.find(([t]) => t === 'BUTTERFLY')?.[1] ?? []);
    expect(links[0]).toBeNull();
    expect(links[1]?.type).toBe('RATIO');
    expect(links[2]?.type).toBe('BUTTERFLY');
    expect(links[2]?.id).toBe(links[1]?.id);
  });

  it('reads the legs out of arrival order (updates of different contracts arrive up to a second apart)', () => {
    const { link } = feed([{ strike: 605, right: 'C', dir: 'SELL', size: 10, at: 8 }, { strike: 600, right: 'C', dir: 'BUY', size: 10 }]);
    expect(link).toMatchObject({ type: 'VERTICAL', netPremium: 0, netDelta: 0, sentiment: 'NEUTRAL' });
    expect(link?.legs.map((l) => `${l.direction} ${l.strike}`)).toEqual(['BUY 600', 'SELL 605']);
  });

  it('does not group prints further apart than the window', () => {
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 10, at: STRATEGY_WINDOW_MS + 1 }]).link).toBeNull();
  });

  it('does not group sizes out of a simple ratio, or legs under the smallest size', () => {
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 13, at: 2 }]).link).toBeNull();
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 50, at: 2 }]).link).toBeNull();
    const small = STRATEGY_MIN_LEG_SIZE - 1;
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: small }, { strike: 605, right: 'C', dir: 'SELL', size: small, at: 2 }]).link).toBeNull();
  });

  it('does not group contracts of different underlyings', () => {
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'SELL', size: 10, at: 2, underlying: 'QQQ' }]).link).toBeNull();
  });

  it('does not group unrelated prints in the window that make no shape', () => {
    // Two calls bought together, and a call with a put above it: in the window and 1:1, but no strategy.
    expect(feed([{ strike: 600, right: 'C', dir: 'BUY', size: 10 }, { strike: 605, right: 'C', dir: 'BUY', size: 10, at: 2 }]).link).toBeNull();
    expect(feed([{ strike: 590, right: 'C', dir: 'BUY', size: 10 }, { strike: 610, right: 'P', dir: 'BUY', size: 10, at: 2 }]).link).toBeNull();
  });

  it('leaves a formed strategy alone when an unrelated print lands in its window', () => {
    const { links } = feed([
      { strike: 600, right: 'C', dir: 'BUY', size: 10 },
      { strike: 605, right: 'C', dir: 'SELL', size: 10, at: 3 },
      { strike: 640, right: 'P', dir: 'BUY', size: 7, at: 5 },
    ]);
    expect(links[1]?.type).toBe('VERTICAL');
    expect(links[2]).toBeNull();
  });
});

describe('strategies in the flow engine', () => {
  const CALL = 'SPY   261218C00600000';
  const CALL2 = 'SPY   261218C00605000';

  it('writes the strategy on both legs with its reason, through the real parse stage', () => {
    const processor = new FrameProcessor();
    const engine = new FlowEngine({ sessionId: '1', settings: DEFAULT_FLOW_SETTINGS });
    const latest = new Map<string, Flow>();
    processor.events.on('optionQuote', (u) => engine.onOptionQuote(u));
    engine.on('flow', ({ flow: f }) => latest.set(f.id, f));
    const send = (items: Record<string, unknown>[], at: number) => processor.process(JSON.stringify({ data: [{ service: 'LEVELONE_OPTIONS', timestamp: at, command: 'SUBS', content: items }] }), at);
    for (const [key, delta] of [[CALL, 0.5], [CALL2, 0.4]] as const) {
      send([{ key, delayed: false, assetMainType: 'OPTION', '2': 1.2, '3': 1.3, '4': 1.25, '8': 1000, '9': 5000, '13': 100, '16': 10, '17': 10, '18': 1, '22': 'SPY', '28': delta, '35': 600, '38': T0 - 5000, '39': T0 - 60_000 }], T0 - 5000);
    }
    // Bought at the ask and sold at the bid, 4 ms apart, 20 each: a vertical bought.
    send([{ key: CALL, '4': 1.3, '8': 1020, '18': 20, '39': T0 + 100 }], T0 + 150);
    send([{ key: CALL2, '4': 1.2, '8': 1020, '18': 20, '39': T0 + 104 }], T0 + 900);
    const legs = [...latest.values()];
    expect(legs).toHaveLength(2);
    const [buy, sell] = legs as [Flow, Flow];
    expect(buy.strategy).toEqual(sell.strategy);
    expect(buy.strategy).toMatchObject({ type: 'VERTICAL', netPremium: 2600 - 2400, netDelta: 200, sentiment: 'BULLISH' });
    expect(buy.evidence.reasons).toContain(buy.strategy?.reason);
    expect(sell.evidence.reasons).toContain(buy.strategy?.reason);
    expect(buy.strategy?.reason).toContain('printed within 4 ms');
    // The leg's own sentiment stays its own; the strategy's is on the link.
    expect(sell.sentiment).toBe('BEARISH');
    // A strategy's leg is a multi-leg order for the likely sender (FLOW-RULES.md §9).
    for (const leg of legs) expect(leg.evidence.senderRule).toContain('possible leg of a multi-leg order (+0.3)');
  });
});
