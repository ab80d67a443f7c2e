// The evaluation's cases (step 5 of issue 16): each one's ground truth agrees with what it printed
// and with the real-tape situation it reproduces. The engine never reads any of this.
import { beforeAll, describe, expect, it } from 'vitest';
import { etToEpoch } from '../../shared/time/eastern.ts';
import type { ParentOrderTruth, SimCase } from '../../src-main/simulator/market/market.ts';
import { CaseMarket } from './case-market.ts';

const START = etToEpoch(2026, 3, 17, 10, 0, 0, 0);
const MINUTES = 8;
const EPS = 1e-9;
let market: CaseMarket;
let watched: Set<string>;
let orders: ParentOrderTruth[];
const quoteTimes: { symbol: string; time: number; quoteTime: number }[] = [];

beforeAll(() => {
  market = new CaseMarket({
    seed: 7,
    start: START,
    intensity: 1,
    bookLevels: 1,
    cases: { share: 0.3, weights: { 'conflated-block': 1, 'same-price': 1, 'mid-spread': 1, bust: 1, 'limit-fill': 3 }, quoteMoveChance: 0.02 },
  });
  const symbols: string[] = [];
  for (const u of ['SPY', 'QQQ', 'AAPL']) {
    const chain = market.chain(u, { strikeCount: 8 } as never);
    for (const map of [chain?.callExpDateMap, chain?.putExpDateMap]) {
      for (const byStrike of Object.values(map ?? {}).slice(0, 2)) for (const list of Object.values(byStrike)) symbols.push((list as { symbol: string }[])[0]!.symbol);
    }
  }
  watched = new Set(symbols);
  market.watch(symbols);
  for (let t = START + 250; t <= START + MINUTES * 60_000; t += 250) {
    market.advanceTo(t);
    if (t % 5000 === 0) for (const symbol of symbols.slice(0, 20)) quoteTimes.push({ symbol, time: t, quoteTime: market.optionQuote(symbol)!.quoteTime! });
  }
  orders = market.truth().filter((o) => o.complete);
});

const ofCase = (name: SimCase) => orders.filter((o) => o.case === name);

describe('the case market', () => {
  it('mixes every case into the flow on watched contracts only', () => {
    for (const name of ['quote-move', 'conflated-block', 'same-price', 'mid-spread', 'bust', 'limit-fill'] as const) {
      expect(ofCase(name).length, name).toBeGreaterThan(5);
      for (const o of ofCase(name)) expect(watched.has(o.symbol)).toBe(true);
    }
    expect(orders.filter((o) => o.case === undefined).length).toBeGreaterThan(500);
  });

  it('stamps a quote with when it last changed, never in the future', () => {
    for (const q of quoteTimes) expect(q.quoteTime).toBeLessThanOrEqual(q.time);
    expect(new Set(quoteTimes.map((q) => q.quoteTime)).size).toBeGreaterThan(10);
  });

  it('quote-move: one off-book retail print against the quote in force', () => {
    for (const o of ofCase('quote-move')) {
      expect(o.prints).toHaveLength(1);
      const p = o.prints[0]!;
      const { bid, ask } = o.quoteBefore;
      if (o.aggressive) expect(p.price).toBeCloseTo(o.direction === 'BUY' ? ask : bid, 6);
      else expect(p.price > bid - EPS && p.price < ask + EPS).toBe(true);
    }
  });

  it('conflated-block: a small order then a block within 700 ms, or one order in large pieces', () => {
    const groups = new Map<string, ParentOrderTruth[]>();
    for (const o of ofCase('conflated-block')) groups.set(o.caseGroup!, [...(groups.get(o.caseGroup!) ?? []), o]);
    let pairs = 0;
    let pieces = 0;
    for (const group of groups.values()) {
      if (group.length === 2) {
        pairs++;
        const [small, block] = group as [ParentOrderTruth, ParentOrderTruth];
        expect(small.size).toBeLessThanOrEqual(20);
        expect(block.kind).toBe('BLOCK');
        expect(block.start - small.start).toBeGreaterThanOrEqual(100);
        expect(block.start - small.start).toBeLessThan(700);
      } else {
        pieces++;
        const [o] = group as [ParentOrderTruth];
        expect(o.kind).toBe('SPLIT');
        expect(o.prints.every((p) => p.size >= 100 && Math.abs(p.price - o.prints[0]!.price) < EPS)).toBe(true);
        expect(o.premium).toBeLessThan(100_000);
      }
    }
    expect(pairs).toBeGreaterThan(0);
    expect(pieces).toBeGreaterThan(0);
  });

  it('same-price: two separate orders at one price 700-1,400 ms apart', () => {
    const groups = new Map<string, ParentOrderTruth[]>();
    for (const o of ofCase('same-price')) groups.set(o.caseGroup!, [...(groups.get(o.caseGroup!) ?? []), o]);
    expect(groups.size).toBeGreaterThan(5);
    for (const [a, b] of [...groups.values()].filter((g) => g.length === 2) as [ParentOrderTruth, ParentOrderTruth][]) {
      expect(a.symbol).toBe(b.symbol);
      expect(b.prints[0]!.price).toBeCloseTo(a.prints[0]!.price, 6);
      expect(b.start - a.start).toBeGreaterThanOrEqual(700);
      expect(b.start - a.start).toBeLessThan(1400);
    }
  });

  it('mid-spread: legs on one underlying within 3 ms, at or inside their own quotes, in a simple ratio', () => {
    const legs = new Map<string, ParentOrderTruth[]>();
    for (const o of ofCase('mid-spread')) legs.set(o.spreadId!, [...(legs.get(o.spreadId!) ?? []), o]);
    for (const group of legs.values()) {
      expect(group.length).toBeGreaterThanOrEqual(2);
      expect(new Set(group.map((o) => o.underlying)).size).toBe(1);
      expect(new Set(group.map((o) => o.symbol)).size).toBe(group.length);
      const times = group.map((o) => o.start);
      expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(3);
      const base = Math.min(...group.map((o) => o.size));
      for (const o of group) {
        expect([1, 2]).toContain(o.size / base);
        expect(o.aggressive).toBe(false);
        expect(o.prints[0]!.price > o.quoteBefore.bid && o.prints[0]!.price < o.quoteBefore.ask).toBe(true);
      }
    }
  });

  it('bust: the trade is busted 2-20 s after it printed, and nothing else prints on the contract meanwhile', () => {
    const busted = ofCase('bust').filter((o) => o.bustedAt !== undefined);
    expect(busted.length).toBeGreaterThan(5);
    for (const o of busted) {
      expect(o.bustedAt! - o.end).toBeGreaterThanOrEqual(2000);
      expect(o.bustedAt! - o.end).toBeLessThan(20_000);
      const others = market.truth().filter((x) => x !== o && x.symbol === o.symbol && x.prints.some((p) => p.time > o.start && p.time <= o.bustedAt! + 1000));
      expect(others).toEqual([]);
    }
  });

  it('limit-fill: a whole resting order filled at its own quote, not crossing the spread', () => {
    for (const o of ofCase('limit-fill')) {
      expect(o.style).toBe('limit-fill');
      expect(o.aggressive).toBe(false);
      const q = o.quoteBefore;
      expect(o.size).toBe(o.direction === 'BUY' ? q.bidSize : q.askSize);
      expect(o.prints[0]!.price).toBeCloseTo(o.direction === 'BUY' ? q.bid : q.ask, 6);
    }
  });
});
