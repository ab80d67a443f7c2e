import { describe, expect, it } from 'vitest';
import { DEFAULT_FEED_FILTER } from '../../shared/domain/app-settings.ts';
import type { StrategyLink } from '../../shared/domain/strategy.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { decodeFlowBatch, encodeFlowBatch } from '../../shared/ipc/flows.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { FlowStore } from './flow-store.ts';
import { isStrategyLead, legChipLabel, netDeltaLabel, netPremiumLabel, shownInView } from './strategy-view.ts';

const T0 = 1_732_890_000_000;

function vertical(ids: [string, string]): StrategyLink {
  return {
    id: `S${ids[0]}`,
    type: 'VERTICAL',
    rule: 'STRATEGY_TIME_RATIO',
    legs: [
      { flowId: ids[0], symbol: 'SPY   241129C00450000', expiry: '2024-11-29', strike: 450, right: 'C', direction: 'BUY', size: 10, ratio: 1, premium: 2500 },
      { flowId: ids[1], symbol: 'SPY   241129C00455000', expiry: '2024-11-29', strike: 455, right: 'C', direction: 'SELL', size: 10, ratio: 1, premium: 1000 },
    ],
    netPremium: 1500,
    netDelta: 180,
    sentiment: 'BULLISH',
    reason: 'VERTICAL (STRATEGY_TIME_RATIO): 2 legs on SPY printed within 3 ms',
  };
}

function ids(store: FlowStore): string[] {
  const out: string[] = [];
  for (let i = 0; i < store.visibleCount; i++) out.push(store.visibleAt(i)?.row.id ?? '?');
  return out;
}

describe('strategies in the feed', () => {
  it('shows every leg in the legs view, and one row per strategy at its lead leg in the strategies view', () => {
    const link = vertical(['a', 'b']);
    const a = flowRow({ id: 'a', time: T0, strategy: link });
    const b = flowRow({ id: 'b', time: T0 + 3, strategy: link, version: 2 });
    const single = flowRow({ id: 'c', time: T0 + 5 });
    expect(isStrategyLead(a)).toBe(true);
    expect(isStrategyLead(b)).toBe(false);
    expect(shownInView(b, 'legs')).toBe(true);
    expect(shownInView(b, 'strategies')).toBe(false);
    expect(shownInView(single, 'strategies')).toBe(true);
    const store = new FlowStore();
    store.setFilter(DEFAULT_FEED_FILTER);
    store.apply([a, b, single]);
    expect(ids(store)).toEqual(['c', 'b', 'a']);
    store.setView('strategies');
    expect(ids(store)).toEqual(['c', 'a']);
    store.setView('legs');
    expect(ids(store)).toEqual(['c', 'b', 'a']);
  });

  it('folds legs away as a new version links them, in the strategies view', () => {
    const store = new FlowStore();
    store.setView('strategies');
    store.apply([flowRow({ id: 'a', time: T0, version: 1 }), flowRow({ id: 'b', time: T0 + 3, version: 1 })]);
    expect(ids(store)).toEqual(['b', 'a']);
    const link = vertical(['a', 'b']);
    store.apply([flowRow({ id: 'a', time: T0, version: 2, strategy: link }), flowRow({ id: 'b', time: T0 + 3, version: 2, strategy: link })]);
    expect(ids(store)).toEqual(['a']);
  });

  it('keeps the link through the columnar wire, and its absence', () => {
    const link = vertical(['a', 'b']);
    const rows: FlowRow[] = Array.from({ length: 70 }, (_, i) => flowRow({ id: `r${i}`, ...(i === 3 ? { strategy: link } : {}) }));
    const back = decodeFlowBatch(encodeFlowBatch(rows));
    expect(back[3]?.strategy).toEqual(link);
    expect(back[4]?.strategy).toBeUndefined();
  });

  it('writes net premium, net delta and legs as a trader reads them', () => {
    expect(netPremiumLabel(1500)).toBe('+$1.5K');
    expect(netPremiumLabel(-820)).toBe('−$820');
    expect(netPremiumLabel(null)).toBe('—');
    expect(netDeltaLabel(1250)).toBe('Δ +1,250');
    expect(netDeltaLabel(-40)).toBe('Δ −40');
    expect(netDeltaLabel(null)).toBe('Δ —');
    const [buy, sell] = vertical(['a', 'b']).legs;
    expect(legChipLabel(buy!, false)).toBe('+1 450C');
    expect(legChipLabel(sell!, true)).toBe('−1 455C 11-29');
  });
});
