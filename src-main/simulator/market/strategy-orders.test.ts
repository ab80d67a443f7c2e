import { describe, expect, it } from 'vitest';
import { classifyStrategy, type LegInput } from '../../../shared/analytics/strategy.ts';
import { STRATEGY_TYPES } from '../../../shared/domain/strategy.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import type { ParentOrderTruth } from './market.ts';
import { createSimulatedMarket } from './simulated-market.ts';
import { STRATEGY_SPREAD_MS } from './strategy-orders.ts';

const START = etToEpoch(2026, 3, 17, 10, 0, 0, 0);

function asLeg(t: ParentOrderTruth): LegInput {
  const parsed = tryParseOptionSymbol(t.symbol);
  if (!parsed.ok) throw new Error(t.symbol);
  const { expiry, strike, right } = parsed.contract;
  return { flowId: t.id, symbol: t.symbol, expiry, strike, right, direction: t.direction, size: t.size, price: t.prints[0]?.price ?? 0, premium: t.premium, delta: null, sure: true, weight: 1 };
}

function strategies(truth: readonly ParentOrderTruth[]): Map<string, ParentOrderTruth[]> {
  const out = new Map<string, ParentOrderTruth[]>();
  for (const t of truth) if (t.strategyType !== undefined && t.spreadId !== null) out.set(t.spreadId, [...(out.get(t.spreadId) ?? []), t]);
  return out;
}

describe('multi-leg strategies in the simulated market', () => {
  it('makes every type, legs within the spread time, their truth the shape their contracts, directions and sizes make', () => {
    const market = createSimulatedMarket({ seed: 7, start: START, intensity: 2 });
    market.advanceTo(START + 20 * 60_000);
    const groups = strategies(market.truth());
    expect(groups.size).toBeGreaterThan(100);
    const seen = new Set<string>();
    for (const [id, legs] of groups) {
      const type = legs[0]?.strategyType as string;
      seen.add(type);
      expect(legs.every((l) => l.strategyType === type && l.style === 'strategy-leg' && l.prints.length === 1), id).toBe(true);
      const times = legs.map((l) => l.start);
      expect(Math.max(...times) - Math.min(...times), id).toBeLessThanOrEqual(STRATEGY_SPREAD_MS);
      expect(classifyStrategy(legs.map(asLeg))?.type, `${id}: ${legs.map((l) => `${l.direction} ${l.size} ${l.symbol}`).join(', ')}`).toBe(type);
    }
    expect([...seen].sort()).toEqual([...STRATEGY_TYPES].sort());
  });

  it('scripts a strategy on a contract now, its legs on watched contracts when the first is', () => {
    const market = createSimulatedMarket({ seed: 3, start: START, intensity: 1 });
    const chain = market.chain('SPY', { strikeCount: 10 });
    const calls = Object.values(Object.values(chain?.callExpDateMap ?? {})[0] ?? {}).flat().map((c) => c.symbol);
    market.watch(calls);
    market.advanceTo(START + 5_000);
    const first = calls[2] as string;
    const done = market.scriptStrategy?.({ type: 'BUTTERFLY', symbol: first });
    if (!done?.ok) throw new Error(`refused: ${JSON.stringify(done)}`);
    expect(done.symbols).toHaveLength(3);
    expect(done.symbols[0]).toBe(first);
    expect(done.symbols.every((s) => calls.includes(s))).toBe(true);
    market.advanceTo(START + 6_000);
    const legs = market.truth().filter((t) => t.spreadId === done.id);
    expect(legs.map((l) => l.symbol).sort()).toEqual([...done.symbols].sort());
    expect(legs.every((l) => l.strategyType === 'BUTTERFLY')).toBe(true);
    expect(market.scriptStrategy?.({ type: 'VERTICAL', symbol: 'NOPE  261218C00600000' })).toMatchObject({ ok: false, reason: 'unknown-contract' });
  });
});
