// Each order style's ground truth must agree with the prints it made and the quote before it.
import { beforeAll, describe, expect, it } from 'vitest';
import { etToEpoch } from '../../../shared/time/eastern.ts';
import type { ParentOrderTruth, SimulatorMarket } from './market.ts';
import { createSimulatedMarket } from './simulated-market.ts';

const START = etToEpoch(2026, 3, 17, 10, 0, 0, 0);
const MINUTES = 10;
const EPS = 1e-9;
let market: SimulatorMarket;
let orders: ParentOrderTruth[];

beforeAll(() => {
  market = createSimulatedMarket({ seed: 2026, start: START, intensity: 2, bookLevels: 10 });
  market.advanceTo(START + MINUTES * 60_000);
  orders = market.truth().filter((o) => o.complete);
});

const ofStyle = (style: ParentOrderTruth['style']) => orders.filter((o) => o.style === style);
const total = (o: ParentOrderTruth) => o.prints.reduce((s, p) => s + p.size, 0);
const shown = (o: ParentOrderTruth) => (o.direction === 'BUY' ? o.quoteBefore.askSize : o.quoteBefore.bidSize);
const crossed = (o: ParentOrderTruth, price: number) =>
  o.direction === 'BUY' ? price >= o.quoteBefore.ask - EPS : price <= o.quoteBefore.bid + EPS;

describe('order flow', () => {
  it('produces every style at a few parent orders a second', () => {
    const perSecond = orders.length / (MINUTES * 60);
    expect(perSecond).toBeGreaterThan(5);
    expect(perSecond).toBeLessThan(10);
    for (const style of ['retail', 'block', 'sweep', 'split', 'repeater', 'spread-leg'] as const) {
      expect(ofStyle(style).length, style).toBeGreaterThan(20);
    }
    expect(new Set(orders.map((o) => o.underlying)).size).toBe(8);
  });

  it('keeps size, premium and times consistent with the prints', () => {
    for (const o of orders) {
      expect(o.prints.length).toBeGreaterThan(0);
      expect(o.size).toBe(total(o));
      const cents = o.prints.reduce((s, p) => s + Math.round(p.price * 100) * p.size, 0);
      expect(o.premium).toBeCloseTo(cents, 6);
      expect(o.start).toBe(o.prints[0]?.time);
      expect(o.end).toBe(o.prints[o.prints.length - 1]?.time);
      for (let i = 1; i < o.prints.length; i++) expect(o.prints[i]?.time).toBeGreaterThanOrEqual(o.prints[i - 1]?.time as number);
      expect(o.aggressive).toBe(o.prints.every((p) => crossed(o, p.price)));
      expect(o.quoteBefore.bid).toBeLessThan(o.quoteBefore.ask);
      expect(o.multiplier).toBe(100);
    }
  });

  it('labels retail orders as singles of 1-20 contracts under the block thresholds', () => {
    for (const o of ofStyle('retail')) {
      expect(o.kind).toBe('SINGLE');
      expect(o.prints).toHaveLength(1);
      expect(o.size).toBeLessThanOrEqual(20);
      expect(o.premium).toBeLessThan(50_000);
      if (o.aggressive) expect(o.size).toBeLessThanOrEqual(shown(o));
    }
    const atTouch = ofStyle('retail').filter((o) => o.aggressive).length;
    expect(atTouch / ofStyle('retail').length).toBeGreaterThan(0.7);
  });

  it('prints blocks once, inside the spread, at 100+ contracts or $50k+', () => {
    for (const o of ofStyle('block')) {
      expect(o.kind).toBe('BLOCK');
      expect(o.prints).toHaveLength(1);
      expect(o.size >= 100 || o.premium >= 50_000).toBe(true);
      const price = o.prints[0]?.price as number;
      expect(price).toBeGreaterThan(o.quoteBefore.bid);
      expect(price).toBeLessThan(o.quoteBefore.ask);
      expect(o.aggressive).toBe(false);
    }
  });

  it('sweeps cross the spread across venues within milliseconds and take more than was shown', () => {
    for (const o of ofStyle('sweep')) {
      expect(o.kind).toBe('SWEEP');
      expect(o.aggressive).toBe(true);
      expect(o.size).toBeGreaterThan(shown(o));
      expect(o.end - o.start).toBeLessThan(100);
      expect(new Set(o.prints.map((p) => p.venue)).size).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < o.prints.length; i++) {
        const [a, b] = [o.prints[i - 1]?.price as number, o.prints[i]?.price as number];
        expect(o.direction === 'BUY' ? b >= a : b <= a).toBe(true);
      }
    }
  });

  it('splits print one price two or more times a few hundred ms apart, and are no sweep', () => {
    for (const o of ofStyle('split')) {
      expect(o.kind).toBe('SPLIT');
      expect(o.prints.length).toBeGreaterThanOrEqual(2);
      expect(new Set(o.prints.map((p) => p.price)).size).toBe(1);
      for (let i = 1; i < o.prints.length; i++) {
        const gap = (o.prints[i]?.time as number) - (o.prints[i - 1]?.time as number);
        expect(gap).toBeGreaterThanOrEqual(300);
        expect(gap).toBeLessThan(1000);
      }
      if (o.aggressive) expect(o.size).toBeLessThanOrEqual(shown(o));
    }
  });

  it('repeaters hit one contract at one price 3+ times within 60 s as separate singles or blocks', () => {
    const groups = new Map<string, ParentOrderTruth[]>();
    for (const o of market.truth().filter((x) => x.style === 'repeater')) {
      groups.set(o.repeaterGroup as string, [...(groups.get(o.repeaterGroup as string) ?? []), o]);
    }
    let full = 0;
    for (const hits of groups.values()) {
      expect(new Set(hits.map((h) => h.symbol)).size).toBe(1);
      expect(new Set(hits.map((h) => h.prints[0]?.price)).size).toBe(1);
      expect((hits[hits.length - 1]?.start as number) - (hits[0]?.start as number)).toBeLessThan(60_000);
      for (let i = 1; i < hits.length; i++) expect((hits[i]?.start as number) - (hits[i - 1]?.end as number)).toBeGreaterThanOrEqual(3_000);
      for (const h of hits) expect(['SINGLE', 'BLOCK']).toContain(h.kind);
      if (hits.length >= 3) full++;
    }
    expect(full / groups.size).toBeGreaterThan(0.8);
  });

  it('spread legs come in pairs on one underlying within 100 ms, each outside its own quote', () => {
    const pairs = new Map<string, ParentOrderTruth[]>();
    for (const o of ofStyle('spread-leg')) pairs.set(o.spreadId as string, [...(pairs.get(o.spreadId as string) ?? []), o]);
    let complete = 0;
    for (const legs of pairs.values()) {
      for (const leg of legs) {
        expect(['SINGLE', 'BLOCK']).toContain(leg.kind);
        const price = leg.prints[0]?.price as number;
        expect(leg.direction === 'BUY' ? price > leg.quoteBefore.ask : price < leg.quoteBefore.bid).toBe(true);
      }
      if (legs.length !== 2) continue;
      complete++;
      const [a, b] = legs as [ParentOrderTruth, ParentOrderTruth];
      expect(a.symbol).not.toBe(b.symbol);
      expect(a.underlying).toBe(b.underlying);
      expect(Math.abs(a.start - b.start)).toBeLessThan(100);
    }
    expect(complete / pairs.size).toBeGreaterThan(0.95);
  });

  it('keeps parent orders on one contract at least 3 s apart, so a 1 s feed can tell them apart', () => {
    const bySymbol = new Map<string, ParentOrderTruth[]>();
    for (const o of market.truth()) bySymbol.set(o.symbol, [...(bySymbol.get(o.symbol) ?? []), o]);
    for (const list of bySymbol.values()) {
      for (let i = 1; i < list.length; i++) {
        expect((list[i]?.start as number) - (list[i - 1]?.end as number)).toBeGreaterThanOrEqual(3_000);
      }
    }
  });

  it('makes some sweeps and blocks whales', () => {
    const whales = orders.filter((o) => o.premium >= 100_000);
    expect(whales.filter((o) => o.kind === 'SWEEP').length).toBeGreaterThan(3);
    expect(whales.filter((o) => o.kind === 'BLOCK').length).toBeGreaterThan(3);
    expect(whales.length / orders.length).toBeLessThan(0.1);
  });
});
