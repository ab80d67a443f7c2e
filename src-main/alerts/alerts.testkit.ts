// A flow and a rule to build alert tests from: one ATM SPY call sweep bought at the ask, and a
// FLOW rule with the open filter (it fires on every flow until narrowed).
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../../shared/domain/app-settings.ts';
import type { Flow } from '../../shared/domain/flow.ts';
import type { AlertRule } from '../../shared/domain/session.ts';
import { AlertEngine } from './alert-rules.ts';

export function testFlow(over: Partial<Flow> = {}): Flow {
  return {
    id: '1-1', sessionId: '1', time: 1000, lastTime: 1000, symbol: 'SPY   261218C00600000', underlying: 'SPY', expiry: '2026-12-18', strike: 600, right: 'C',
    size: 800, price: 1.25, premium: 100_000, side: 'ASK', direction: 'BUY', sentiment: 'BULLISH', kind: 'SWEEP', whale: true, moneyness: 'ATM',
    otmPercent: 0, dte: 24, bid: 1.2, ask: 1.25, underlyingPrice: 600, openInterest: 500, dayVolume: 1800, iv: 22, delta: 0.5, conflated: false,
    prints: 2, confidence: 0.83, sideRule: 'QUOTE', kindConfidence: 0.85, openingLikely: true, unusual: false, repeater: false, spreadLeg: false,
    delayed: false, version: 1, evidence: { prints: [], reasons: [], kindRule: 'PRICE_WALK' }, ...over,
  };
}

export function openFilter(change: Partial<FeedFilter> = {}): FeedFilter {
  const d = DEFAULT_FEED_FILTER;
  return { ...d, rights: [...d.rights], kinds: [...d.kinds], sides: [...d.sides], moneyness: [...d.moneyness], symbols: [], volatility: { ...d.volatility }, ...change };
}

export function flowRule(over: Partial<AlertRule> = {}, filter: Partial<FeedFilter> = {}): AlertRule {
  return { id: 'r', kind: 'FLOW', enabled: true, symbols: [], threshold: null, kinds: [], sound: 'premium', filter: openFilter(filter), ...over };
}

export function engineOf(rules: AlertRule[], watchlist: string[] = []): AlertEngine {
  return new AlertEngine({ sessionId: '1', rules: () => rules, watchlist: () => new Set(watchlist) });
}
