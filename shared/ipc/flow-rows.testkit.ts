// Flow rows for unit tests on both sides: a plausible SPY call sweep, overridable.
import type { FlowRow } from './flows.ts';

let counter = 0;

export function flowRow(overrides: Partial<FlowRow> = {}): FlowRow {
  counter += 1;
  return {
    id: `f${counter}`,
    sessionId: 's1',
    time: 1_732_890_000_000 + counter * 1000,
    lastTime: 1_732_890_000_000 + counter * 1000,
    symbol: 'SPY   241129C00450000',
    underlying: 'SPY',
    expiry: '2024-11-29',
    strike: 450,
    right: 'C',
    size: 50,
    price: 1.25,
    premium: 6250,
    side: 'ASK',
    direction: 'BUY',
    sentiment: 'BULLISH',
    kind: 'SWEEP',
    whale: false,
    moneyness: 'OTM',
    otmPercent: 1.2,
    dte: 3,
    bid: 1.2,
    ask: 1.25,
    underlyingPrice: 444.7,
    openInterest: 1200,
    dayVolume: 900,
    iv: 18.5,
    delta: 0.32,
    conflated: false,
    prints: 2,
    confidence: 0.9,
    sideRule: 'QUOTE',
    kindConfidence: 0.85,
    openingLikely: false,
    unusual: false,
    repeater: false,
    spreadLeg: false,
    delayed: false,
    version: 1,
    ...overrides,
  };
}
