import { describe, expect, it } from 'vitest';
import { classifyStrategy, legsLabel, reducedRatio, strategyFigures, type LegInput } from './strategy.ts';

let n = 0;
/** A SPY leg: `600C` style shorthand, direction, size; premium 1.00 a contract unless given. */
function leg(strike: number, right: 'C' | 'P', direction: LegInput['direction'], size: number, extra: Partial<LegInput> = {}): LegInput {
  n++;
  const expiry = extra.expiry ?? '2026-12-18';
  return { flowId: `f${n}`, symbol: `SPY ${expiry} ${strike}${right}`, expiry, strike, right, direction, size, price: 1, premium: size * 100, delta: right === 'C' ? 0.5 : -0.5, sure: true, weight: 1, ...extra };
}

const typeOf = (legs: LegInput[]) => classifyStrategy(legs)?.type ?? null;

describe('strategy shapes (FLOW-RULES.md §8)', () => {
  it('vertical: one right, one expiry, two strikes, 1:1, one bought and one sold', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 10)])).toBe('VERTICAL');
    expect(typeOf([leg(600, 'P', 'SELL', 25), leg(595, 'P', 'BUY', 25)])).toBe('VERTICAL');
    // Both bought is no vertical (and no other shape).
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'BUY', 10)])).toBeNull();
  });

  it('calendar: one strike and right, two expiries, 1:1, opposite', () => {
    expect(typeOf([leg(600, 'C', 'SELL', 20), leg(600, 'C', 'BUY', 20, { expiry: '2027-01-15' })])).toBe('CALENDAR');
    expect(typeOf([leg(600, 'C', 'BUY', 20), leg(600, 'C', 'BUY', 20, { expiry: '2027-01-15' })])).toBeNull();
  });

  it('diagonal: two strikes and two expiries of one right, 1:1, opposite', () => {
    expect(typeOf([leg(600, 'P', 'SELL', 15), leg(595, 'P', 'BUY', 15, { expiry: '2027-01-15' })])).toBe('DIAGONAL');
    expect(typeOf([leg(600, 'P', 'SELL', 15), leg(595, 'P', 'BUY', 30, { expiry: '2027-01-15' })])).toBeNull();
  });

  it('straddle: a call and a put at one strike and expiry, 1:1, the same way', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 40), leg(600, 'P', 'BUY', 40)])).toBe('STRADDLE');
    expect(typeOf([leg(600, 'C', 'SELL', 40), leg(600, 'P', 'SELL', 40)])).toBe('STRADDLE');
    // One bought and one sold at one strike is a synthetic, not a straddle.
    expect(typeOf([leg(600, 'C', 'BUY', 40), leg(600, 'P', 'SELL', 40)])).toBeNull();
  });

  it('strangle: a put below a call, one expiry, 1:1, the same way', () => {
    expect(typeOf([leg(590, 'P', 'BUY', 12), leg(610, 'C', 'BUY', 12)])).toBe('STRANGLE');
    // The put above the call is no strangle.
    expect(typeOf([leg(610, 'P', 'BUY', 12), leg(590, 'C', 'BUY', 12)])).toBeNull();
  });

  it('risk reversal: a put below a call, one bought and one sold', () => {
    expect(typeOf([leg(590, 'P', 'SELL', 30), leg(610, 'C', 'BUY', 30)])).toBe('RISK_REVERSAL');
    expect(typeOf([leg(590, 'P', 'BUY', 30), leg(610, 'C', 'SELL', 30)])).toBe('RISK_REVERSAL');
  });

  it('butterfly: three evenly spaced strikes of one right and expiry, 1:2:1, the body the other way', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 20), leg(610, 'C', 'BUY', 10)])).toBe('BUTTERFLY');
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 20), leg(615, 'C', 'BUY', 10)])).toBeNull();
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 10), leg(610, 'C', 'BUY', 10)])).toBeNull();
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'BUY', 20), leg(610, 'C', 'BUY', 10)])).toBeNull();
  });

  it('condor: four strikes 1:1:1:1, equal wings, the outer pair one way and the inner the other; iron too', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 5), leg(605, 'C', 'SELL', 5), leg(610, 'C', 'SELL', 5), leg(615, 'C', 'BUY', 5)])).toBe('CONDOR');
    expect(typeOf([leg(590, 'P', 'BUY', 8), leg(595, 'P', 'SELL', 8), leg(605, 'C', 'SELL', 8), leg(610, 'C', 'BUY', 8)])).toBe('CONDOR');
    expect(typeOf([leg(600, 'C', 'BUY', 5), leg(605, 'C', 'SELL', 5), leg(610, 'C', 'SELL', 5), leg(620, 'C', 'BUY', 5)])).toBeNull();
  });

  it('ratio: two strikes of one right and expiry in 1:2, 1:3 or 2:3, opposite', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(610, 'C', 'SELL', 20)])).toBe('RATIO');
    expect(typeOf([leg(600, 'P', 'BUY', 20), leg(590, 'P', 'SELL', 30)])).toBe('RATIO');
  });

  it('refuses a ratio that is not simple, one contract twice, or one leg', () => {
    expect(typeOf([leg(600, 'C', 'BUY', 7), leg(605, 'C', 'SELL', 10)])).toBeNull();
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 50)])).toBeNull();
    const a = leg(600, 'C', 'BUY', 10);
    expect(typeOf([a, { ...a, flowId: 'other', direction: 'SELL' }])).toBeNull();
    expect(typeOf([a])).toBeNull();
    expect(reducedRatio([10, 20, 10])).toEqual([1, 2, 1]);
    expect(reducedRatio([12, 18])).toEqual([2, 3]);
    expect(reducedRatio([5, 35])).toBeNull();
  });

  it('gives an unknown leg the direction its shape implies, and refuses a contradiction', () => {
    const c = classifyStrategy([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'UNKNOWN', 10)]);
    expect(c?.type).toBe('VERTICAL');
    expect(c?.directions).toEqual(['BUY', 'SELL']);
    const fly = classifyStrategy([leg(600, 'C', 'UNKNOWN', 10), leg(605, 'C', 'BUY', 20), leg(610, 'C', 'UNKNOWN', 10)]);
    expect(fly?.directions).toEqual(['SELL', 'BUY', 'SELL']);
    expect(typeOf([leg(600, 'C', 'BUY', 10), leg(605, 'C', 'SELL', 20), leg(610, 'C', 'SELL', 10)])).toBeNull();
  });
});

describe('strategy figures', () => {
  it('nets premium paid against received and delta in shares, with the sentiment of the net delta', () => {
    const c = classifyStrategy([leg(600, 'C', 'BUY', 10, { price: 3, premium: 3000, delta: 0.55 }), leg(605, 'C', 'SELL', 10, { price: 1.2, premium: 1200, delta: 0.35 })]);
    if (!c) throw new Error('no vertical');
    // 10 x 0.55 x 100 bought, 10 x 0.35 x 100 sold (the multiplier is premium / (price x size)).
    expect(strategyFigures(c.type, c.legs, c.directions)).toEqual({ netPremium: 1800, netDelta: 200, sentiment: 'BULLISH' });
  });

  it('reads a bought put vertical as bearish, and a straddle or a calendar as neutral whatever their net delta', () => {
    const put = classifyStrategy([leg(600, 'P', 'BUY', 10, { delta: -0.5 }), leg(595, 'P', 'SELL', 10, { delta: -0.3 })]);
    if (!put) throw new Error('no vertical');
    expect(strategyFigures(put.type, put.legs, put.directions)).toMatchObject({ netDelta: -200, sentiment: 'BEARISH' });
    const straddle = classifyStrategy([leg(600, 'C', 'BUY', 10, { delta: 0.56 }), leg(600, 'P', 'BUY', 10, { delta: -0.44 })]);
    if (!straddle) throw new Error('no straddle');
    expect(strategyFigures(straddle.type, straddle.legs, straddle.directions)).toMatchObject({ netDelta: 120, sentiment: 'NEUTRAL' });
    const rr = classifyStrategy([leg(590, 'P', 'SELL', 10, { delta: -0.3 }), leg(610, 'C', 'BUY', 10, { delta: 0.3 })]);
    if (!rr) throw new Error('no risk reversal');
    expect(strategyFigures(rr.type, rr.legs, rr.directions)).toMatchObject({ netDelta: 600, sentiment: 'BULLISH' });
  });

  it('breaks a tie of unsure legs by their side rules: a lean off the midpoint outweighs the depth rule', () => {
    // A put below a call printed at mid: the put read SELL by the midpoint, the call read SELL by depth.
    const c = classifyStrategy([leg(590, 'P', 'SELL', 10, { sure: false, weight: 0.7 }), leg(610, 'C', 'SELL', 10, { sure: false, weight: 0.65 })]);
    expect(c?.type).toBe('STRANGLE');
    const d = classifyStrategy([leg(590, 'P', 'SELL', 10, { sure: false, weight: 0.7 }), leg(610, 'C', 'BUY', 10, { sure: false, weight: 0.65 })]);
    expect(d?.type).toBe('RISK_REVERSAL');
    expect(d?.directions).toEqual(['SELL', 'BUY']);
  });

  it('has no net figures without directions, and no net delta without a leg delta', () => {
    const c = classifyStrategy([leg(600, 'C', 'UNKNOWN', 10), leg(605, 'C', 'UNKNOWN', 10)]);
    if (!c) throw new Error('no vertical');
    expect(strategyFigures(c.type, c.legs, c.directions)).toEqual({ netPremium: null, netDelta: null, sentiment: 'NEUTRAL' });
    const d = classifyStrategy([leg(600, 'C', 'BUY', 10, { delta: null }), leg(605, 'C', 'SELL', 10)]);
    if (!d) throw new Error('no vertical');
    expect(strategyFigures(d.type, d.legs, d.directions)).toMatchObject({ netPremium: 0, netDelta: null, sentiment: 'NEUTRAL' });
  });

  it('labels legs in a trader shorthand', () => {
    const c = classifyStrategy([leg(605, 'C', 'SELL', 20), leg(600, 'C', 'BUY', 10), leg(610, 'C', 'BUY', 10)]);
    if (!c) throw new Error('no butterfly');
    expect(legsLabel(c.legs.map((l, i) => ({ ...l, direction: c.directions[i] as LegInput['direction'], ratio: c.ratio[i] as number })))).toBe('+1 600C / -2 605C / +1 610C');
  });
});
